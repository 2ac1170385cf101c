"""Small display helpers for archive templates: dates as precise as the source gave them."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateformat import format as date_format

from articles.local_time import article_date, local_iso, localtime

register = template.Library()


register.filter("article_date", article_date)
register.filter("local_iso", local_iso)


@register.filter
def local_date(value, arg: str = "j F Y, P") -> str:
    """A stored moment formatted in the site's time zone. Django's `date` filter converts to local time
    itself and fails on a moment whose local time is outside years 1 to 9999 (articles.local_time)."""
    return date_format(localtime(value), arg) if value else ""


@register.filter
def month_name(number: int) -> str:
    try:
        return dt.date(2000, int(number), 1).strftime("%B")
    except (TypeError, ValueError):
        return ""


@register.filter
def month_abbr(number: int) -> str:
    try:
        return dt.date(2000, int(number), 1).strftime("%b")
    except (TypeError, ValueError):
        return ""
