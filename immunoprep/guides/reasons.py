"""Why an item is in a guide, said in the reader's language.

suggest() gives each reason as an English template with its values (knowledge-base names,
already in the guide's language); this turns it into words through gettext."""

from __future__ import annotations

from django.utils.translation import gettext

from immunoprep.knowledge.suggest import Reason

# Reasons that say nothing about this person: not worth printing beside a question.
GENERIC = ("a common question for anyone starting immunotherapy", "for patients")


def reason_in_words(reason) -> str:
    if isinstance(reason, Reason):
        words = gettext(reason.template)
        return words % reason.values if reason.values else words
    return str(reason)


def clinic_reason(clinic_name: str) -> str:
    return gettext("suggested by %(clinic)s") % {"clinic": clinic_name}


def is_generic(text: str) -> bool:
    return text in GENERIC or text in {gettext(g) for g in GENERIC}
