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
