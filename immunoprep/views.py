from django.shortcuts import render
from django.views.decorators.http import require_GET

from immunoprep.guides.remember import remembered_guide

RETRY_AFTER = 60  # seconds: the shortest window any rate counts in


@require_GET
def home(request):
    guide = remembered_guide(request)
    response = render(request, "home.html", {"remembered": guide})
    if guide is not None:
        # The page now holds a private link: keep it out of caches and Referer headers.
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
    return response


def rate_limited(request, exception=None):
    """Too many requests from one place: say plainly when to try again, never a bare error."""
    response = render(request, "429.html", {"minutes": RETRY_AFTER // 60}, status=429)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
