"""What the person chose on the guide page: paper size, print size, which sections."""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = {
    "cover": "Cover with your top 3 questions and when to call",
    "care-team": "For the care team: one page to hand in at check-in",
    "questions": "Questions to ask, with room for answers",
    "warnings": "Call right away if… (warning signs)",
    "wallet": "Wallet card to cut out",
    "diary": "Symptom diary (2 weeks)",
    "about": "About the treatment (explanations)",
    "glossary": "Words used in this guide",
    "sources": "Where the information comes from (sources)",
}
# The visit packet: what helps at the visit and after it, a few pages. The rest is one tick away.
DEFAULT_SECTIONS = frozenset({"cover", "care-team", "questions", "warnings", "wallet", "diary"})
# Printed alone, the care-team page is a sheet to hand over at check-in: just that page.
ALONE = frozenset({"care-team"})
PAPERS = {"letter": "Letter (US)", "a4": "A4"}


@dataclass(frozen=True)
class PrintOptions:
    paper: str = "letter"
    large: bool = False
    sections: frozenset[str] = DEFAULT_SECTIONS

    @classmethod
    def from_query(cls, query, default_paper: str = "letter") -> PrintOptions:
        paper = query.get("paper", default_paper)
        chosen = frozenset(s for s in query.getlist("section") if s in SECTIONS)
        return cls(
            paper=paper if paper in PAPERS else default_paper,
            large=query.get("size") == "large",
            # The warning signs always print with the guide: they are never hidden by a choice.
            sections=chosen if chosen == ALONE else (chosen or DEFAULT_SECTIONS) | {"warnings"},
        )

    def key(self) -> str:
        return f"{self.paper}|{int(self.large)}|{','.join(sorted(self.sections))}"
