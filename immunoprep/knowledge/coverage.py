"""Validate the knowledge files and print how much content each cancer x therapy pair gets."""

from __future__ import annotations

import argparse

from immunoprep.knowledge.loader import KnowledgeError, load
from immunoprep.knowledge.schema import Profile
from immunoprep.knowledge.suggest import suggest


def coverage_rows(kb):
    """(cancer, therapy, questions, explanations, warning signs) for each pair used in practice."""
    for cancer in kb.cancers.values():
        for therapy in cancer.therapies:
            s = suggest(kb, Profile(cancer=cancer.slug, therapies=(therapy,)))
            yield cancer.slug, therapy, len(s.questions), len(s.explanations), len(s.warning_signs)


def main(argv: list[str], out=print) -> int:
    parser = argparse.ArgumentParser(prog="python -m immunoprep.knowledge")
    parser.add_argument("command", choices=["validate"])
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    try:
        kb = load(args.lang)
    except KnowledgeError as exc:
        out(str(exc))
        return 1
    out(
        f"OK: content {kb.version} ({kb.lang}): {len(kb.explanations)} explanations, "
        f"{len(kb.questions)} questions, {len(kb.warning_signs)} warning signs, "
        f"{len(kb.terms)} glossary terms, {len(kb.sources)} sources"
    )
    out(f"{'cancer':<20} {'therapy':<22} {'questions':>9} {'explain':>7} {'warnings':>8}")
    for row in coverage_rows(kb):
        out(f"{row[0]:<20} {row[1]:<22} {row[2]:>9} {row[3]:>7} {row[4]:>8}")
    return 0
