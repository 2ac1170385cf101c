"""Times in the site's time zone (settings.TIME_ZONE), the zone pages show and exports write."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_iso(value: dt.datetime | dt.date | None) -> str:
    """An aware datetime as ISO 8601 in the site's time zone, with its offset ("2024-01-03T08:50:00-05:00");
    a date as it is; "" for none. For <time datetime="..."> and for every export."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if value else ""
