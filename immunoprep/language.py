"""Which language a page speaks.

In order: `?lang=` in the link (clinics print it; the language chooser uses it), then the
reader's earlier choice (a cookie the chooser sets), then, for a guide, the language it was
made in, and otherwise the browser's languages (Django's LocaleMiddleware). Switching keeps
the page and everything typed: the chooser links to the same address with `lang` set.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

CODES = frozenset(code for code, _ in settings.LANGUAGES)
COOKIE_AGE = 365 * 24 * 3600


def chosen_language(request) -> str | None:
    """The language the reader asked for, in the link or earlier; None if they have not."""
    for value in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if value in CODES:
            return value
    return None


def use_language(request, lang: str) -> str:
    """Speak `lang` for the rest of this request (templates, messages, the knowledge base)."""
    translation.activate(lang)
    request.LANGUAGE_CODE = lang
    return lang


def current_language() -> str:
    """The language activated for this request, as a knowledge-base language."""
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return lang if lang in CODES else settings.LANGUAGE_CODE


def guide_language(request, guide) -> str:
    """A guide opens in the language it was made in, unless the reader chose another."""
    return use_language(request, chosen_language(request) or guide.lang)


class LanguageMiddleware:
    """After Django's LocaleMiddleware: `?lang=` wins for this page and is remembered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = request.GET.get("lang")
        if asked in CODES:
            use_language(request, asked)
        response = self.get_response(request)
        if asked in CODES and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != asked:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                asked,
                max_age=COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
        return response
