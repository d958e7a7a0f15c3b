"""WeasyPrint may read our own static files from disk, and nothing else.

Print templates link to /static/...; rendered against PRINT_BASE they become
http://print.invalid/static/..., which this fetcher maps to a file under static/. Every
other URL (file://, real http(s)://, large data:) is refused, so nothing a user typed can
make the renderer read a file or reach the network.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

PRINT_BASE = "http://print.invalid/"
_STATIC_PREFIX = PRINT_BASE + "static/"
MAX_DATA_URL = 160 * 1024  # a clinic logo (at most 100 KB) as base64
MAX_FILE = 5 * 1024 * 1024


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols=("http", "data"), allow_redirects=False, timeout=1)
        self.roots = [r.resolve() for r in (roots or settings.STATICFILES_DIRS)]

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return self._data(url)
        if not url.startswith(_STATIC_PREFIX) or urlsplit(url).query:
            raise RefusedURL("only our own static files may be read")
        relative = unquote(url[len(_STATIC_PREFIX) :])
        for root in self.roots:
            path = (root / relative).resolve()
            if path.is_relative_to(root) and path.is_file() and path.stat().st_size <= MAX_FILE:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        raise RefusedURL("no such static file")

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > MAX_DATA_URL:
            raise RefusedURL("data: URL too large")
        header, _, payload = url[5:].partition(",")
        mime = header.split(";")[0] or "text/plain"
        body = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        return URLFetcherResponse(url, body, {"Content-Type": mime})
