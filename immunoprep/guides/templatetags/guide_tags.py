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
