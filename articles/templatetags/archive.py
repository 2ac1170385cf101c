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
def language_name(code: str) -> str:
    """A language code as its English name ("de" -> "German"), from Django's own table; the code itself
    when the table does not know it ("nds")."""
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get((code or "").lower())
    return info.get("name", code) if info else code


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
def chip_rows(places, topics, first=()) -> dict:
    """`{% chip_rows places topics first=urls as chips %}`: the first CHIPS_PER_KIND of each kind as (name,
    url, kind), the rest in `more`. Tags are search results' (name, url), models with get_absolute_url, or
    ArticlePlace rows (their place, by its display name). The tags whose URL is in `first` (the search's
    chosen places and topics) lead their kind, so the tag a result matched on is never behind "+N more";
    the rest keep their order (by name)."""

    def as_chips(tags, kind):
        chips = []
        for tag in tags:
            item = getattr(tag, "place", tag)  # an ArticlePlace row stands for its place
            name = getattr(item, "display_name", "") or item.name
            url = item.get_absolute_url() if hasattr(item, "get_absolute_url") else item.url
            chips.append({"name": name, "url": url, "kind": kind})
        return sorted(chips, key=lambda chip: chip["url"] not in first)  # stable: by name after

    places, topics = as_chips(places, "place"), as_chips(topics, "topic")
    return {
        "shown": places[:CHIPS_PER_KIND] + topics[:CHIPS_PER_KIND],
        "more": places[CHIPS_PER_KIND:] + topics[CHIPS_PER_KIND:],
    }
