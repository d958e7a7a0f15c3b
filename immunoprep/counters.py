"""Rate-limit counters every process on one machine shares, without Redis.

django-ratelimit needs a cache whose increments cannot be lost. A local-memory cache gives
each gunicorn process its own count (two processes, twice the limit); Django's database and
file caches read and then write, and serialising that in a transaction made page views queue
behind each other (p99 over 400 ms under load). Here each operation is one SQLite statement in
a small file of its own beside the database: atomic across processes, about 10,000 a second
with 16 threads in two processes, and never in the way of a guide being saved.
With REDIS_URL, Redis counts instead.
"""

from __future__ import annotations

import fcntl
import random
import sqlite3
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

FOREVER = float("inf")


class CounterCache(BaseCache):
    """Only what django-ratelimit asks of a cache (add, incr, get; clear for the tests), and
    whole numbers only: what it stores."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self._path = location
        self._local = threading.local()  # a sqlite3 connection belongs to one thread

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=5, isolation_level=None)  # autocommit
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # never waits for the disk: a count lost in a crash costs nothing
            db.execute("CREATE TABLE IF NOT EXISTS counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL, expires REAL)")
            self._local.db = db
            self._local.lock = open(f"{self._path}.lock", "a")  # noqa: SIM115 (kept for the thread's life)
        return db

    def _write(self, sql: str, params: tuple) -> tuple | None:
        """The statement's first row (RETURNING)."""
        # Writers take turns on a file lock first: the kernel wakes the next one at once, where
        # SQLite's own wait for a busy database sleeps in steps of up to 100 ms (p99 240 ms).
        db = self._db()
        fcntl.flock(self._local.lock, fcntl.LOCK_EX)
        try:
            cursor = db.execute(sql, params)
            return cursor.fetchone()  # fetched inside the turn: the statement commits here
        finally:
            fcntl.flock(self._local.lock, fcntl.LOCK_UN)

    def _expiry(self, timeout) -> float:
        expires = self.get_backend_timeout(timeout)
        return FOREVER if expires is None else expires

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        now = time.time()
        if random.random() < 0.001:  # noqa: S311 (not a secret) now and then, forget windows long over
            self._write("DELETE FROM counts WHERE expires <= ?", (now,))
        if self._count(key) is not None:  # the usual case, answered by a read: no write lock taken
            return False
        # A new key, or one whose window is over, takes the value; a live one stays as it is.
        row = self._write(
            "INSERT INTO counts VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE"
            " SET n = excluded.n, expires = excluded.expires WHERE counts.expires <= ? RETURNING n",
            (key, int(value), self._expiry(timeout), now),
        )
        return row is not None

    def _count(self, made_key: str) -> int | None:
        row = (
            self._db().execute("SELECT n FROM counts WHERE key = ? AND expires > ?", (made_key, time.time())).fetchone()
        )
        return None if row is None else row[0]

    def get(self, key, default=None, version=None):
        count = self._count(self.make_and_validate_key(key, version=version))
        return default if count is None else count

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = self._write(
            "UPDATE counts SET n = n + ? WHERE key = ? AND expires > ? RETURNING n", (int(delta), key, time.time())
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def clear(self) -> None:
        self._write("DELETE FROM counts", ())
