import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from immunoprep.guides.remember import remembered_guide
from immunoprep.links import keep_private

RETRY_AFTER = 60  # seconds: the shortest window any rate counts in


@require_safe
def home(request):
    guide = remembered_guide(request)
    response = render(request, "home.html", {"remembered": guide})
    if guide is not None:
        # The page now holds a private link: keep it out of caches and Referer headers.
        keep_private(response)
    return response


def rate_limited(request, exception=None):
    """Too many requests from one place: say plainly when to try again, never a bare error."""
    response = render(request, "429.html", {"minutes": RETRY_AFTER // 60}, status=429)
    response["Retry-After"] = str(RETRY_AFTER)
    return keep_private(response)


@never_cache
@require_safe
def healthz(request):
    """For load balancers: cheap, and honest about the database (and Redis when configured)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "take this server out of rotation"
        logging.getLogger("immunoprep").error("healthz: database unavailable (%s)", type(exc).__name__)
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "ok", 10)
            checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
        except Exception as exc:
            logging.getLogger("immunoprep").error("healthz: cache unavailable (%s)", type(exc).__name__)
            checks["cache"] = "unavailable"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
