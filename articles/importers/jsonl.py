"""JSON Lines (and JSON arrays of objects) into ArticleRecords. The format is in docs/import-format.md.

JSON Lines are parsed as they are read (jsonl_stream.py splits and decodes them), so a file of any size is
imported in the same memory; a JSON array is read whole.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

from ..keys import slugify
from .jsonl_stream import Line, read_lines
from .language import detect_language
from .records import ArticleRecord, IdentifiedRecord, ParseFailure, RelatedRecord, TagRecord
from .signoff import split_signoff
from .text import (
    MAX_ARTICLE_BYTES,
    TOO_LONG,
    UTF16_BOMS,
    collapse_whitespace,
    decode_text,
    normalise_body,
)
from .values import BadValue, line_named, loads
from .values import no_id as _no_id

# A JSON array is read whole (json.loads needs all of it), and parsing takes several times its size in
# memory; JSON Lines are read as they stream and have no limit.
MAX_ARRAY_BYTES = 2 * 1024**3
ARRAY_TOO_BIG = (
    "a JSON array larger than the limit of 2 GiB; skipped (JSON Lines, one object a line, have no limit)"
)
_PEEK_SIZE = 64 * 1024  # leading blank space looked through for the first character
_TEXT_FIELDS = ("source", "byline", "dateline", "url", "language", "kind", "photo_caption", "photo_credit",
                "lede")  # fmt: skip
_KNOWN = {"id", "title", "body", "published_at", "updated_at", "topics", "places", "related", "links"}
_KNOWN.update(_TEXT_FIELDS)
_PLACE_FIELDS = ("kind", "country_code", "role", "evidence")
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


_MAX_POSITION = 2**31 - 1  # what the database's integer column holds
# jsonl_identify.identified: (value, raw=, name=, default_source=) -> IdentifiedRecord or None
Identify = Callable[..., IdentifiedRecord | None]


class _Invalid(BadValue):
    """A field that makes the whole line unusable; the message names the field."""


def parse_jsonl(
    data: bytes | str | Iterable[bytes],
    *,
    name: str,
    default_source: str = "",
    identify: Identify | None = None,
) -> Iterator[ArticleRecord | IdentifiedRecord | ParseFailure]:
    """One ArticleRecord or ParseFailure per non-blank line (or per element of a JSON array).

    `data` is the whole document, or its bytes in chunks as they are read from a stream: lines are
    then parsed as they arrive, in the memory of a line or two whatever the size of the file. A JSON
    array is the exception: it is read whole, up to MAX_ARRAY_BYTES. With `identify`
    (jsonl_identify.identified), a JSON Lines record it can identify is read only that far: an
    IdentifiedRecord, whose `parse()` gives what it would have given.
    """
    head, chunks = _peek([data] if isinstance(data, bytes | str) else data)
    first = _first_char(head)
    if first == "[":
        yield from _parse_array(chunks, name=name, default_source=default_source)
        return
    lines = read_lines(chunks)
    if first == "{":
        single, raw, lines = _single_object(lines)
        if single is not None:
            yield _result(single, raw=raw, where="document", name=name, default_source=default_source)
            return
    yield from _parse_lines(lines, name=name, default_source=default_source, identify=identify)


def _parse_lines(
    lines: Iterable[Line], *, name: str, default_source: str, identify: Identify | None = None
) -> Iterator[ArticleRecord | IdentifiedRecord | ParseFailure]:
    for number, line, warning in lines:
        where = f"line {number}"
        if line is None:
            yield ParseFailure(f"{name} {where}", TOO_LONG)
            continue
        if not line.strip():
            continue
        try:
            value = loads(line)
        except BadValue as error:
            yield ParseFailure(f"{name} {where}", str(error))
            continue
        warnings = [warning] if warning else []
        known = identify(value, raw=line, name=name, default_source=default_source) if identify else None
        parse = partial(
            _numbered, value, number, raw=line, where=where, name=name, default_source=default_source,
            warnings=warnings,
        )  # fmt: skip
        if known is None:
            yield parse()
        else:
            known.parse = parse
            yield line_named(known, number, value)


def _numbered(value: Any, number: int, **kw) -> ArticleRecord | ParseFailure:
    """A line's record or failure, named in a report by its line and its own id (values.line_named)."""
    return line_named(_result(value, **kw), number, value)


