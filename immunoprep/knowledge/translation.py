"""Translations of the knowledge base: overlays on the English entries.

A translation (`content/<lang>/*.toml`, e.g. `content/es/`) holds only the words of each entry,
keyed by its id (slug, or generic name for drugs): tags, sources, dates, tiers and order stay
the English entry's, so a translation can never change what shows for whom or how urgent it is.
`apply()` merges a translation into the English tables and lists what is missing or unknown.
"""

from __future__ import annotations

# What a translation may change, per kind. Lists marked EXTEND add search words to the
# English ones (a Spanish reader may still type the English name); the rest replace.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "explanation": ("title", "summary", "body", "caregiver_summary", "caregiver_body"),
    "question": ("text", "caregiver_text", "why"),
    "warning_sign": ("text", "short", "caregiver_text", "caregiver_short"),
    "diary_column": ("label", "header", "how", "caregiver_how", "call_if"),
    "term": ("term", "definition", "matches"),
    "cancer": ("name", "description", "aliases"),
    "therapy": ("name", "description"),
    "family": ("name",),
    "biomarker": ("name", "description", "aliases"),
    "concern": ("name", "description"),
    "role": ("name", "description"),
    "drug": ("aliases",),
    # A source may point at the same publisher's page in this language (NCI en español,
    # MedlinePlus en español…); a source without one stays the English page.
    "source": ("title", "url", "date"),
}
WHOLLY_OPTIONAL = {"source", "drug"}
EXTEND = {("cancer", "aliases"), ("biomarker", "aliases"), ("drug", "aliases")}
# Search words are optional in a translation; every other field the English entry has is not.
OPTIONAL = {"aliases", "matches"}
KEYS = {kind: "slug" for kind in ("cancer", "therapy", "family", "biomarker", "concern", "role")} | {"drug": "generic"}


def key_of(kind: str) -> str:
    return KEYS.get(kind, "id")


def apply(english: dict[str, list[tuple[str, dict]]], overlay: dict[str, list[tuple[str, dict]]]) -> list[str]:
    """Merge `overlay` into `english` in place; return the problems (unknown ids or fields,
    entries or fields left untranslated)."""
    problems: list[str] = []
    translated: dict[tuple[str, str], dict] = {}
    for kind, entries in overlay.items():
        if kind not in TRANSLATABLE:
            problems.extend(f"{where}: [{kind}] is not translated here (it comes from English)" for where, _ in entries)
            continue
        for where, entry in entries:
            for field in entry:
                if field != key_of(kind) and field not in TRANSLATABLE[kind]:
                    problems.append(f"{where}: '{field}' is not a translatable field")
            translated[(kind, entry.get(key_of(kind), ""))] = entry

    for kind, fields in TRANSLATABLE.items():
        for where, entry in english.get(kind, []):
            ident = entry[key_of(kind)]
            words = translated.pop((kind, ident), None)
            wanted = [f for f in fields if entry.get(f) and f not in OPTIONAL and kind not in WHOLLY_OPTIONAL]
            if words is None:
                if wanted:
                    problems.append(f"{where}: no translation")
                continue
            missing = [f for f in wanted if not str(words.get(f, "")).strip()]
            if missing:
                problems.append(f"{where}: translation lacks {', '.join(missing)}")
            extra = [f for f in fields if f in words and f not in entry and f not in OPTIONAL and kind != "source"]
            if extra:
                problems.append(f"{where}: translation has {', '.join(extra)}, which the English entry has not")
            for field in fields:
                if field in words and (field in entry or field in OPTIONAL or kind == "source"):
                    if (kind, field) in EXTEND:
                        entry[field] = [*entry.get(field, []), *words[field]]
                    else:
                        entry[field] = words[field]
    problems.extend(f"[[{kind}]] {ident}: translated, but there is no such entry" for kind, ident in translated)
    return problems
