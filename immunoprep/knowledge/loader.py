"""Read the TOML knowledge files, validate them strictly, and build a KnowledgeBase.

Every problem is collected and reported together, each naming its file and entry, so a
reviewer fixes a pull request in one pass.
"""

from __future__ import annotations

import functools
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from immunoprep.knowledge import translation
from immunoprep.knowledge.schema import (
    ALWAYS,
    EXPLANATION_TOPICS,
    PAPER_HOSTS,
    PUBLISHERS,
    SLUG,
    SYSTEMS,
    THERAPY_GROUPS,
    TOPICS,
    URGENCIES,
    Cancer,
    DiaryColumn,
    Drug,
    Explanation,
    Family,
    KnowledgeBase,
    Option,
    Question,
    Source,
    Tags,
    Term,
    Therapy,
    WarningSign,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
MAX_QUESTION_WORDS = 20
MAX_DIARY_HEADER = 14  # the printed diary has up to ten narrow columns

# Fields each kind of table may carry: name -> (type, required).
_TAG_FIELDS = {k: (list, False) for k in ("therapies", "cancers", "biomarkers", "concerns", "roles", "drugs")}
_CONTENT = {"id": (str, True), "sources": (list, True), "reviewed": (date, True)}
FIELDS = {
    "meta": {"version": (str, True)},
    "source": {
        "id": (str, True),
        "title": (str, True),
        "publisher": (str, True),
        "url": (str, True),
        "accessed": (date, True),
        "date": (str, False),
        "doi": (str, False),
        "pmid": (str, False),
    },
    "cancer": {
        "slug": (str, True),
        "name": (str, True),
        "description": (str, True),
        "aliases": (list, False),
        "therapies": (list, True),
        "biomarkers": (list, False),
    },
    "therapy": {
        "slug": (str, True),
        "name": (str, True),
        "group": (str, True),
        "description": (str, True),
        "includes": (list, False),
        "immunotherapy": (bool, True),
    },
    "drug": {
        "generic": (str, True),
        "brand": (str, False),
        "therapies": (list, True),
        "cancers": (list, False),
        "aliases": (list, False),
    },
    "family": {"slug": (str, True), "name": (str, True), "therapies": (list, True)},
    "biomarker": {
        "slug": (str, True),
        "name": (str, True),
        "description": (str, True),
        "aliases": (list, False),
    },
    "concern": {"slug": (str, True), "name": (str, True), "description": (str, True)},
    "role": {"slug": (str, True), "name": (str, True), "description": (str, True)},
    "explanation": {
        **_CONTENT,
        **_TAG_FIELDS,
        "title": (str, True),
        "topic": (str, True),
        "summary": (str, True),
        "body": (str, True),
        "caregiver_summary": (str, False),
        "caregiver_body": (str, False),
    },
    "question": {
        **_CONTENT,
        **_TAG_FIELDS,
        "text": (str, True),
        "caregiver_text": (str, False),
        "safety": (bool, False),
        "why": (str, True),
        "topic": (str, True),
        "priority": (int, True),
    },
    "warning_sign": {
        **_CONTENT,
        "therapies": (list, False),
        "drugs": (list, False),
        "system": (str, True),
        "urgency": (str, True),
        "text": (str, True),
        "short": (str, False),
        "caregiver_text": (str, False),
        "caregiver_short": (str, False),
    },
    "diary_column": {
        **_CONTENT,
        "therapies": (list, False),
        "drugs": (list, False),
        "label": (str, True),
        "header": (str, True),
        "how": (str, True),
        "caregiver_how": (str, False),
        "call_if": (str, False),
        "call_if_mild": (bool, False),
        "order": (int, True),
    },
    "term": {
        **_CONTENT,
        "term": (str, True),
        "definition": (str, True),
        "matches": (list, False),
    },
}


def _on_host(host: str, allowed) -> bool:
    return any(host == h or host.endswith("." + h) for h in allowed)


def source_problems(e: dict) -> list[str]:
    """Why a source may not be shown to patients: only deep links, from publishers a clinic
    would sign, on that publisher's own site; papers by DOI or PubMed id."""
    url = urlsplit(e["url"])
    host = (url.hostname or "").lower()
    problems = []
    if url.scheme != "https" or not host:
        return [f"url must be an https link to the page itself, not '{e['url']}'"]
    if host.startswith("api."):
        return [f"url '{e['url']}' is a data API, not a page people can read: link the label or page itself"]
    segments = [s for s in url.path.split("/") if s]
    if not url.query and all(len(s) <= 2 or s.lower() in ("index.html", "home", "en", "en-us") for s in segments):
        problems.append(f"url '{e['url']}' is a homepage: link the exact page that supports the claim")
    elif "dictionaries" in segments and "def" not in segments:
        problems.append(f"url '{e['url']}' is a dictionary's index: link the term's own entry")
    if e.get("doi") or e.get("pmid"):
        if not _on_host(host, PAPER_HOSTS):
            problems.append(f"a paper's url must be on {', '.join(PAPER_HOSTS)}, not {host}")
    elif e["publisher"] not in PUBLISHERS:
        problems.append(f"publisher '{e['publisher']}' is not on the allow-list (schema.PUBLISHERS)")
    elif not _on_host(host, PUBLISHERS[e["publisher"]]):
        problems.append(f"url host {host} is not a site of {e['publisher']}")
    return problems


class KnowledgeError(Exception):
    """The knowledge files are invalid. `problems` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge files:\n" + "\n".join(problems))


class _Reader:
    """Collects raw tables from every file, remembering where each came from."""

    def __init__(self, *, translation: bool = False):
        self.tables: dict[str, list[tuple[str, dict]]] = {kind: [] for kind in FIELDS}
        self.problems: list[str] = []
        self.translation = translation  # words only: translation.apply() checks the fields

    def read(self, path: Path) -> None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            self.problems.append(f"{path.name}: not valid TOML: {exc}")
            return
        for kind, value in data.items():
            if kind not in FIELDS:
                self.problems.append(f"{path.name}: unknown table [{kind}]")
                continue
            entries = [value] if isinstance(value, dict) else value
            for entry in entries:
                where = f"{path.name}: [[{kind}]] {entry.get('id') or entry.get('slug') or entry.get('generic') or '?'}"
                if self.translation:
                    if not all(isinstance(v, str | list) for v in entry.values()):
                        self.problems.append(f"{where}: translated fields must be text or lists of text")
                        continue
                    self.tables[kind].append((where, entry))
                elif self._check_fields(kind, entry, where):
                    self.tables[kind].append((where, entry))

    def _check_fields(self, kind: str, entry: dict, where: str) -> bool:
        ok = True
        spec = FIELDS[kind]
        for key in entry:
            if key not in spec:
                self.problems.append(f"{where}: unknown field '{key}'")
                ok = False
        for key, (typ, required) in spec.items():
            if key not in entry:
                if required:
                    self.problems.append(f"{where}: missing '{key}'")
                    ok = False
                continue
            value = entry[key]
            if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
                self.problems.append(f"{where}: '{key}' must be {typ.__name__}")
                ok = False
            elif typ is str and required and not value.strip():
                self.problems.append(f"{where}: '{key}' is empty")
                ok = False
            elif typ is list and not all(isinstance(v, str) for v in value):
                self.problems.append(f"{where}: '{key}' must be a list of strings")
                ok = False
        return ok


def _read(folder: Path, reader: _Reader) -> _Reader:
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise KnowledgeError([f"{folder}: no knowledge files"])
    for path in files:
        reader.read(path)
    return reader


def load(lang: str = "en", content_dir: Path | None = None) -> KnowledgeBase:
    """Load and validate every `*.toml` under content/en/, with the translation in
    content/<lang>/ laid over it for another language. Raises KnowledgeError, which lists
    every problem, an untranslated entry included."""
    root = content_dir or CONTENT_DIR
    reader = _read(root / "en", _Reader())
    if lang != "en":
        words = _read(root / lang, _Reader(translation=True))
        reader.problems.extend(words.problems)
        reader.problems.extend(translation.apply(reader.tables, words.tables))
    return _Builder(reader, lang).build()


class _Builder:
    def __init__(self, reader: _Reader, lang: str):
        self.t = reader.tables
        self.problems = reader.problems
        self.lang = lang

    def unique(self, kind: str, key: str) -> dict[str, tuple[str, dict]]:
        seen: dict[str, tuple[str, dict]] = {}
        for where, entry in self.t[kind]:
            ident = entry[key]
            if not SLUG.match(ident):
                self.problems.append(f"{where}: '{ident}' is not a lowercase slug")
            if ident in seen:
                self.problems.append(f"{where}: duplicate {key} '{ident}' (also {seen[ident][0]})")
                continue
            seen[ident] = (where, entry)
        return seen

    def refs(self, where: str, field: str, values, known, extra=()) -> tuple[str, ...]:
        for v in values:
            if v not in known and v not in extra:
                self.problems.append(f"{where}: unknown {field} '{v}'")
        return tuple(v for v in values if v in known or v in extra)

    def build(self) -> KnowledgeBase:
        meta = self.t["meta"]
        version = meta[0][1]["version"] if meta else ""
        if len(meta) != 1:
            self.problems.append("[meta] must appear exactly once")

        sources = {}
        for ident, (where, e) in self.unique("source", "id").items():
            self.problems.extend(f"{where}: {problem}" for problem in source_problems(e))
            sources[ident] = Source(
                ident,
                e["title"],
                e["publisher"],
                e["url"],
                e["accessed"],
                e.get("date", ""),
                e.get("doi", ""),
                e.get("pmid", ""),
            )

        raw_therapies = self.unique("therapy", "slug")
        families = {}
        for ident, (where, e) in self.unique("family", "slug").items():
            if ident in raw_therapies:
                self.problems.append(f"{where}: family '{ident}' clashes with a therapy slug")
            families[ident] = Family(ident, e["name"], self.refs(where, "therapy", e["therapies"], raw_therapies))

        def options(kind):
            return {
                ident: Option(ident, e["name"], e["description"], tuple(e.get("aliases", ())))
                for ident, (where, e) in self.unique(kind, "slug").items()
            }

        biomarkers, concerns, roles = options("biomarker"), options("concern"), options("role")

        raw_cancers = self.unique("cancer", "slug")
        drugs = []
        for where, e in self.t["drug"]:
            drugs.append(
                Drug(
                    e["generic"],
                    e.get("brand", ""),
                    self.refs(where, "therapy", e["therapies"], raw_therapies),
                    self.refs(where, "cancer", e.get("cancers", ()), raw_cancers),
                    tuple(e.get("aliases", ())),
                )
            )
        seen: set[str] = set()
        for (where, _), drug in zip(self.t["drug"], drugs, strict=True):
            if drug.slug in seen:
                self.problems.append(f"{where}: duplicate drug '{drug.generic}'")
            seen.add(drug.slug)

        therapies = {}
        for ident, (where, e) in raw_therapies.items():
            if e["group"] not in THERAPY_GROUPS:
                self.problems.append(f"{where}: unknown group '{e['group']}'")
            therapies[ident] = Therapy(
                slug=ident,
                name=e["name"],
                group=e["group"],
                description=e["description"],
                includes=self.refs(where, "therapy", e.get("includes", ()), raw_therapies),
                immunotherapy=e["immunotherapy"],
                drugs=tuple(d for d in drugs if ident in d.therapies),
            )

        cancers = {}
        for ident, (where, e) in raw_cancers.items():
            cancers[ident] = Cancer(
                slug=ident,
                name=e["name"],
                description=e["description"],
                aliases=tuple(e.get("aliases", ())),
                therapies=self.refs(where, "therapy", e["therapies"], therapies),
                biomarkers=self.refs(where, "biomarker", e.get("biomarkers", ()), biomarkers),
            )

        self.vocab = {
            "therapies": therapies,
            "families": families,
            "cancers": cancers,
            "biomarkers": biomarkers,
            "concerns": concerns,
            "roles": roles,
            "sources": sources,
            "drugs": {d.slug for d in drugs},
        }
        kb = KnowledgeBase(
            version=version,
            lang=self.lang,
            sources=sources,
            cancers=cancers,
            therapies=therapies,
            families=families,
            biomarkers=biomarkers,
            concerns=concerns,
            roles=roles,
            drugs=tuple(drugs),
            explanations=self.explanations(),
            questions=self.questions(),
            warning_signs=self.warning_signs(),
            terms=self.terms(),
            diary_columns=self.diary_columns(),
        )
        if self.problems:
            raise KnowledgeError(self.problems)
        return kb

    def content(self, where: str, e: dict) -> tuple[Tags, tuple[str, ...]]:
        """Check what every medical item shares: sources and tags."""
        v = self.vocab
        if not e["sources"]:
            self.problems.append(f"{where}: needs at least one source")
        sources = self.refs(where, "source", e["sources"], v["sources"])
        therapies: set[str] = set()
        for slug in self.refs(where, "therapy", e.get("therapies", ()), v["therapies"], v["families"]):
            therapies.update(v["families"][slug].therapies if slug in v["families"] else (slug,))
        tags = Tags(
            therapies=frozenset(therapies),
            cancers=frozenset(self.refs(where, "cancer", e.get("cancers", ()), v["cancers"])),
            biomarkers=frozenset(self.refs(where, "biomarker", e.get("biomarkers", ()), v["biomarkers"])),
            concerns=frozenset(self.refs(where, "concern", e.get("concerns", ()), v["concerns"])),
            roles=frozenset(self.refs(where, "role", e.get("roles", ()), v["roles"])),
            drugs=frozenset(self.refs(where, "drug", e.get("drugs", ()), v["drugs"])),
        )
        return tags, sources

    def explanations(self) -> tuple[Explanation, ...]:
        items = []
        for ident, (where, e) in self.unique("explanation", "id").items():
            tags, sources = self.content(where, e)
            if e["topic"] not in EXPLANATION_TOPICS:
                self.problems.append(f"{where}: unknown topic '{e['topic']}'")
            items.append(
                Explanation(
                    ident,
                    e["title"],
                    e["topic"],
                    e["summary"].strip(),
                    e["body"].strip(),
                    tags,
                    sources,
                    e["reviewed"],
                    e.get("caregiver_summary", "").strip(),
                    e.get("caregiver_body", "").strip(),
                )
            )
        return tuple(items)

    def questions(self) -> tuple[Question, ...]:
        items = []
        for ident, (where, e) in self.unique("question", "id").items():
            tags, sources = self.content(where, e)
            if e["topic"] not in TOPICS:
                self.problems.append(f"{where}: unknown topic '{e['topic']}'")
            if e["priority"] not in (1, 2, 3):
                self.problems.append(f"{where}: priority must be 1, 2 or 3")
            for field in ("text", "caregiver_text"):
                if len(e.get(field, "").split()) > MAX_QUESTION_WORDS:
                    self.problems.append(f"{where}: '{field}' has more than {MAX_QUESTION_WORDS} words")
            if e.get("caregiver_text") and tags.roles == {"caregiver"}:
                self.problems.append(f"{where}: a caregiver-only question needs no caregiver_text")
            text, caregiver_text = e["text"].strip(), e.get("caregiver_text", "").strip()
            items.append(
                Question(
                    ident,
                    text,
                    e["why"].strip(),
                    e["topic"],
                    e["priority"],
                    tags,
                    sources,
                    e["reviewed"],
                    caregiver_text,
                    e.get("safety", False),
                )
            )
        return tuple(items)

    def warning_signs(self) -> tuple[WarningSign, ...]:
        items = []
        for ident, (where, e) in self.unique("warning_sign", "id").items():
            tags, sources = self.content(where, e)
            if e["system"] not in SYSTEMS:
                self.problems.append(f"{where}: unknown system '{e['system']}'")
            if e["urgency"] not in (*URGENCIES, ALWAYS):
                self.problems.append(f"{where}: urgency must be one of {', '.join((*URGENCIES, ALWAYS))}")
            items.append(
                WarningSign(
                    ident,
                    e["system"],
                    e["urgency"],
                    e["text"].strip(),
                    tags,
                    sources,
                    e["reviewed"],
                    e.get("short", "").strip(),
                    e.get("caregiver_text", "").strip(),
                    e.get("caregiver_short", "").strip(),
                )
            )
        return tuple(items)

    def diary_columns(self) -> tuple[DiaryColumn, ...]:
        items = []
        for ident, (where, e) in self.unique("diary_column", "id").items():
            tags, sources = self.content(where, e)
            if len(e["header"]) > MAX_DIARY_HEADER:
                self.problems.append(f"{where}: 'header' is longer than {MAX_DIARY_HEADER} characters")
            call_if, mild = e.get("call_if", "").strip(), e.get("call_if_mild", False)
            if mild and not call_if:
                self.problems.append(f"{where}: 'call_if_mild' needs a 'call_if' to go with it")
            items.append(
                DiaryColumn(
                    ident,
                    e["label"].strip(),
                    e["header"].strip(),
                    e["how"].strip(),
                    call_if,
                    mild,
                    e["order"],
                    tags,
                    sources,
                    e["reviewed"],
                    e.get("caregiver_how", "").strip(),
                )
            )
        return tuple(sorted(items, key=lambda c: (c.order, c.id)))

    def terms(self) -> tuple[Term, ...]:
        items = []
        for ident, (where, e) in self.unique("term", "id").items():
            _, sources = self.content(where, e)
            matches = tuple(m.strip() for m in e.get("matches") or [e["term"]] if m.strip())
            items.append(Term(ident, e["term"], e["definition"].strip(), matches, sources, e["reviewed"]))
        return tuple(items)


@functools.cache
def get_knowledge_base(lang: str = "en") -> KnowledgeBase:
    """The process-wide knowledge base: loaded and validated once, then shared (it is frozen)."""
    return load(lang)
