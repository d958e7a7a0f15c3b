"""Absolute links for paper: QR codes and printed URLs must work away from this request."""

from django.conf import settings


def absolute_url(request, path: str) -> str:
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)
