"""QR codes as inline SVG, with a <title> that serves as their text alternative."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, title: str) -> SafeString:
    # segno escapes the title; the URL is our own share link, built by reverse().
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2, title=title, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308
