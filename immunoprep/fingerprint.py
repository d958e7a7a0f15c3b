"""Fingerprints of our own template and style files: a cache key built from what changes the
output retires old entries by itself after a deploy, with no version number to bump."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings


@functools.cache
def files_digest(*folders: str) -> str:
    """Folders relative to the project root (e.g. "templates/guides"), read once per process."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((Path(settings.BASE_DIR) / folder).rglob("*.*")):
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]
