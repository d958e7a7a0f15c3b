"""Turn a guide into PDF bytes with WeasyPrint, cached by everything that changes them."""

from __future__ import annotations

import functools
import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from immunoprep.guides.content import guide_content
from immunoprep.guides.models import Guide
from immunoprep.knowledge import KnowledgeBase
from immunoprep.printing.fetcher import PRINT_BASE, StaticOnlyFetcher

log = logging.getLogger("immunoprep.printing")
TEMPLATE = "printing/guide.html"
CACHE_SECONDS = 60 * 60 * 24


@functools.cache
def font_config() -> FontConfiguration:
    # One per process: a new one per render is slower and grows memory.
    return FontConfiguration()


@functools.cache
def fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher()


def html_to_pdf(html: str, *, title: str, lang: str) -> bytes:
    document = HTML(string=html, base_url=PRINT_BASE, url_fetcher=fetcher())
    return document.write_pdf(
        font_config=font_config(),
        presentational_hints=True,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=False,
    )


def cache_key(guide: Guide, kb: KnowledgeBase, options: dict) -> str:
    parts = [str(guide.pk), str(guide.version), kb.version, kb.lang, TEMPLATE, repr(sorted(options.items()))]
    return "guide-pdf:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def guide_pdf(guide: Guide, kb: KnowledgeBase, *, share_url: str, options: dict | None = None) -> bytes:
    options = options or {}
    key = cache_key(guide, kb, options)
    pdf = cache.get(key)
    if pdf is None:
        content = guide_content(guide, kb)
        html = render_to_string(TEMPLATE, {"c": content, "kb": kb, "share_url": share_url, "options": options})
        pdf = html_to_pdf(html, title="Your visit guide", lang=kb.lang)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
