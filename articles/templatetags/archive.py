"""Small display helpers for archive templates: dates as precise as the source gave them."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateformat import format as date_format

from articles.local_time import local_iso, localtime

register = template.Library()


@register.filter
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
