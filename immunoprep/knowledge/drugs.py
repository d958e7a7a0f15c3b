"""Finding a drug the way people say it: a brand heard in clinic ("Keytruda"), a generic name
read on a letter, a short name ("cilta-cel"), or a misspelling typed on a phone ("keytrda").

Pure Python: no Django, so the treatment step, `?drug=` links and tests share one rule."""

from __future__ import annotations

import difflib
import re
import unicodedata

from immunoprep.knowledge.schema import Drug, KnowledgeBase

MAX_QUERY = 60  # longer input is cut: no drug name is near this long
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# How alike a misspelling must be to a name (difflib's ratio). 0.8 takes "keytrda" and
# "carvikti", and leaves "opdivo" and "yervoy" apart.
TYPO_RATIO = 0.8


def _plain(text: str) -> str:
    """Lower case, accents folded ("interleucína" and "interleucina" match), letters and digits only."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return _NOT_LETTERS.sub("", folded)


def _names(drug: Drug) -> list[str]:
    names = [drug.generic, drug.brand, *drug.aliases]
    words = [w for name in (drug.generic, drug.brand) for w in name.split() if len(w) > 3]
    return [_plain(n) for n in (*names, *words) if n and _plain(n)]


def _match(query: str, drug: Drug) -> float:
    """1.0 for a name, 0.9 for the start of one, 0.8 inside one, else how alike (0 if not)."""
    best = 0.0
    for name in _names(drug):
        if name == query:
            return 1.0
        if name.startswith(query) and len(query) >= 3:
            best = max(best, 0.9)
        elif query in name and len(query) >= 4:
            best = max(best, 0.8)
        else:
            ratio = difflib.SequenceMatcher(None, query, name).ratio()
            if ratio >= TYPO_RATIO:
                best = max(best, ratio * 0.85)
    return best


def find_drugs(kb: KnowledgeBase, query: str, cancer: str = "") -> list[Drug]:
    """Drugs matching what was typed, best first; the chosen cancer's own drugs lead ties."""
    plain = _plain(query[:MAX_QUERY])
    if len(plain) < 2:
        return []
    scored = [(_match(plain, d), d) for d in kb.drugs]
    hits = [(score, d) for score, d in scored if score > 0]
    hits.sort(key=lambda hit: (-round(hit[0], 2), cancer not in hit[1].cancers, hit[1].generic))
    return [d for _, d in hits]


def drug_from_link(kb: KnowledgeBase, value: str) -> Drug | None:
    """A `?drug=` value: the generic name's slug, a brand or another name, in any case.
    Exact names only: a printed link must never land on a look-alike drug."""
    plain = _plain(value[:MAX_QUERY])
    if not plain:
        return None
    for drug in kb.drugs:
        if plain in (_plain(n) for n in (drug.generic, drug.brand, *drug.aliases) if n):
            return drug
    return None


def drugs_for_cancer(kb: KnowledgeBase, cancer: str, therapies=()) -> list[Drug]:
    """The drugs used for this cancer, those of the chosen treatments first."""
    chosen = set(therapies)
    drugs = [d for d in kb.drugs if cancer in d.cancers]
    return sorted(drugs, key=lambda d: not (set(d.therapies) & chosen))
