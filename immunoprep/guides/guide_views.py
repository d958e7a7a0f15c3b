"""Finding a guide by its token, the privacy wrapper for every guide response, and the
read-only share page at /s/<view-token>/."""

from __future__ import annotations

import functools
import re

from django.core.cache import cache, caches
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from immunoprep.fingerprint import files_digest
from immunoprep.guides.content import guide_cache_key, guide_content
from immunoprep.guides.models import DeletedGuide, Guide, token_hash
from immunoprep.guides.services import guide_touch
from immunoprep.knowledge import get_knowledge_base
from immunoprep.language import guide_language
from immunoprep.limits import limited
from immunoprep.links import keep_private
from immunoprep.printing.options import DEFAULT_SECTIONS, SECTIONS

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SHARE_PAGE_SECONDS = 24 * 3600


class GuideGone(Exception):
    """The guide was deleted: its links answer 410 Gone."""


def private(view):
    """Guide pages are private: never cached, indexed or leaked through the Referer header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except GuideGone:
            response = render(request, "guides/gone.html", status=410)
        except Http404:  # a mistyped or stopped link: the same privacy as a found one
            response = render(request, "404.html", status=404)
        keep_private(response)
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
        if DeletedGuide.objects.filter(token_hash=token_hash(token)).exists():
            raise GuideGone from None
        raise Http404("No such guide") from None


@require_safe
@private
@limited("token")
def share(request, token):
    guide = get_guide(token, edit=False)
    guide_touch(guide)
    kb = get_knowledge_base(guide_language(request, guide))
    # The same for every reader until the guide, the content, our templates or the clinic change.
    key = guide_cache_key(
        "share-page:", guide, kb, guide.view_token, files_digest("templates/guides", "templates/base.html")
    )
    html = caches["pages"].get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            # The page has no form that posts, so it carries no per-reader CSRF token and the
            # whole page can be shared by every reader until the guide changes.
            context = {
                "c": guide_content(guide, kb),
                "kb": kb,
                "print_sections": SECTIONS,
                "print_defaults": DEFAULT_SECTIONS,
                "public_page": True,
            }
            html = render_to_string("guides/guide.html", context, request=request)
            cache.set(key, html, SHARE_PAGE_SECONDS)
        caches["pages"].set(key, html, SHARE_PAGE_SECONDS)
    return HttpResponse(html)
