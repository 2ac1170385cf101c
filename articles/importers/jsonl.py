"""JSON Lines (and JSON arrays of objects) into ArticleRecords. The format is in docs/import-format.md."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from .records import ArticleRecord, ParseFailure, RelatedRecord, TagRecord
from .signoff import split_signoff
from .text import (
    MAX_ARTICLE_BYTES,
    TOO_LONG,
    UTF16_BOMS,
    collapse_whitespace,
    decode_text,
    normalise_body,
    slugify,
)

_TEXT_FIELDS = ("source", "byline", "dateline", "url", "language", "photo_caption", "photo_credit", "lede")
_KNOWN = {"id", "title", "body", "published_at", "updated_at", "topics", "places", "related", "links"}
_KNOWN.update(_TEXT_FIELDS)
_PLACE_FIELDS = ("kind", "country_code", "role")
_RELATED_FIELDS = ("summary", "section", "age", "duration", "url")
_FILE_SUFFIXES = (".gz", ".jsonl", ".ndjson", ".json")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_ONLY = re.compile(r"(\d{4})-(\d{2})")
# Wikinews bodies open with the day they were published: "Friday, January 4, 2019" + a no-break space.
_DATE_LINE = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) \d{1,2}, \d{4}"
)
_SENTENCE = re.compile(r"(.{20,}?[.!?])(?=\s|$)")
_TITLE_MAX = 120
# An id that already names its namespace ("reuters:1", "sha1:...", "https://..."): a lower-case
# scheme-like prefix. Wikinews ids such as "Study:_Neanderthals..." have a colon but no namespace.
_NAMESPACED = re.compile(r"[a-z][a-z0-9+.-]*:\S")
# Second-level names that stand for a country, not a publisher ("bbc.co.uk", "abc.net.au").
_HOST_SUFFIXES = {"com", "org", "net", "news", "info", "co", "uk", "au", "ca", "us", "de", "fr", "ie", "nz"}
_HOST_PREFIXES = {"www", "en", "m", "mobile"}


class _Invalid(ValueError):
    """A field that makes the whole line unusable; the message names the field."""


def parse_jsonl(
    data: bytes | str, *, name: str, default_source: str = ""
) -> Iterator[ArticleRecord | ParseFailure]:
    """One ArticleRecord or ParseFailure per non-blank line (or per element of a JSON array)."""
    file_warning = None
    if isinstance(data, bytes) and data.startswith(UTF16_BOMS):
        data, file_warning = decode_text(data)
    head = _first_char(data)
    if head == "[":
        yield from _parse_array(data, name=name, default_source=default_source)
        return
    lines = list(_lines(data, file_warning))
    single = _single_object(lines) if head == "{" else None
    if single is not None:
        yield _result(single, raw=_joined(lines), where="document", name=name, default_source=default_source)
        return
    for number, line, warning in lines:
        where = f"line {number}"
        if line is None:
            yield ParseFailure(f"{name} {where}", f"{where}: {TOO_LONG}")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"{where}: not valid JSON ({error.msg} at column {error.colno})"
            yield ParseFailure(f"{name} {where}", message)
            continue
        warnings = [warning] if warning else []
        yield _result(
            value, raw=line, where=where, name=name, default_source=default_source, warnings=warnings
        )


def _first_char(data: bytes | str) -> str:
    if isinstance(data, bytes):
        return data.removeprefix(codecs.BOM_UTF8).lstrip()[:1].decode("latin-1")
    return data.removeprefix("\ufeff").lstrip()[:1]


def _lines(data: bytes | str, warning: str | None) -> Iterator[tuple[int, str, str | None]]:
    # Split on "\n" only: str.splitlines would also break at U+2028 and friends, which JSON allows
    # inside strings. Bytes are decoded line by line so one cp1252 line does not garble the rest.
    # A line too long for one article is yielded as None, and never decoded nor parsed.
    if isinstance(data, str):
        for number, line in enumerate(data.removeprefix("\ufeff").split("\n"), 1):
            yield number, None if len(line) > MAX_ARTICLE_BYTES else line.rstrip("\r"), warning
        return
    for number, raw in enumerate(data.removeprefix(codecs.BOM_UTF8).split(b"\n"), 1):
        if len(raw) > MAX_ARTICLE_BYTES:
            yield number, None, None
            continue
        line, line_warning = decode_text(raw)
        yield number, line.rstrip("\r"), line_warning


def _joined(lines: list[tuple[int, str, str | None]]) -> str:
    return "\n".join(line for _, line, _ in lines)


def _single_object(lines: list[tuple[int, str, str | None]]) -> Any:
    """A pretty-printed object spread over several lines, rather than one object a line."""
    if any(line is None for _, line, _ in lines):
        return None
    first = next((line for _, line, _ in lines if line.strip()), "")
    try:
        json.loads(first)
        return None
    except json.JSONDecodeError:
        pass
    try:
        value = json.loads(_joined(lines))
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _parse_array(
    data: bytes | str, *, name: str, default_source: str
) -> Iterator[ArticleRecord | ParseFailure]:
    text, warning = decode_text(data) if isinstance(data, bytes) else (data, None)
    try:
        items = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}"
        yield ParseFailure(
            f"{name} {where}", f"{where}: not valid JSON ({error.msg} at column {error.colno})"
        )
        return
    for number, item in enumerate(items, 1):
        raw = json.dumps(item, ensure_ascii=False)
        warnings = [warning] if warning else []
        yield _result(
            item, raw=raw, where=f"item {number}", name=name, default_source=default_source, warnings=warnings
        )


def _result(value: Any, *, raw: str, where: str, name: str, default_source: str, warnings=None):
    try:
        return _record(value, raw=raw, name=name, default_source=default_source, warnings=warnings or [])
    except _Invalid as error:
        return ParseFailure(f"{name} {where}", f"{where}: {error}")


def _record(obj: Any, *, raw: str, name: str, default_source: str, warnings: list[str]) -> ArticleRecord:
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object, found {_kind(obj)}")
    fields = {key: _text(obj, key) for key in _TEXT_FIELDS}
    title = collapse_whitespace(_text(obj, "title"))
    body, date_line = _drop_date_line(_text(obj, "body").replace("\r\n", "\n").replace("\r", "\n"))
    body, wire_source = split_signoff(body)
    body = normalise_body(body)
    if not title:
        if not body:
            raise _Invalid("'title' is missing or empty, and so is 'body'")
        title = _title_from(body)
        warnings.append("no title; the first sentence of the body was used")
    if not body:
        warnings.append("no body text")

    date_key = "published_at" if obj.get("published_at") not in (None, "") else "date"
    published_at, published_date, precision = _when(obj.get(date_key), date_key)
    if precision == "month":
        warnings.append(f"'{date_key}' gives only a month")
    if not precision and date_line:
        published_date, precision = dt.datetime.strptime(date_line, "%A, %B %d, %Y").date(), "day"
        warnings.append("date taken from the date line at the top of the body")
    updated_at, updated_date, _ = _when(obj.get("updated_at"), "updated_at")
    if updated_date is not None:
        updated_at = dt.datetime.combine(updated_date, dt.time())

    url = fields["url"].strip()
    given_source = collapse_whitespace(fields["source"]) or default_source
    named_source = given_source or wire_source
    source = named_source
    if not source and url:
        source = _source_from_url(url)
        if source:
            warnings.append(f"source '{source}' was inferred from the url")

    topics = _tags(obj.get("topics"), "topics")
    category = obj.get("category")
    if isinstance(category, str) and category.strip():
        topics = _dedupe([*topics, TagRecord(name=category.strip(), slug=slugify(category))])
    consumed = _KNOWN | {date_key} | ({"category"} if isinstance(category, str) else set())
    return ArticleRecord(
        # The key must not move when a parser rule changes, so only a source the input names picks the
        # namespace: a source guessed from the text or the url does not.
        external_id=_external_id(obj.get("id"), url, title, body, given_source, name),
        title=title,
        body=body,
        lede=collapse_whitespace(fields["lede"]),
        byline=collapse_whitespace(fields["byline"]),
        dateline=collapse_whitespace(fields["dateline"]),
        published_at=published_at,
        updated_at=updated_at,
        published_date=published_date,
        date_precision=precision,
        source=source,
        photo_caption=collapse_whitespace(fields["photo_caption"]),
        photo_credit=collapse_whitespace(fields["photo_credit"]),
        url=url,
        language=fields["language"].strip(),
        topics=topics,
        places=_tags(obj.get("places"), "places", _PLACE_FIELDS),
        related=_related(obj.get("related")),
        links=_links(obj.get("links")),
        extra={key: value for key, value in obj.items() if key not in consumed},
        original=raw,
        format="jsonl",
        warnings=warnings,
    )


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return {dict: "an object", list: "a list", str: "text"}.get(type(value), "a number")


def _text(obj: dict, key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _Invalid(f"'{key}' must be text, not {_kind(value)}")


def _when(value: Any, key: str) -> tuple[dt.datetime | None, dt.date | None, str]:
    """(datetime, date, precision) for an ISO 8601 value; naive datetimes stay naive."""
    if value is None or value == "":
        return None, None, ""
    if not isinstance(value, str):
        raise _Invalid(f"'{key}' is not a date: {value!r}")
    text = value.strip()
    try:
        if _DATE_ONLY.fullmatch(text):
            return None, dt.date.fromisoformat(text), "day"
        month = _MONTH_ONLY.fullmatch(text)
        if month:
            return None, dt.date(int(month[1]), int(month[2]), 1), "month"
        return dt.datetime.fromisoformat(text), None, "time"
    except ValueError:
        raise _Invalid(f"'{key}' is not a date: {value!r}") from None


def _drop_date_line(body: str) -> tuple[str, str]:
    """Remove a leading line that only says the date; return (body, that line or "")."""
    first, _, rest = body.lstrip().partition("\n")
    if _DATE_LINE.fullmatch(first.strip()):
        return rest, first.strip()
    return body, ""


def _title_from(body: str) -> str:
    first_line = body.split("\n", 1)[0].strip()
    sentence = _SENTENCE.match(first_line)
    title = collapse_whitespace(sentence[1] if sentence else first_line)
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return title


def _source_from_url(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    if len(labels) < 2 or host.replace(".", "").isdigit():
        return ""
    while len(labels) > 1 and labels[0] in _HOST_PREFIXES:
        labels.pop(0)
    while len(labels) > 1 and labels[-1] in _HOST_SUFFIXES:
        labels.pop()
    return labels[-1].title()


def _file_stem(name: str) -> str:
    stem = re.split(r"[/\\:]", name)[-1]
    while stem.lower().endswith(_FILE_SUFFIXES):
        stem = stem.rsplit(".", 1)[0]
    return stem


def _external_id(raw_id: Any, url: str, title: str, body: str, source: str, name: str) -> str:
    if raw_id is None or raw_id == "":
        if url:
            return url
        return "sha1:" + hashlib.sha1(f"{title}\n{body}".encode()).hexdigest()
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | float):
        raise _Invalid(f"'id' must be text or a number, not {_kind(raw_id)}")
    value = str(raw_id).strip()
    if _NAMESPACED.match(value):
        return value
    return f"{slugify(source) or _file_stem(name)}:{value}"


def _list(value: Any, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(f"'{key}' must be a list")
    return value


def _tags(value: Any, key: str, extra_fields: tuple[str, ...] = ()) -> list[TagRecord]:
    tags = []
    for number, item in enumerate(_list(value, key), 1):
        if isinstance(item, str):
            if item.strip():
                tags.append(TagRecord(name=collapse_whitespace(item), slug=slugify(item)))
            continue
        if not isinstance(item, dict):
            raise _Invalid(f"'{key}' item {number} must be a name or an object, not {_kind(item)}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _Invalid(f"'{key}' item {number} has no 'name'")
        score = item.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
            raise _Invalid(f"'{key}' item {number}: 'score' must be a number, not {_kind(score)}")
        tags.append(
            TagRecord(
                name=collapse_whitespace(name),
                slug=str(item.get("slug") or slugify(name)),
                origin=str(item.get("origin") or "imported"),
                score=None if score is None else float(score),
                **{field: str(item.get(field) or "") for field in extra_fields},
            )
        )
    return _dedupe(tags)


def _dedupe(tags: list[TagRecord]) -> list[TagRecord]:
    # The first mention wins: lists are ordered strongest first.
    seen, unique = set(), []
    for tag in tags:
        key = tag.slug or tag.name.lower()
        if key not in seen:
            seen.add(key)
            unique.append(tag)
    return unique


def _related(value: Any) -> list[RelatedRecord]:
    related = []
    for number, item in enumerate(_list(value, "related"), 1):
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            raise _Invalid(f"'related' item {number} needs a 'title'")
        position = item.get("position")
        related.append(
            RelatedRecord(
                title=collapse_whitespace(item["title"]),
                position=position if isinstance(position, int) and not isinstance(position, bool) else number,
                kind=str(item.get("kind") or "story"),
                **{field: str(item.get(field) or "") for field in _RELATED_FIELDS},
            )
        )
    return related


def _links(value: Any) -> list[str]:
    links = _list(value, "links")
    if not all(isinstance(link, str) for link in links):
        raise _Invalid("'links' must be a list of urls")
    return [link.strip() for link in links if link.strip()]