def _peek(chunks: Iterable[bytes] | Iterable[str]) -> tuple[bytes | str, Iterator]:
    """The start of the chunks, enough to see the first character, and all the chunks again."""
    chunks = iter(chunks)
    head = next(chunks, b"")
    while len(head) < _PEEK_SIZE and not _first_char(head):
        more = next(chunks, None)
        if more is None:
            break
        head += more
    return head, chain([head], chunks)


def _first_char(data: bytes | str) -> str:
    if isinstance(data, bytes) and data.startswith(UTF16_BOMS):
        data = data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    if isinstance(data, bytes):
        return data.removeprefix(codecs.BOM_UTF8).lstrip()[:1].decode("latin-1")
    return data.removeprefix("\ufeff").lstrip()[:1]


def _single_object(lines: Iterator[Line]) -> tuple[Any, str, Iterator[Line]]:
    """A pretty-printed object spread over several lines, rather than one object a line.

    Returns the object and its text, or None and the lines to read one by one. Lines are read ahead
    only while they could still be one article: a first line that is JSON by itself, a line too long,
    or more text than one article ends the look-ahead, and the lines read so far are given back.
    """
    ahead: list[Line] = []
    size, first = 0, None
    for number, line, warning in lines:
        ahead.append((number, line, warning))
        if line is None:
            break
        size += len(line) + 1
        if size > MAX_ARTICLE_BYTES:
            break
        if first is None and line.strip():
            first = line
            try:
                loads(first)
                break
            except BadValue:
                pass
    else:
        raw = "\n".join(line for _, line, _ in ahead)
        try:
            value = loads(raw)
        except BadValue:
            value = None
        if isinstance(value, dict):
            return value, raw, iter(())
    return None, "", chain(ahead, lines)


def _parse_array(
    chunks: Iterable[bytes] | Iterable[str], *, name: str, default_source: str
) -> Iterator[ArticleRecord | ParseFailure]:
    pieces, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_ARRAY_BYTES:
            yield ParseFailure(name, ARRAY_TOO_BIG)
            return
        pieces.append(chunk)
    data = pieces[0][:0].join(pieces)
    text, warning = decode_text(data) if isinstance(data, bytes) else (data, None)
    try:
        items = loads(text.removeprefix("\ufeff"))
    except BadValue as error:
        if _holds_lines(text):  # not one array after all, but lines, the first of them "[..."
            yield from _parse_lines(read_lines([data]), name=name, default_source=default_source)
            return
        decode_error = error.__context__
        if isinstance(decode_error, json.JSONDecodeError):
            where = f"line {decode_error.lineno}"
            yield ParseFailure(f"{name} {where}", str(error))
        else:
            yield ParseFailure(name, str(error))
        return
    for number, item in enumerate(items, 1):
        raw = json.dumps(item, ensure_ascii=False)
        warnings = [warning] if warning else []
        yield _result(
            item, raw=raw, where=f"item {number}", name=name, default_source=default_source, warnings=warnings
        )


def _holds_lines(text: str) -> bool:
    """Whether text that is not one JSON array is JSON Lines after all: a first line that opens with
    "[" (a hostile one, or a list on its own line), then lines that are objects each."""
    for line in text.split("\n")[1:]:
        if line.strip().startswith("{"):
            try:
                return isinstance(loads(line), dict)
            except BadValue:
                continue
    return False


