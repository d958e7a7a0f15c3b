"""'Continue your guide' on the same browser, only when the person asks for it.

The private link is the only key to a guide. Keeping it in this browser is opt-in (a shared
computer would hand the guide to the next user), in a signed, HttpOnly cookie that scripts
cannot read, sent only to our own site.
"""

from __future__ import annotations

from django.core import signing

from immunoprep.guides.models import IDLE_DAYS, Guide

REMEMBER_COOKIE = "guide"
_SALT = "immunoprep.remember-guide"


def remember_on_device(response, edit_token: str, *, secure: bool) -> None:
    response.set_signed_cookie(
        REMEMBER_COOKIE,
        edit_token,
        salt=_SALT,
        max_age=IDLE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


def remembered_token(request) -> str:
    try:
        return request.get_signed_cookie(REMEMBER_COOKIE, salt=_SALT, default="") or ""
    except signing.BadSignature:
        return ""


def remembered_guide(request) -> Guide | None:
    token = remembered_token(request)
    return Guide.objects.filter(edit_token=token).first() if token else None
