"""Rate-limit counters every process on one machine shares, without Redis.

django-ratelimit needs a cache whose increments cannot be lost; a local-memory cache would
give each gunicorn process its own count (two processes, twice the limit), and Django's
database cache reads and then writes. This one makes the read and the write one transaction
that holds the row: SQLite starts it IMMEDIATE (see settings), so it already holds the write
lock; other databases lock the counter's row. With REDIS_URL, Redis counts instead.
"""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CounterCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)  # our settings' name, not user input
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
