"""A guide's printout: its HTML, its cache key, and the PDF (made by printing's worker),
cached by everything that changes it."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.template.loader import render_to_string

from immunoprep.fingerprint import files_digest
from immunoprep.guides.content import guide_cache_key, guide_content
from immunoprep.guides.models import Guide
from immunoprep.knowledge import KnowledgeBase
from immunoprep.printing.options import PrintOptions
from immunoprep.printing.qr import qr_svg
from immunoprep.printing.worker import RENDER_TIMEOUT, render_in_child, service, static_roots

TEMPLATE = "printing/guide.html"
AFTER_TEMPLATE = "printing/after.html"  # the after-visit summary
CACHE_SECONDS = 60 * 60 * 24


def cache_key(guide: Guide, kb: KnowledgeBase, options: PrintOptions, share_url: str, template: str = TEMPLATE) -> str:
    styles = files_digest("templates/printing", "static/css", "static/fonts")
    return guide_cache_key("guide-pdf:", guide, kb, styles, options.key(), share_url, template)


def guide_html(
    guide: Guide, kb: KnowledgeBase, *, share_url: str, options: PrintOptions, template: str = TEMPLATE
) -> str:
    content = guide_content(guide, kb)
    return render_to_string(
        template,
        {
            "c": content,
            "kb": kb,
            "options": options,
            # Source numbers in brackets only when the numbered list is printed too.
            "refs": "sources" in options.sections,
            "share_url": share_url,
            "qr": qr_svg(share_url, title="QR code: opens the read-only copy of this guide"),
            "diary_days": range(1, 15),
        },
    )


def guide_pdf(
    guide: Guide,
    kb: KnowledgeBase,
    *,
    share_url: str,
    options: PrintOptions | None = None,
    template: str = TEMPLATE,
) -> bytes:
    options = options or PrintOptions()
    key = cache_key(guide, kb, options, share_url, template)
    pdf = cache.get(key)
    if pdf is None:
        # Identical requests at once (a double tap, a refresh, the background print) share one
        # render: in this process through the render service, across processes and servers
        # through a claim in the shared cache.
        pdf = service().shared(key, lambda: _render_once(guide, kb, key, share_url, options, template))
    return pdf


def _render_once(guide, kb, key: str, share_url: str, options: PrintOptions, template: str) -> bytes:
    claim = f"rendering:{key}"
    if not cache.add(claim, 1, timeout=RENDER_TIMEOUT + 30):
        # Another process renders this very PDF: wait for it rather than render it twice.
        deadline = time.monotonic() + RENDER_TIMEOUT + 10
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if (pdf := cache.get(key)) is not None:
                return pdf
            if cache.get(claim) is None:  # it failed or gave up: render it here
                break
    try:
        html = guide_html(guide, kb, share_url=share_url, options=options, template=template)
        pdf = render_in_child(html, static_roots())
        cache.set(key, pdf, CACHE_SECONDS)
        _remember_key(guide, key)
        return pdf
    finally:
        cache.delete(claim)


def _keys_key(guide: Guide) -> str:
    return f"guide-pdf-keys:{guide.pk}"


def _remember_key(guide: Guide, key: str) -> None:
    """Which cached PDFs belong to a guide, so deleting it can purge them all."""
    keys = cache.get(_keys_key(guide)) or []
    if key not in keys:
        cache.set(_keys_key(guide), [*keys, key][-50:], CACHE_SECONDS)


def guide_pdfs_purge(guide: Guide) -> None:
    cache.delete_many([*(cache.get(_keys_key(guide)) or []), _keys_key(guide)])
