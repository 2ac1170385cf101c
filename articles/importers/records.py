"""Plain records that every parser returns and the ingest service consumes.

Parsers in this package are pure: bytes or text in, these dataclasses out. They import nothing from
Django's ORM, so they can be tested without a database and reused outside the web app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, BinaryIO

READ_SIZE = 1024**2  # bytes read from a streamed document at a time


@dataclass
class TagRecord:
    """A topic or place named by the input. ``kind``/``country_code``/``role`` apply to places;
    ``evidence`` is why an automatic tag was given (an export carries it)."""

    name: str
    slug: str = ""
    origin: str = "imported"
    score: float | None = None
    kind: str = ""
    country_code: str = ""
    role: str = ""
    evidence: str = ""


@dataclass
class RelatedRecord:
    """One entry of a related-stories list printed on the page ("Top Stories", "Most Watched Today")."""

    title: str
    position: int = 0
    section: str = ""
    kind: str = "story"  # "story" or "video"
    summary: str = ""
    age: str = ""  # as printed: "1h ago"
    duration: str = ""  # videos only: "2:33"
    url: str = ""


@dataclass
class ArticleRecord:
    """Everything one input document says about one article. Empty string / None means "not found"."""

    external_id: str
    title: str = ""
    body: str = ""  # clean paragraphs separated by a blank line
    lede: str = ""
    byline: str = ""
    dateline: str = ""  # as written: "BRUSSELS"
    published_at: dt.datetime | None = None  # aware, or naive meaning "in the configured page time zone"
    updated_at: dt.datetime | None = None
    published_date: dt.date | None = None  # when only a date (or a month) is known
    date_precision: str = ""  # "time", "day" or "month"; derived from the fields above when left empty
    source: str = ""  # a name or alias: "The Associated Press", "AP", "Reuters"
    photo_caption: str = ""
    photo_credit: str = ""
    url: str = ""
    language: str = ""  # ISO 639-1, detected from the text when the input does not say (language.py)
    kind: str = "article"  # article, digest, gallery, video, listing or stub (page_kinds.py)
    topics: list[TagRecord] = field(default_factory=list)
    places: list[TagRecord] = field(default_factory=list)
    related: list[RelatedRecord] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # links kept from the body, e.g. a coverage hub
    extra: dict[str, Any] = field(default_factory=dict)  # unknown input fields, kept verbatim
    original: str = ""  # the document as it came in, so it can be parsed again later
    format: str = ""  # "page" or "jsonl"
    warnings: list[str] = field(default_factory=list)  # fields that could not be found, said plainly
    # A page's: the source its import was given for pages that name none. A page is hashed with it
    # (ingest/fields.record_hash), not with the source read from it, so that a page the archive holds
    # unchanged is found before it is parsed (ingest/unchanged.py).
    given_source: str = ""


def page_id(name: str, key: str = "") -> str:
    """A page's external id: its path inside the folder or zip given, else its file name."""
    return f"file:{key or PurePath(name).name}"


@dataclass
class IdentifiedRecord:
    """A record read only as far as what identifies it: its id, source and title, the line as it came
    in, the dates an import checks, and what names it in a report (`extra`'s "_line"). `parse()` reads
    it whole (an ArticleRecord or a ParseFailure). An import asked for these (`identify`) so that a
    record the archive holds unchanged is never parsed further (ingest/unchanged.py).

    A page is identified by its key and text alone: `source` is the source its import was given (its
    ArticleRecord's `given_source`), `title` is empty and `dates` too (an unchanged page takes the title
    it is stored with; its dates were checked when it was stored)."""

    external_id: str
    source: str
    title: str
    original: str
    format: str
    dates: tuple[dt.date | None, ...]  # published, updated
    extra: dict[str, Any]
    parse: Callable[[], ArticleRecord | ParseFailure] | None = field(default=None, repr=False, compare=False)


@dataclass
class ParseFailure:
    """A document that could not be read at all, with a message a person understands."""

    name: str  # file name, plus line or member name: "batch.jsonl line 12", "pages.zip:foo.txt"
    message: str


@dataclass
class InputDocument:
    """One document found in the input: a file, a zip member, or one line of a JSON Lines file.

    A small document holds its bytes in ``data``. A big one on disk (a JSON Lines file of any size) is
    streamed instead: ``opener`` opens it afresh each time it is read, and ``head`` holds its first
    bytes, enough to recognise the format.
    """

    name: str  # what a person should be told: "pages.zip:site/a.txt"
    data: bytes = b""
    opener: Callable[[], BinaryIO] | None = field(default=None, repr=False, compare=False)
    head: bytes = b""
    # Its path inside the folder or zip file that was given ("site/a.txt"), which keys a page for
    # re-import: two files of one name in two folders are two articles. "" means its file name alone.
    key: str = ""

    @property
    def streamed(self) -> bool:
        return self.opener is not None

    def sample(self) -> bytes:
        """The bytes to recognise the format by."""
        return self.head if self.streamed else self.data

    def chunks(self) -> Iterator[bytes]:
        """The content, a piece at a time: read from the stream, or the bytes held as one piece."""
        if self.opener is None:
            yield self.data
            return
        with self.opener() as stream:
            while chunk := stream.read(READ_SIZE):
                yield chunk

    def read(self, limit: int) -> bytes | None:
        """The whole content, or None as soon as it is found to be longer than `limit` bytes."""
        pieces, size = [], 0
        for chunk in self.chunks():
            size += len(chunk)
            if size > limit:
                return None
            pieces.append(chunk)
        return b"".join(pieces)
