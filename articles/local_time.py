"""Times in the site's time zone (settings.TIME_ZONE), the zone pages show and exports write, for any
moment the database can hand back.

Python's datetimes end at years 1 and 9999: 0001-01-01 00:00 UTC has no local time in Toronto (it
would be in year 0), nor 9999-12-31 23:00 UTC in Tokyo. Rows written before the import checked its
dates, or by another tool, hold such moments; `timezone.localtime` raises OverflowError on them and
took the page down. These functions show such a moment in UTC instead, its only representable form.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateformat import format as date_format


def localtime(value: dt.datetime) -> dt.datetime:
    """`value` in the site's time zone; in UTC (or as given) when that falls outside years 1 to 9999."""
    try:
        return timezone.localtime(value)
    except OverflowError:
        pass
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        return value


def local_day(moment: dt.datetime | None) -> dt.date | None:
    """The day of `moment` in the site's time zone (what `Article.published_on` holds)."""
    return localtime(moment).date() if moment else None


def local_iso(value: dt.datetime | dt.date | None) -> str:
    """An aware datetime as ISO 8601 in the site's time zone, with its offset ("2024-01-03T08:50:00-05:00");
    a date as it is; "" for none. For <time datetime="..."> and for every export."""
    if isinstance(value, dt.datetime):
        return localtime(value).isoformat()
    return value.isoformat() if value else ""


def article_date(article) -> str:
    """ "3 January 2024, 8:50 a.m.", "3 January 2024" or "January 2024", as precise as the source was."""
    value = getattr(article, "published_at", None)
    if not value:
        return "Undated"
    local = localtime(value)
    precision = getattr(article, "date_precision", "")
    if precision == "month":
        return date_format(local, "F Y")
    if precision == "time":
        return date_format(local, "j F Y, P")
    return date_format(local, "j F Y")
