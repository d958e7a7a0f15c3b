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


def scored_text(text: str, drugs: frozenset[str]) -> str:
    """The text with every drug-name word replaced by a short neutral word."""
    return _WORD.sub(lambda m: "drug" if m.group(0).lower() in drugs else m.group(0), text)


def text_grade(text: str, kb: KnowledgeBase) -> float:
    import textstat  # a dev dependency: only the tests and the content check measure grades

    return textstat.flesch_kincaid_grade(scored_text(text, drug_words(kb)))


def grade(explanation: Explanation, kb: KnowledgeBase) -> float:
    return text_grade(f"{explanation.summary} {explanation.body}", kb)


def spanish_ease(explanation: Explanation, kb: KnowledgeBase) -> float:
    """Fernández Huerta reading ease of a Spanish explanation (higher is easier; 70 is plain),
    drug names left out as for English."""
    import textstat

    text = scored_text(f"{explanation.summary} {explanation.body}", drug_words(kb)).replace("drug", "dosis")
    textstat.set_lang("es")
    try:
        return textstat.fernandez_huerta(text)
    finally:
        textstat.set_lang("en_US")  # textstat's language is process-wide: leave it as found
