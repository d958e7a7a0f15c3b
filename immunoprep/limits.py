"""Rate limits per client, named by what they protect; counted in the cache (see RATES in
settings) so they hold across processes and servers."""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def _rate(group: str, request) -> str:
    return settings.RATES[group]


def limited(group: str, method=ratelimit.ALL):
    """Refuse a client that goes over the `group` rate with the friendly 429 page."""
    return ratelimit(group=group, key="ip", rate=_rate, method=method, block=True)
