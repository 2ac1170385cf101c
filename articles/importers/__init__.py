"""Pure parsers: bytes or text in, plain records out (see records.py). No ORM imports here.

`parse_document` is the one entry point: it recognises a document's format from its content and hands
it to the page-text parser (page.py) or the JSON Lines parser (jsonl.py). Containers (folders, zip,
gzip) are opened by containers.py before that; a big file on disk comes streamed rather than read
into memory, and JSON Lines are parsed as they stream.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from functools import partial

from .records import ArticleRecord, IdentifiedRecord, InputDocument, ParseFailure, page_id

FORMATS = ("auto", "page", "jsonl")
# How a failure ends in a batch's report, after the import; its preview says what will happen instead
# (`in_preview`): "nothing was imported" above a button that has not been pressed yet reads as an error.
NOTHING_IMPORTED = "nothing was imported"
REST_SKIPPED = "the rest was skipped"
_AHEAD = {NOTHING_IMPORTED: "it will be skipped", REST_SKIPPED: "the rest will be skipped"}


def in_preview(message: str) -> str:
    """A failure's message as an import's preview gives it: "…; nothing was imported" -> "…; it will be
    skipped"."""
    for done, ahead in _AHEAD.items():
        if message.endswith(f"; {done}"):
            return message[: -len(done)] + ahead
    return message


def parse_document(
    document: InputDocument,
    *,
    format: str = "auto",
    default_source: str = "",
    tz: str = "America/Toronto",
    identify: bool = False,
) -> Iterator[ArticleRecord | IdentifiedRecord | ParseFailure]:
    """Yield the articles in one document (one for a page, one a line for JSON Lines) or failures.

    With `identify`, JSON Lines records may come as IdentifiedRecords, read whole only when asked
    (jsonl.parse_jsonl), and a page always comes as one (its key and text identify it)."""
    from .containers import decode_text, sniff_format
    from .jsonl import parse_jsonl
    from .jsonl_identify import identified
    from .text import MAX_ARTICLE_BYTES, TOO_LONG, not_text

    sample = document.sample()
    what = not_text(sample)
    if what:
        # Whatever format was chosen: a PDF read as text gave an article with no title, and said so.
        yield ParseFailure(document.name, f"not a text file (it looks like {what}); {NOTHING_IMPORTED}")
        return
    kind = sniff_format(sample) if format == "auto" else format
    if kind == "page" and format == "auto" and _named_as_json(document.name):
        # Text that is neither a page header nor JSON, in a file named as JSON: broken JSON, most likely,
        # and the JSON parser says where.
        kind = "jsonl"
    if kind in ("jsonl", "json"):
        try:
            yield from parse_jsonl(
                document.chunks(),
                name=document.name,
                default_source=default_source,
                identify=identified if identify else None,
            )
        except (OSError, EOFError, zlib.error) as error:
            # A streamed file was whole when it was opened (containers.py reads a gzip file through
            # first), so it changed or went away since.
            yield ParseFailure(document.name, f"could not be read to the end ({error}); {REST_SKIPPED}")
        return
    if kind == "unknown":
        blank = not document.streamed and not decode_text(document.data)[0].replace("\ufeff", "").strip()
        what = (
            "no text, only spaces and blank lines" if blank else "not a text file (it looks like binary data)"
        )
        yield ParseFailure(document.name, f"{what}; {NOTHING_IMPORTED}")
        return
    data = document.read(MAX_ARTICLE_BYTES)
    if data is None:
        yield ParseFailure(document.name, TOO_LONG)
        return
    text, warning = decode_text(data)
    looks = {"jsonl": "JSON Lines", "json": "JSON"}.get(sniff_format(sample)) if format == "page" else None
    read = partial(
        _page,
        text,
        warning,
        looks,
        name=document.name,
        tz=tz,
        key=document.key,
        default_source=default_source,
    )
    if identify:
        yield IdentifiedRecord(
            page_id(document.name, document.key), default_source, "", text, "page", (), {}, read
        )
    else:
        yield read()


def _page(
    text: str, warning: str | None, looks: str | None, *, name: str, tz: str, key: str, default_source: str
) -> ArticleRecord | ParseFailure:
    """One page read whole (module-level, so that a worker process can be handed it); `looks` names the
    format it looks like when page text was chosen for it."""
    from .page import parse_page

    try:
        record = parse_page(text, name=name, tz=tz, key=key)
    except ValueError as error:
        # The page reader's message may name the page itself; the failure names it once.
        return ParseFailure(name, str(error).removeprefix(f"{name}: "))
    if warning:
        record.warnings.append(warning)
    if looks:  # the format was chosen, and is kept; the preview says so before anything is written
        record.warnings.insert(0, f"read as page text, as asked, but it looks like {looks}")
    record.given_source = default_source
    if default_source and not record.source:
        record.source = default_source
        record.warnings = [w for w in record.warnings if "source" not in w.lower()]
    return record


def _named_as_json(name: str) -> bool:
    base = name.lower().removesuffix(".gz")
    return base.endswith((".jsonl", ".json", ".ndjson"))
