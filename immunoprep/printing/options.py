"""What the person chose on the guide page: paper size, print size, which sections."""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = {
    "cover": "Cover with your top 3 questions",
    "questions": "Questions to ask, with room for answers",
    "about": "About your treatment",
    "warnings": "Call right away if… (warning signs)",
    "wallet": "Wallet card to cut out",
    "diary": "Symptom diary (2 weeks)",
    "glossary": "Words used, and sources",
}
PAPERS = {"letter": "Letter (US)", "a4": "A4"}


@dataclass(frozen=True)
class PrintOptions:
    paper: str = "letter"
    large: bool = False
    sections: frozenset[str] = frozenset(SECTIONS)

    @classmethod
    def from_query(cls, query, default_paper: str = "letter") -> PrintOptions:
        paper = query.get("paper", default_paper)
        chosen = frozenset(s for s in query.getlist("section") if s in SECTIONS)
        return cls(
            paper=paper if paper in PAPERS else default_paper,
            large=query.get("size") == "large",
            # The warning signs always print: they are never hidden by a choice.
            sections=(chosen or frozenset(SECTIONS)) | {"warnings"},
        )

    def key(self) -> str:
        return f"{self.paper}|{int(self.large)}|{','.join(sorted(self.sections))}"
