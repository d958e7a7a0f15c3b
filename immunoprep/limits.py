"""Rate limits per client, named by what they protect; counted in the cache (see RATES in
settings) so they hold across processes and servers."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit


def _rate(group: str, request) -> str:
    return settings.RATES[group]


def limited(group: str, method=ratelimit.ALL):
    """Refuse a client that goes over the `group` rate with the friendly 429 page."""
    return ratelimit(group=group, key="ip", rate=_rate, method=method, block=True)


class BodyLimitMiddleware:
    """Refuse a request body over MAX_REQUEST_BODY bytes, whatever its encoding (multipart
    included, which Django's own upload limits only spill to disk), before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = settings.MAX_REQUEST_BODY + 1
        if length > settings.MAX_REQUEST_BODY:
            return render(request, "413.html", {"limit_kb": settings.MAX_REQUEST_BODY // 1024}, status=413)
        return self.get_response(request)
