"""The database cache, with an increment that cannot lose a count.

Django's cache increments by reading and then writing the value: two server processes counting
the same request at once would both write n + 1. Here the row is locked first (SELECT ... FOR
UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions take the write lock when they begin), and
the counter keeps the expiry it was given when its window opened.
"""

import base64
import pickle
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCounterCache(DatabaseCache):
    """Django's DatabaseCache whose incr() is atomic across processes, and whose add() of a key
    that is already there is one read (Django's tries an INSERT and catches the error)."""

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        if self._live(self.make_and_validate_key(key, version=version)):
            return False
        return bool(super().add(key, value, timeout, version))

    def _live(self, key: str) -> bool:
        db = router.db_for_read(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {quote(self._table)} "  # type: ignore[attr-defined]
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s",
                [key, now],
            )
            return cursor.fetchone() is not None

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')} FROM {table} "
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key {key!r} not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return value