def _result(value: Any, *, raw: str, where: str, name: str, default_source: str, warnings=None):
    warnings = warnings or []
    try:
        return _record(value, raw=raw, name=name, default_source=default_source, warnings=warnings)
    except BadValue as error:
        return ParseFailure(f"{name} {where}", str(error))
    except Exception as error:  # noqa: BLE001 - a line no rule foresaw fails alone; the file goes on
        return ParseFailure(f"{name} {where}", f"could not be read ({type(error).__name__}: {error})"[:500])


def _record(obj: Any, *, raw: str, name: str, default_source: str, warnings: list[str]) -> ArticleRecord:
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object, found {_kind(obj)}")
    fields = {key: _text(obj, key) for key in _TEXT_FIELDS}
    raw_body = _text(obj, "body", numbers=False)
    if not raw_body.strip() and _is_number(obj.get("title")):
        raise _Invalid("'title' must be text, not a number (a number is read as a title only beside a body)")
    title = collapse_whitespace(_text(obj, "title"))
    body, date_line = _drop_date_line(raw_body.replace("\r\n", "\n").replace("\r", "\n"))
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
        try:
            published_date, precision = dt.datetime.strptime(date_line, "%A, %B %d, %Y").date(), "day"
            warnings.append("date taken from the date line at the top of the body")
        except ValueError:  # "Friday, February 30, 2019": not a day on the calendar
            pass
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

    topics = _tags(obj.get("topics"), "topics", ("evidence",))
    category = obj.get("category")
    if isinstance(category, str) and category.strip():
        topics = _dedupe([*topics, TagRecord(name=category.strip(), slug=slugify(category))])
    consumed = _KNOWN | {date_key} | ({"category"} if isinstance(category, str) else set())
    if "id" in obj and _no_id(obj["id"]):
        # Said, because it is keyed as a record without an id: imported again with an id, it is a second article.
        warnings.append(f"'id' is empty; the article is keyed by its {'url' if url else 'title and body'}")
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
        # A language the record gives wins; otherwise it is detected, as for pages ("" when too short).
        language=fields["language"].strip() or detect_language(title, body),
        kind=fields["kind"].strip().lower() or "article",
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


def _text(obj: dict, key: str, *, numbers: bool = True) -> str:
    """A text field; a number is read as its text unless `numbers` is False (a body is text or nothing)."""
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if numbers and _is_number(value):
        return str(value)
    raise _Invalid(f"'{key}' must be text, not {_kind(value)}")


# What a bad date's message asks for (docs/import-format.md).
_DATE_FORMS = "write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00"


def _when(value: Any, key: str) -> tuple[dt.datetime | None, dt.date | None, str]:
    """(datetime, date, precision) for an ISO 8601 value; naive datetimes stay naive."""
    if value is None or value == "":
        return None, None, ""
    if not isinstance(value, str):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        why = f"a number is not read as a date: {_DATE_FORMS}" if number else _DATE_FORMS
        raise _Invalid(f"'{key}' is not a date: {value!r} ({why})")
    text = value.strip()
    try:
        if _DATE_ONLY.fullmatch(text):
            return None, dt.date.fromisoformat(text), "day"
        month = _MONTH_ONLY.fullmatch(text)
        if month:
            return None, dt.date(int(month[1]), int(month[2]), 1), "month"
        return dt.datetime.fromisoformat(text), None, "time"
    except ValueError:
        raise _Invalid(f"'{key}' is not a date: {value!r} ({_DATE_FORMS})") from None


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
    if _no_id(raw_id):
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
        if score is not None and not -1e9 < score < 1e9:
            raise _Invalid(f"'{key}' item {number}: 'score' {score:g} is out of range")
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
                position=position if _is_int(position) and 0 <= position <= _MAX_POSITION else number,
                kind=str(item.get("kind") or "story"),
                **{field: str(item.get(field) or "") for field in _RELATED_FIELDS},
            )
        )
    return related


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _links(value: Any) -> list[str]:
    links = _list(value, "links")
    if not all(isinstance(link, str) for link in links):
        raise _Invalid("'links' must be a list of urls")
    return [link.strip() for link in links if link.strip()]
