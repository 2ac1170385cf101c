"""What identifies a JSON Lines record, read without parsing it whole (parse_jsonl's `identify`).

Kept apart from jsonl.py, whose helpers it uses so that it reads each field as `_record` does.
"""

from __future__ import annotations

from typing import Any

from . import jsonl
from .records import IdentifiedRecord
from .signoff import split_signoff
from .text import collapse_whitespace
from .values import BadValue


def identified(value: Any, *, raw: str, name: str, default_source: str) -> IdentifiedRecord | None:
    """What identifies a record, read as `_record` reads it, without the rest of the body (its last
    lines only, for a wire signoff naming the source); None when telling it needs more (no title,
    neither id nor url, no date: a date line in the body may give it) or when the record may not
    parse at all: it is then parsed whole."""
    if not isinstance(value, dict) or not isinstance(value.get("title"), str):
        return None
    try:
        title = collapse_whitespace(value["title"])
        given_source = collapse_whitespace(jsonl._text(value, "source")) or default_source
        url = jsonl._text(value, "url").strip()
        raw_id = value.get("id")
        if not title or (not url and jsonl._no_id(raw_id)):
            return None
        external_id = jsonl._external_id(raw_id, url, title, "", given_source, name)
        source = given_source
        if not source:
            raw_body = jsonl._text(value, "body", numbers=False)
            source = split_signoff(
                jsonl._drop_date_line(raw_body.replace("\r\n", "\n").replace("\r", "\n"))[0]
            )[1]
        if not source and url:
            source = jsonl._source_from_url(url)
        date_key = "published_at" if value.get("published_at") not in (None, "") else "date"
        published_at, published_date, _ = jsonl._when(value.get(date_key), date_key)
        updated_at, updated_date, _ = jsonl._when(value.get("updated_at"), "updated_at")
    except BadValue:
        return None
    published = published_at or published_date
    if published is None:
        return None
    extra = {"_line": value["_line"]} if "_line" in value else {}
    return IdentifiedRecord(
        external_id, source, title, raw, "jsonl", (published, updated_at or updated_date), extra
    )
