"""Links that leave this request: absolute ones for paper (QR codes and printed URLs must work
away from it), and keeping private ones out of caches and Referer headers."""

from django.conf import settings


def absolute_url(request, path: str) -> str:
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def keep_private(response):
    """A page holding a private link (or a reply about one) is never stored by a cache and never
    names its address to the sites it links to."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
