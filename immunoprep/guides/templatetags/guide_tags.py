from django import template

register = template.Library()


@register.filter
def cite(item, kb) -> str:
    """The publishers behind a knowledge item, for a short 'Sources:' line."""
    names = []
    for sid in item.sources:
        source = kb.sources.get(sid)
        if source and source.publisher not in names:
            names.append(source.publisher)
    return "; ".join(names)


@register.filter
def refs(item, c) -> str:
    """Source numbers for a printed item: a knowledge item, or a guide question (own ones have none)."""
    sources = getattr(item, "sources", None)
    if sources is None:
        sources = c.question_sources.get(item.kb_id, ())
    return c.refs(sources)


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
def summary_to(item, role: str) -> str:
    return item.summary_for(role)


@register.filter
def paragraphs_to(item, role: str) -> list[str]:
    return item.paragraphs_for(role)


@register.filter
def get(mapping, key):
    """A value whose key has a hyphen ("call-now"), which template dot lookup cannot spell."""
    return mapping.get(key, "")
