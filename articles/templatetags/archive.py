"""Small display helpers for archive templates: dates as precise as the source gave them."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.local_time import local_iso

register = template.Library()


@register.filter
def article_date(article) -> str:
    """ "3 January 2024, 8:50 a.m.", "3 January 2024" or "January 2024", as precise as the source was."""
    value = getattr(article, "published_at", None)
    if not value:
        return "Undated"
    local = timezone.localtime(value)
    precision = getattr(article, "date_precision", "")
    if precision == "month":
        return date_format(local, "F Y")
    if precision == "time":
        return date_format(local, "j F Y, P")
    return date_format(local, "j F Y")


register.filter("local_iso", local_iso)


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


# Chips shown per kind on a result or teaser: a gazetteer run can tag a roundup with 31 places, and a row
# of them pushes the next result off the screen. The rest wait behind "+N more".
CHIPS_PER_KIND = 3


@register.simple_tag
def chip_rows(places, topics) -> dict:
    """`{% chip_rows places topics as chips %}`: the first CHIPS_PER_KIND of each kind as (name, url, kind),
    the rest in `more`. Tags are search results' (name, url) or models with get_absolute_url."""

    def as_chips(tags, kind):
        return [
            {"name": tag.name, "url": tag.get_absolute_url() if hasattr(tag, "get_absolute_url") else tag.url,
             "kind": kind}
            for tag in tags
        ]  # fmt: skip

    places, topics = as_chips(places, "place"), as_chips(topics, "topic")
    return {
        "shown": places[:CHIPS_PER_KIND] + topics[:CHIPS_PER_KIND],
        "more": places[CHIPS_PER_KIND:] + topics[CHIPS_PER_KIND:],
    }
