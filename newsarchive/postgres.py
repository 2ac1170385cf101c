"""PostgreSQL dates beyond Python's calendar, read as its first or last moment instead of failing.

PostgreSQL stores timestamps up to the year 294276, BC dates and 'infinity'; Python's datetime ends at
years 1 and 9999, and psycopg raises DataError ("timestamp too large") on reading anything beyond. An
older import stored "9999-12-31T23:59:59-05:00" as 10000-01-01 04:59:59+00, after which every page
that read the row answered 500. Such a value now reads as 9999-12-31 23:59:59 UTC (or 0001-01-01
00:00 UTC, date.max, date.min), which the pages show as the extreme it is; the row stays as stored
until someone saves it.
"""

from __future__ import annotations

import datetime as dt

from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import DataError
from psycopg.types.datetime import DateLoader

FIRST_MOMENT = dt.datetime.min.replace(tzinfo=dt.UTC)
# Whole seconds: HTTP dates (a feed's Last-Modified) round 23:59:59.999999 up into the year 10000.
LAST_MOMENT = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def _too_early(data) -> bool:
    text = bytes(data).strip()
    return text.startswith(b"-") or text.endswith(b"BC")


class ClampedDateLoader(DateLoader):
    def load(self, data):
        try:
            return super().load(data)
        except DataError:
            return dt.date.min if _too_early(data) else dt.date.max


def use_clamped_loaders(sender, connection, **kwargs) -> None:
    """On each new PostgreSQL connection (the `connection_created` signal, see articles.apps)."""
    if connection.vendor != "postgresql":
        return

    class ClampedTzLoader(BaseTzLoader):
        # Django gives each cursor its own loader unless this one has the connection's time zone.
        timezone = connection.timezone

        def load(self, data):
            try:
                return super().load(data)
            except DataError:
                return FIRST_MOMENT if _too_early(data) else LAST_MOMENT

    adapters = connection.connection.adapters
    adapters.register_loader("timestamptz", ClampedTzLoader)
    adapters.register_loader("date", ClampedDateLoader)
