"""WeasyPrint runs in a child process so that a render can be stopped.

A guide's size is bounded, but a pathological one could still take long; a render that
overruns RENDER_TIMEOUT is killed and reported, and never ties up a web worker. The child
lives on between renders and keeps one FontConfiguration, so warm renders stay fast.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import functools
import logging
import multiprocessing
import threading
from pathlib import Path

log = logging.getLogger("immunoprep.printing")
RENDER_TIMEOUT = 30  # seconds

_lock = threading.Lock()
_pool: cf.ProcessPoolExecutor | None = None


class RenderFailed(Exception):
    """The PDF could not be made (timeout or renderer error). Holds no user text."""


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    # One per process: a new one per render is slower and grows memory.
    return FontConfiguration()


@functools.cache
def _fetcher(roots: tuple[str, ...]):
    from immunoprep.printing.fetcher import StaticOnlyFetcher

    return StaticOnlyFetcher([Path(r) for r in roots])


def render_pdf(html: str, roots: tuple[str, ...]) -> tuple[bytes, list[str]]:
    """Runs in the child: HTML to PDF bytes, plus any WeasyPrint warnings (tests fail on them)."""
    from weasyprint import HTML

    from immunoprep.printing.fetcher import PRINT_BASE

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            warnings.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        pdf = HTML(string=html, base_url=PRINT_BASE, url_fetcher=_fetcher(roots)).write_pdf(
            font_config=_font_config(),
            presentational_hints=True,
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
        )
    finally:
        logger.removeHandler(handler)
    return pdf, warnings


def _get_pool() -> cf.ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # "spawn": a clean child, safe whatever threads the web server runs.
            _pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _discard_pool() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _shutdown_pool() -> None:
    with _lock:
        pool = _pool
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def render_in_child(html: str, roots: tuple[str, ...], timeout: float = RENDER_TIMEOUT) -> bytes:
    future = _get_pool().submit(render_pdf, html, roots)
    try:
        pdf, warnings = future.result(timeout=timeout)
    except cf.TimeoutError:
        log.error("PDF render took longer than %s s and was stopped", timeout)
        _discard_pool()
        raise RenderFailed("timeout") from None
    except Exception as exc:  # the child died or WeasyPrint raised
        log.error("PDF render failed: %s", type(exc).__name__)
        _discard_pool()
        raise RenderFailed(type(exc).__name__) from None
    for message in warnings:
        logging.getLogger("weasyprint").warning("%s", message)
    return pdf
