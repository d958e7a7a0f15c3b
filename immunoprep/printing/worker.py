"""WeasyPrint runs in child processes so that a render can be stopped, and so that no render
can starve the others.

Each server process keeps a few *lanes*: one child process each, rendering one PDF at a
time with one FontConfiguration (warm renders stay fast). A request waits for a free lane
in a short queue; past that queue it is told "busy, retrying" at once. The time limit starts
when its lane starts rendering, never while it waits; a render that overruns kills only its
own lane's child, so other renders carry on. Identical requests share one render.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import functools
import logging
import multiprocessing
import os
import re
import threading
import time
from pathlib import Path

from django.conf import settings

log = logging.getLogger("immunoprep.printing")
RENDER_TIMEOUT = 30  # seconds of rendering, not of waiting


class RenderFailed(Exception):
    """The PDF could not be made (timeout or renderer error). Holds no user text."""


class RenderBusy(Exception):
    """Every lane is rendering and the queue is full: try again in a few seconds."""


def static_roots() -> tuple[str, ...]:
    """The only folders WeasyPrint may read from: our own static files."""
    return tuple(str(p) for p in settings.STATICFILES_DIRS)


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    # One per process: a new one per render is slower and grows memory.
    return FontConfiguration()


@functools.cache
def _fetcher(roots: tuple[str, ...]):
    from immunoprep.printing.fetcher import StaticOnlyFetcher

    return StaticOnlyFetcher([Path(r) for r in roots])


# A part of the page marked data-fit-page="<its id>" is meant to stand alone on one sheet
# (a fridge sheet). If it runs onto a second page, it is laid out once more marked
# data-tight, for the stylesheet to set it tighter. Only such prints pay for a second layout.
# (Typed text reaches the HTML escaped, quotes included: only our templates can mark a part.)
FIT_ONE_PAGE = re.compile(r'data-fit-page="([\w-]+)"')
PDF_OPTIONS = {"presentational_hints": True, "pdf_variant": "pdf/ua-1", "pdf_tags": True}


def _spilled(document, names: list[str]) -> list[str]:
    # WeasyPrint lists an element's id among the anchors of every page the element is on.
    return [name for name in names if sum(name in page.anchors for page in document.pages) > 1]


def render_pdf(html: str, roots: tuple[str, ...]) -> tuple[bytes, list[str]]:
    """Runs in the child: HTML to PDF bytes, plus any WeasyPrint warnings (tests fail on them)."""
    from weasyprint import HTML

    from immunoprep.printing.fetcher import PRINT_BASE

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            warnings.append(record.getMessage())

    def layout(html):
        return HTML(string=html, base_url=PRINT_BASE, url_fetcher=_fetcher(roots)).render(
            font_config=_font_config(), **PDF_OPTIONS
        )

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = layout(html)
        if spilled := _spilled(document, FIT_ONE_PAGE.findall(html)):
            for name in spilled:
                html = html.replace(f'data-fit-page="{name}"', f'data-fit-page="{name}" data-tight', 1)
            document = layout(html)
        pdf = document.write_pdf(**PDF_OPTIONS)
    finally:
        logger.removeHandler(handler)
    return pdf, warnings


def warm_up(roots: tuple[str, ...]) -> None:
    """Runs in the child: load WeasyPrint, our fonts and the print stylesheet once, before the
    first person waits for them (about a second of the first render otherwise)."""
    render_pdf('<link rel="stylesheet" href="/static/css/print.css"><p>ImmunoPrep</p>', roots)


def _yield_cpu() -> None:
    """In each render child: a lower CPU priority, so pages answer quickly while PDFs print."""
    os.nice(10)


class _Lane:
    """One child process; one render at a time."""

    def __init__(self):
        self.pool: cf.ProcessPoolExecutor | None = None

    def run(self, html: str, roots: tuple[str, ...], timeout: float) -> tuple[bytes, list[str]]:
        return self.run_function(render_pdf, html, roots, timeout=timeout)

    def run_function(self, function, *args, timeout: float = RENDER_TIMEOUT):
        if self.pool is None:
            # "spawn": a clean child, safe whatever threads the web server runs.
            self.pool = cf.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_yield_cpu
            )
        future = self.pool.submit(function, *args)
        try:
            return future.result(timeout=timeout)
        except cf.TimeoutError:
            log.error("PDF render took longer than %s s and was stopped", timeout)
            self.discard()
            raise RenderFailed("timeout") from None
        except Exception as exc:  # the child died or WeasyPrint raised
            log.error("PDF render failed: %s", type(exc).__name__)
            self.discard()
            raise RenderFailed(type(exc).__name__) from None

    def warm(self, roots: tuple[str, ...]) -> None:
        self.run_function(warm_up, roots)

    def discard(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)


class RenderService:
    """The lanes of this process, their short queue, and the renders in flight by key."""

    def __init__(self, lanes: int, queue: int, wait: float):
        self.free: list[_Lane] = [_Lane() for _ in range(lanes)]
        self.ready = threading.Condition()
        self.admitted = threading.BoundedSemaphore(lanes + queue)  # rendering + waiting
        self.wait = wait
        self.in_flight: dict[str, cf.Future] = {}
        self.lock = threading.Lock()

    def shared(self, key: str, make) -> bytes:
        """The PDF for `key`: made by `make()`, unless the same one is already being made here,
        then that one's result (or its error)."""
        with self.lock:
            shared = self.in_flight.get(key)
            if shared is None:
                mine = self.in_flight[key] = cf.Future()
        if shared is not None:
            return shared.result(timeout=self.wait + RENDER_TIMEOUT)
        try:
            pdf = make()
        except BaseException as exc:
            mine.set_exception(exc)
            raise
        else:
            mine.set_result(pdf)
            return pdf
        finally:
            with self.lock:
                self.in_flight.pop(key, None)

    def _render(self, html: str, roots: tuple[str, ...], timeout: float) -> bytes:
        if not self.admitted.acquire(blocking=False):
            raise RenderBusy()
        try:
            lane = self._take_lane()
            try:
                pdf, warnings = lane.run(html, roots, timeout)
            finally:
                with self.ready:
                    self.free.append(lane)
                    self.ready.notify()
        finally:
            self.admitted.release()
        for message in warnings:
            logging.getLogger("weasyprint").warning("%s", message)
        return pdf

    def _take_lane(self) -> _Lane:
        deadline = time.monotonic() + self.wait
        with self.ready:
            while not self.free:
                left = deadline - time.monotonic()
                if left <= 0 or not self.ready.wait(left):
                    raise RenderBusy()
            return self.free.pop()

    def warm(self) -> None:
        """Start one lane's child now, so the first PDF after a restart is not the slow one.
        Skipped when a render already has every lane."""
        if not self.admitted.acquire(blocking=False):
            return
        try:
            with self.ready:
                if not self.free:
                    return
                lane = self.free.pop()
            try:
                lane.warm(static_roots())
            except RenderFailed:
                pass  # logged; the next render starts a fresh child
            finally:
                with self.ready:
                    self.free.append(lane)  # last in, first out: the next render takes this lane
                    self.ready.notify()
        finally:
            self.admitted.release()

    def close(self) -> None:
        for lane in self.free:
            lane.discard()


_service: RenderService | None = None
_service_lock = threading.Lock()


def service() -> RenderService:
    global _service
    with _service_lock:
        if _service is None:
            _service = RenderService(settings.PDF_RENDER_LANES, settings.PDF_RENDER_QUEUE, settings.PDF_RENDER_WAIT)
        return _service


@atexit.register
def _shutdown() -> None:
    if _service is not None:
        _service.close()


def warm_in_background() -> None:
    """For a server process that has just started (gunicorn.conf.py): warm a lane, without
    holding up the start."""
    threading.Thread(target=service().warm, name="warm-pdf-lane", daemon=True).start()


def render_in_child(html: str, roots: tuple[str, ...], timeout: float = RENDER_TIMEOUT) -> bytes:
    """One render in a free lane. Raises RenderBusy when all are taken and the queue is full."""
    return service()._render(html, roots, timeout)
