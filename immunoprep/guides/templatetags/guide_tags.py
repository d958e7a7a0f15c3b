from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.translation import get_language

from immunoprep.guides.reasons import reason_in_words

register = template.Library()


@register.filter
def source_links(item, c):
    """ "1, 4", each number a link to that source in the guide's list: short to read, one tap
    to the publisher, title, date and address."""
    numbers = [c.source_numbers[s] for s in item.sources if s in c.source_numbers]
    return format_html_join(", ", '<a href="#source-{}">{}</a>', ((n, n) for n in numbers))


@register.filter
def refs(item, c) -> str:
    """Source numbers for a printed item: a knowledge item, or a guide question (own ones have none)."""
    sources = getattr(item, "sources", None)
    if sources is None:
        sources = c.question_sources.get(item.kb_id, ())
    return c.refs(sources)


@register.filter
def in_words(reason) -> str:
    """Why an item is in the guide, in the reader's language."""
    return reason_in_words(reason)


@register.filter
def kb_question(question, c):
    """The knowledge-base question a guide question was copied from (None for own and clinic ones)."""
    return c.kb_questions.get(question.kb_id)


# One voice: a caregiver's guide speaks to the caregiver about "the person you care for".
@register.filter
def said_to(item, role: str) -> str:
    """A warning sign's text for this reader."""
    return item.text_for(role)


@register.filter
def short_to(item, role: str) -> str:
    """A warning sign in a few words, for the one-glance summary."""
    return item.short_for(role) or item.text_for(role)


@register.filter
def how_to(column, role: str) -> str:
    """How to fill in a diary column, for this reader."""
    return column.how_for(role)


@register.filter
def summary_to(item, role: str) -> str:
    return item.summary_for(role)


@register.filter
def paragraphs_to(item, role: str) -> list[str]:
    return item.paragraphs_for(role)


@register.filter
def get(mapping, key):
    """A value whose key has a hyphen ("call-now"), which template dot lookup cannot spell."""
    return mapping.get(key, "")


@register.simple_tag(takes_context=True)
def language_choices(context) -> list[tuple[str, str, str, bool]]:
    """(code, name, link, current) for the language chooser: the same page, everything else in
    its address kept, with `lang` set, so switching never loses the reader's place."""
    request = context["request"]
    choices = []
    for code, name in settings.LANGUAGES:
        query = request.GET.copy()
        query["lang"] = code
        choices.append((code, name, f"{request.path}?{query.urlencode()}", code == get_language()))
    return choices
