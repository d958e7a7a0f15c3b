"""Reading-grade measurement for explanations, with drug names left out of the scoring:
names like "pembrolizumab" are long but unavoidable, and people match them by sight."""

from __future__ import annotations

import re

from immunoprep.knowledge.schema import Explanation, KnowledgeBase

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


def drug_words(kb: KnowledgeBase) -> frozenset[str]:
    words = set()
    for drug in kb.drugs:
        for name in (drug.generic, drug.brand):
            words.update(w.lower() for w in _WORD.findall(name) if len(w) > 3)
    return frozenset(words)


def scored_text(explanation: Explanation, drugs: frozenset[str]) -> str:
    """Summary and body with every drug-name word replaced by a short neutral word."""
    text = f"{explanation.summary} {explanation.body}"
    return _WORD.sub(lambda m: "drug" if m.group(0).lower() in drugs else m.group(0), text)


def grade(explanation: Explanation, kb: KnowledgeBase) -> float:
    import textstat  # a dev dependency: only the tests and the content check measure grades

    return textstat.flesch_kincaid_grade(scored_text(explanation, drug_words(kb)))
