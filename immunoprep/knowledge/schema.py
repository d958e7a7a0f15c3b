"""The shapes of knowledge-base content, as frozen dataclasses."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date


def gettext_noop(text: str) -> str:
    """Marks a name for translation (Django's makemessages finds it) without needing Django here:
    pages show it through gettext in the reader's language."""
    return text


TOPICS = (
    "is-it-for-me",
    "how-it-works",
    "tests",
    "goals",
    "schedule",
    "side-effects",
    "other-conditions",
    "daily-life",
    "vaccines",
    "fertility",
    "cost",
    "trials",
    "after",
    "caregiving",
)
TOPIC_NAMES = {
    "is-it-for-me": gettext_noop("Is it an option for me?"),
    "how-it-works": gettext_noop("How it works"),
    "tests": gettext_noop("Tests and results"),
    "goals": gettext_noop("Goals and what to expect"),
    "schedule": gettext_noop("Schedule and getting treatment"),
    "side-effects": gettext_noop("Side effects and who to call"),
    "other-conditions": gettext_noop("Other health conditions and medicines"),
    "daily-life": gettext_noop("Daily life, work and travel"),
    "vaccines": gettext_noop("Vaccines"),
    "fertility": gettext_noop("Fertility, pregnancy and sex"),
    "cost": gettext_noop("Cost and insurance"),
    "trials": gettext_noop("Clinical trials"),
    "after": gettext_noop("After treatment"),
    "caregiving": gettext_noop("For caregivers"),
    "own": gettext_noop("My own questions"),
    "clinic": gettext_noop("Suggested by your clinic"),
}
EXPLANATION_TOPICS = (
    "basics",
    "therapy",
    "cancer",
    "biomarker",
    "combination",
    "side-effects",
    "response",
    "trials",
)
URGENCIES = ("emergency", "call-now", "next-visit")
URGENCY_NAMES = {
    "emergency": gettext_noop("Call the emergency number now"),
    "call-now": gettext_noop("Call your care team right away, day or night"),
    "next-visit": gettext_noop("Tell your care team at your next visit"),
}
# Instructions that are not symptoms ("tell any doctor you had immunotherapy") carry this
# urgency: they are shown in their own short box, never inside a tier.
ALWAYS = "always"

# Who may be cited, and where their pages live. A clinic reads this list before it endorses
# a guide: only publishers a nurse educator would sign, each tied to its own web hosts so a
# mirror or a copy cannot pass under a good name. Peer-reviewed papers are cited by DOI or
# PubMed id instead (PAPER_HOSTS), with the journal as publisher.
PUBLISHERS = {
    "National Cancer Institute": ("cancer.gov",),
    "U.S. Food and Drug Administration": ("fda.gov",),
    "DailyMed": ("dailymed.nlm.nih.gov",),
    "MedlinePlus": ("medlineplus.gov",),
    "National Comprehensive Cancer Network": ("nccn.org",),
    "American Society of Clinical Oncology": ("asco.org", "cancer.net", "ascopubs.org"),
    "American Cancer Society": ("cancer.org",),
    "Society for Immunotherapy of Cancer": ("sitcancer.org", "jitc.bmj.com"),
    "European Society for Medical Oncology": ("esmo.org",),
    "American Society for Transplantation and Cellular Therapy": ("astct.org",),
    "Oncology Nursing Society": ("ons.org",),
    "American Society of Hematology": ("hematology.org", "ashpublications.org"),
    "Agency for Healthcare Research and Quality": ("ahrq.gov",),
    "Centers for Disease Control and Prevention": ("cdc.gov",),
    "NHS": ("nhs.uk",),
    "Royal Free London NHS Foundation Trust": ("nhs.uk",),
    "University College London Hospitals NHS Foundation Trust": ("nhs.uk",),
    "Cancer Research UK": ("cancerresearchuk.org",),
    "Macmillan Cancer Support": ("macmillan.org.uk",),
    "Canadian Cancer Society": ("cancer.ca",),
    "Cancer Council NSW": ("cancercouncil.com.au",),
    "eviQ, Cancer Institute NSW": ("eviq.org.au",),
    "Memorial Sloan Kettering Cancer Center": ("mskcc.org",),
    "Dana-Farber Cancer Institute": ("dana-farber.org",),
    "Mayo Clinic": ("mayoclinic.org",),
    "MD Anderson Cancer Center": ("mdanderson.org",),
    "Cleveland Clinic": ("clevelandclinic.org",),
    "Johns Hopkins Medicine": ("hopkinsmedicine.org",),
    "Moffitt Cancer Center": ("moffitt.org",),
}
PAPER_HOSTS = ("doi.org", "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov")
SYSTEMS = (
    "general",
    "heart",
    "lungs",
    "neuro",
    "crs",
    "infusion",
    "infection",
    "gut",
    "liver",
    "hormones",
    "diabetes",
    "kidneys",
    "nerves-muscles",
    "eyes",
    "skin",
    "joints",
    "blood",
    "bladder",
    "flu-like",
)
SYSTEM_NAMES = {
    "general": gettext_noop("Anywhere in the body"),
    "heart": gettext_noop("Heart"),
    "lungs": gettext_noop("Breathing and lungs"),
    "neuro": gettext_noop("Brain and thinking"),
    "crs": gettext_noop("Fever and chills after cell or bispecific treatment"),
    "infusion": gettext_noop("During or after a drip"),
    "infection": gettext_noop("Infection"),
    "gut": gettext_noop("Stomach and bowels"),
    "liver": gettext_noop("Liver"),
    "hormones": gettext_noop("Hormones"),
    "diabetes": gettext_noop("Blood sugar"),
    "kidneys": gettext_noop("Kidneys"),
    "nerves-muscles": gettext_noop("Nerves and muscles"),
    "eyes": gettext_noop("Eyes"),
    "skin": gettext_noop("Skin and mouth"),
    "joints": gettext_noop("Joints"),
    "blood": gettext_noop("Blood and bleeding"),
    "bladder": gettext_noop("Bladder"),
    "flu-like": gettext_noop("Flu-like feelings"),
}
THERAPY_GROUPS = ("checkpoint", "cell", "antibody", "other", "combination", "unsure")
THERAPY_GROUP_NAMES = {
    "checkpoint": gettext_noop("Checkpoint inhibitors"),
    "cell": gettext_noop("Cell therapies"),
    "antibody": gettext_noop("Antibodies"),
    "other": gettext_noop("Other immunotherapies"),
    "combination": gettext_noop("Given together with"),
    "unsure": gettext_noop("Not sure"),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    accessed: date
    date: str = ""  # published or updated, as the page shows it ("2024-04", "2024-04-18"); "" when none
    doi: str = ""
    pmid: str = ""

    @property
    def title_sentence(self) -> str:
        """The title ending in one full stop (a title may end in its own question mark)."""
        return self.title if self.title.endswith((".", "?", "!")) else f"{self.title}."

    @property
    def date_label(self) -> str:
        """ "18 Apr 2024", "Apr 2024" or "2024": as much as the page showed."""
        parts = self.date.split("-")
        try:
            day = date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        except (ValueError, IndexError):
            return self.date
        return day.strftime(("%-d %b %Y", "%Y", "%b %Y")[len(parts) % 3])


@dataclass(frozen=True, slots=True)
class Drug:
    generic: str
    brand: str
    therapies: tuple[str, ...]
    cancers: tuple[str, ...] = ()  # cancer slugs it is approved for (or used with an immunotherapy for)
    aliases: tuple[str, ...] = ()  # other brands, biosimilars, short names people hear ("cilta-cel")

    @property
    def label(self) -> str:
        return f"{self.generic} ({self.brand})" if self.brand else self.generic

    @property
    def name(self) -> str:
        """As people say it: the brand they hear in clinic first."""
        return f"{self.brand} ({self.generic})" if self.brand else self.generic

    @property
    def slug(self) -> str:
        """How content and links name the drug: the generic name, lower case, hyphens."""
        return "-".join(self.generic.lower().split())


@dataclass(frozen=True, slots=True)
class Option:
    """A choice the user makes: biomarker, concern or role."""

    slug: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cancer:
    slug: str
    name: str
    description: str
    aliases: tuple[str, ...]
    therapies: tuple[str, ...]
    biomarkers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Therapy:
    slug: str
    name: str
    group: str
    description: str
    includes: tuple[str, ...]
    immunotherapy: bool
    drugs: tuple[Drug, ...] = ()


@dataclass(frozen=True, slots=True)
class Family:
    slug: str
    name: str
    therapies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tags:
    """Who an item applies to. An empty set means everyone."""

    therapies: frozenset[str] = frozenset()
    cancers: frozenset[str] = frozenset()
    biomarkers: frozenset[str] = frozenset()
    concerns: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    # Drug slugs: for what one drug's label says (its boxed warnings, its rules). Shown when
    # that drug is named, or when its class is chosen and no drug of the class is named.
    drugs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Explanation:
    id: str
    title: str
    topic: str
    summary: str
    body: str
    tags: Tags
    sources: tuple[str, ...]
    reviewed: date
    # The same text written to a caregiver about "the person you care for"; "" = use the above.
    caregiver_summary: str = ""
    caregiver_body: str = ""

    def summary_for(self, role: str) -> str:
        return self.caregiver_summary if role == "caregiver" and self.caregiver_summary else self.summary

    def paragraphs_for(self, role: str) -> list[str]:
        body = self.caregiver_body if role == "caregiver" and self.caregiver_body else self.body
        return [p.strip() for p in body.strip().split("\n\n") if p.strip()]

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.summary}\n{self.body}"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    why: str
    topic: str
    priority: int
    tags: Tags
    sources: tuple[str, ...]
    reviewed: date
    caregiver_text: str = ""  # the same question in a caregiver's voice ("their", "the person I care for")
    safety: bool = False  # about when and whom to call: wins ties in the ranking

    def text_for(self, role: str) -> str:
        return self.caregiver_text if role == "caregiver" and self.caregiver_text else self.text


@dataclass(frozen=True, slots=True)
class WarningSign:
    id: str
    system: str
    urgency: str
    text: str
    tags: Tags
    sources: tuple[str, ...]
    reviewed: date
    short: str = ""  # a few words for the one-glance summary ("new or worse cough")
    caregiver_text: str = ""  # written to a caregiver about "the person you care for"
    caregiver_short: str = ""

    def text_for(self, role: str) -> str:
        return self.caregiver_text if role == "caregiver" and self.caregiver_text else self.text

    def short_for(self, role: str) -> str:
        return self.caregiver_short if role == "caregiver" and self.caregiver_short else self.short


@dataclass(frozen=True, slots=True)
class DiaryColumn:
    """One column of the printed symptom diary, and when what is written there means "call"."""

    id: str
    label: str  # what to write down, a few plain words
    header: str  # the printed column's heading
    how: str  # one sentence: how to fill it in
    call_if: str  # the level at which to call the care team right away; "" when sources give none
    call_if_mild: bool  # sources say to report it right away at any level
    order: int
    tags: Tags
    sources: tuple[str, ...]
    reviewed: date
    caregiver_how: str = ""

    def how_for(self, role: str) -> str:
        return self.caregiver_how if role == "caregiver" and self.caregiver_how else self.how


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    definition: str
    matches: tuple[str, ...]
    sources: tuple[str, ...]
    reviewed: date


@dataclass(frozen=True, slots=True)
class Profile:
    """What the user told us. Slugs only; validated against the knowledge base."""

    cancer: str = "other"
    therapies: tuple[str, ...] = ()
    biomarkers: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    role: str = "patient"
    drugs: tuple[str, ...] = ()  # drug slugs the person named; narrows drug-specific warnings


@dataclass(frozen=True, eq=False)  # identity: one per process, used as a cache key
class KnowledgeBase:
    version: str
    lang: str
    sources: dict[str, Source]
    cancers: dict[str, Cancer]
    therapies: dict[str, Therapy]
    families: dict[str, Family]
    biomarkers: dict[str, Option]
    concerns: dict[str, Option]
    roles: dict[str, Option]
    drugs: tuple[Drug, ...]
    explanations: tuple[Explanation, ...]
    questions: tuple[Question, ...]
    warning_signs: tuple[WarningSign, ...]
    terms: tuple[Term, ...]
    diary_columns: tuple[DiaryColumn, ...] = ()

    def expand_therapies(self, slugs) -> frozenset[str]:
        """The chosen therapies plus everything they bring along (dual -> PD-1 + CTLA-4)."""
        seen: set[str] = set()
        todo = [s for s in slugs if s in self.therapies]
        while todo:
            slug = todo.pop()
            if slug not in seen:
                seen.add(slug)
                todo.extend(self.therapies[slug].includes)
        return frozenset(seen)

    def clean_profile(self, profile: Profile) -> tuple[Profile, list[str]]:
        """Drop unknown slugs; return the cleaned profile and what was dropped."""
        dropped: list[str] = []

        def keep(values, known):
            kept = []
            for v in values:
                if v in known and v not in kept:
                    kept.append(v)
                elif v not in known:
                    dropped.append(v)
            return tuple(kept)

        cancer = profile.cancer if profile.cancer in self.cancers else "other"
        if profile.cancer not in self.cancers:
            dropped.append(profile.cancer)
        role = profile.role if profile.role in self.roles else "patient"
        cleaned = Profile(
            cancer=cancer,
            therapies=keep(profile.therapies, self.therapies),
            biomarkers=keep(profile.biomarkers, self.biomarkers),
            concerns=keep(profile.concerns, self.concerns),
            role=role,
            drugs=keep(profile.drugs, self.drug_by_slug),
        )
        return cleaned, dropped

    @functools.cached_property
    def drug_by_slug(self) -> dict[str, Drug]:
        return {d.slug: d for d in self.drugs}
