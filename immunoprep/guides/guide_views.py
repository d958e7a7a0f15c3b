"""The guide itself: the owner's page at /g/<edit-token>/ and the read-only share page at
/s/<view-token>/, each with its PDF."""

from __future__ import annotations

import functools
import re

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from immunoprep.guides.content import guide_content
from immunoprep.guides.models import Guide
from immunoprep.knowledge import get_knowledge_base

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def private(view):
    """Guide pages are private: never cached, indexed or leaked through the Referer header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def get_guide(token: str, *, edit: bool) -> Guide:
    if not TOKEN.match(token):
        raise Http404("No such guide")
    field = "edit_token" if edit else "view_token"
    try:
        return Guide.objects.get(**{field: token})
    except Guide.DoesNotExist:
        raise Http404("No such guide") from None


def _page(request, guide, *, editable):
    kb = get_knowledge_base(guide.lang)
    return render(request, "guides/guide.html", {"c": guide_content(guide, kb), "editable": editable, "kb": kb})


@require_GET
@private
def edit(request, token):
    return _page(request, get_guide(token, edit=True), editable=True)


@require_GET
@private
def share(request, token):
    return _page(request, get_guide(token, edit=False), editable=False)
