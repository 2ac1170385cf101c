"""Records the archive holds unchanged, found before they are parsed whole.

A re-import of the same JSON Lines file parsed every record (body, signoff, language detection when
the record names no language), prepared it (fields.py) and only then found its hash unchanged. The
parser now reads such a record only as far as what identifies it (`IdentifiedRecord`: id, source,
title, the line as it came in); `sort_out` reads the stored hashes of a window of them in one query,
and a record whose hash is the stored one goes on as it is: no more parsing, no preparing, no
tagging. The writer reports it unchanged, with the title it reported before (`light`). Every other
identified record goes on `Unparsed`: it is parsed whole where it is prepared (writer.py), in the
tagging worker while one runs, so that on a first import parsing leaves the importing process too
(docs/benchmarks.md, "Import speed: issue 16, stop 25"). A record that fails to parse then fails
where it is prepared, alone and with the parser's message, reported with its chunk.

A page file is identified the same way, by its key and its text (importers.parse_document): a
re-import of a folder of pages reads each file and hashes it, and parses only the new and changed
ones (a page's parse is most of its import's time: docs/benchmarks.md, "A folder of 20,000 files").

The hash a record is stored with is its line's (a page's text), its source's (for a page, the source
its import was given), its id's and the parser's version (fields.record_hash): the same hash means
the same line, which the same parser reads the same way, so nothing said of an unchanged record can
differ. The writer checks the hash again when it writes
(the same id earlier in the same import may have been written meanwhile) and then parses and
prepares the record after all (`Writer._whole`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from ..importers.records import ArticleRecord, IdentifiedRecord, ParseFailure
from ..models import Article
from .fields import Prepared, dates_fit, record_hash

WINDOW = 500  # records whose stored hashes are read at once


@dataclass
class Unparsed:
    """An identified record the archive does not hold unchanged (new, or changed): parsed whole
    (`parse`: an ArticleRecord or a ParseFailure) where it is prepared. It names itself as the parsed
    record will (`external_id`, `format`, `extra`'s "_line"), so it is reported under the same name."""

    identified: IdentifiedRecord

    @property
    def external_id(self) -> str:
        return self.identified.external_id

    @property
    def format(self) -> str:
        return self.identified.format

    @property
    def extra(self) -> dict[str, Any]:
        return self.identified.extra

    def parse(self) -> ArticleRecord | ParseFailure:
        return self.identified.parse()


def sort_out(
    entries: Iterable[ArticleRecord | IdentifiedRecord | ParseFailure], window: int = WINDOW
) -> Iterator[ArticleRecord | IdentifiedRecord | Unparsed | ParseFailure]:
    """The entries in order: an IdentifiedRecord the archive holds unchanged as it is, every other
    one `Unparsed`; ArticleRecords and ParseFailures as they come."""
    entries = iter(entries)
    while batch := list(islice(entries, window)):
        known = [entry.external_id for entry in batch if isinstance(entry, IdentifiedRecord)]
        rows = Article.objects.filter(external_id__in=known) if known else Article.objects.none()
        stored = {row[0]: row[1:] for row in rows.values_list("external_id", "record_hash", "title")}
        for entry in batch:
            if isinstance(entry, IdentifiedRecord):
                stored_hash, title = stored.get(entry.external_id, ("", ""))
                if not (stored_hash == record_hash(entry) and dates_fit(*entry.dates)):
                    entry = Unparsed(entry)
                elif not entry.title:  # a page: reported under the title it is stored with
                    entry = replace(entry, title=title)
            yield entry


def light(name: str, record: IdentifiedRecord, note: str = "") -> Prepared:
    """An unchanged record as the writer needs it: what it looks up (its id and hash) and what its
    report item says (the title as `prepare` gives it)."""
    fields = {
        "external_id": record.external_id,
        "title": " ".join(record.title.split())[:500],
        "record_hash": record_hash(record),
    }
    return Prepared(name=name, record=record, fields=fields, warnings=[], note=note)


def is_light(item: Prepared) -> bool:
    return isinstance(item.record, IdentifiedRecord)
