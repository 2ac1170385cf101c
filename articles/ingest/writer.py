"""Writing prepared records in chunks: each chunk one transaction of bulk inserts and updates.

When a chunk fails, its records are retried one by one, each in its own transaction, so one bad
record never leaves partial rows nor stops the others. A record whose `record_hash` is unchanged is
reported "unchanged" and not written; an updated article keeps the fields an editor changed (edits.py).
While tagging workers run (a big import), a chunk's records go to a worker as soon as they are read: it
parses those not parsed yet (`unchanged.Unparsed`), prepares them (fields.py) and finds their tags and band
keys (`prepare_ahead`), and the chunk waits in a queue until they are back, so the workers parse, prepare
and tag the next chunks while this process stores. Preparing there took 2-6% of this process's CPU off
it (docs/benchmarks.md, "Import speed: issues 16 and 13, stop 22"); parsing, 5-10% (stop 25).
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..enrich.gazetteer import default_gazetteer
from ..enrich.import_tagger import ImportTagger
from ..enrich.service import ArticleText, place_rows
from ..enrich.workers import find_all
from ..importers.records import ArticleRecord, IdentifiedRecord, ParseFailure
from ..models import Article, Story, StoryBand, bulk
from . import legacy, matching, rows, stories, unchanged
from .edits import keep_edits
from .fields import Prepared, prepare, what_it_gets
from .lookups import Lookups
from .report import ImportReport, ItemLog, ItemReport, first_line
from .undo import snapshot

log = logging.getLogger(__name__)

# The planner is told the tables' sizes after this many articles created, then each time they double.
ANALYZE_AFTER = 1000
# (item name, record, note): a note is said of the record in the report (its id came twice, ...). The
# record is parsed (ArticleRecord), held unchanged (IdentifiedRecord) or to be parsed (unchanged.Unparsed).
Pending = tuple[str, ArticleRecord | IdentifiedRecord | unchanged.Unparsed, str]


@dataclass
class _Chunk:
    """Records ready to write: those that could be stored, those that could not; or, while a worker
    prepares and tags them, the records and the worker's future."""

    prepared: list[Prepared] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    records: list[Pending] = field(default_factory=list)
    future: Future | None = None
    places: dict[str, dict | None] = field(default_factory=dict)  # the worker's `place_rows` of its tags


class Writer:
    """Writes the chunks of one import and reports each record."""

    def __init__(self, report: ImportReport, items: ItemLog, tagger: ImportTagger):
        self.report = report
        self.items = items
        self.tagger = tagger
        self.lookups = Lookups()
        self.queue: deque[_Chunk] = deque()
        self.previous: dict[int, dict] = {}  # updated articles as they were, until reported
        # Articles the planner counts (bulk.analyze), and those this import had created when it was told.
        self.planned: int | None = None
        self.analyzed = 0
        self.page_keys: set[str] = set()  # page keys with no folder that this import wrote (legacy.py)

    def submit(self, records: list[Pending]) -> None:
        """Write these records, now or, while workers prepare and tag them, once they are back (in order)."""
        for part in _unique_parts(records):
            if not self.tagger.workers:
                self.drain()
                self._write_chunk(_prepare_all(part))
                continue
            self.queue.append(self._ahead(part))
            # Every worker has a chunk to prepare meanwhile (none left if they failed on this one).
            while len(self.queue) > self.tagger.workers:
                self._write_chunk(self.queue.popleft())

    def drain(self) -> None:
        while self.queue:
            self._write_chunk(self.queue.popleft())

    def _ahead(self, records: list[Pending]) -> _Chunk:
        """A worker prepares these records and tags those that will be written: not the records
        unchanged since the last import (their stored hash, read here: a worker has no database)."""
        stored = dict(
            Article.objects.filter(
                external_id__in=[record.external_id for _, record, _ in records]
            ).values_list("external_id", "record_hash")
        )
        return _Chunk(records=records, future=self.tagger.ahead(prepare_ahead, records, stored))

    def _write_chunk(self, chunk: _Chunk) -> None:
        if chunk.records:
            ready = self.tagger.collect(chunk.future)
            # A worker that failed: the records are prepared here, and tagged after they are stored.
            chunk = ready if ready is not None else _prepare_all(chunk.records)
            self.tagger.places.update(chunk.places)
        for name, message in chunk.failures:
            self.items.fail(name, message)
        prepared = chunk.prepared
        existing, hashes = {}, {}
        for external_id, pk, record_hash in Article.objects.filter(
            external_id__in=[p.fields["external_id"] for p in prepared]
        ).values_list("external_id", "id", "record_hash"):
            existing[external_id], hashes[pk] = pk, record_hash
        legacy.take_over(prepared, existing, hashes, self.page_keys)
        legacy.remember(prepared, self.page_keys)
        to_write = []
        for item in prepared:
            item.existing_id = existing.get(item.fields["external_id"])
            if item.existing_id and hashes.get(item.existing_id) == item.fields["record_hash"]:
                self._unchanged(item)
                continue
            if unchanged.is_light(item):
                item = self._whole(item)  # written meanwhile by this import: read whole after all
                if item is None:
                    continue
                item.existing_id = existing.get(item.fields["external_id"])
            item.status = "updated" if item.existing_id else "created"
            to_write.append(item)
        if self.report.dry_run:
            keep_edits(to_write)  # the preview shows, and says, what the editors' changes keep
            stories.preview(to_write)
            for item in to_write:
                self._report(item, details=self._details(item))
            return
        try:
            with transaction.atomic():
                self._store(to_write)
        except Exception:  # whatever it was, each record is tried alone and fails alone
            self.lookups.forget()
            for item in to_write:
                self._store_alone(item)
            return
        self._report_stored(to_write)
        self._tell_the_planner()

    def _tell_the_planner(self) -> None:
        """ANALYZE the tables once the import has created as many articles as the planner counts (at least
        ANALYZE_AFTER): the table doubled since its statistics (bulk.analyze says why). An archive whose
        statistics are right is not analyzed again for an import smaller than itself."""
        if self.planned is None:
            self.planned = bulk.planned_rows(Article)
        new = self.report.created - self.analyzed
        if new >= max(ANALYZE_AFTER, self.planned):
            bulk.analyze(Article, Story, StoryBand)
            self.planned += new
            self.analyzed = self.report.created

    def _store_alone(self, item: Prepared) -> None:
        """Store one article in its own transaction; a failure fails this article only."""
        for attempt in range(2):
            if item.status == "created":
                item.existing_id = None  # an id given inside a rolled-back transaction is gone
            try:
                with transaction.atomic():
                    self._store([item])
            except Exception as error:  # this record's failure, with its message
                self.lookups.forget()
                # Another import of the same files took this external_id between our look-up and our
                # write (two imports at once). It is no failure: look again, and update the article
                # or leave it, as if it had been there all along.
                if attempt == 0 and isinstance(error, IntegrityError) and self._written_meanwhile(item):
                    if item.status == "unchanged":
                        return
                    continue
                log.warning("import of %s failed: %r", item.name, error)
                self.items.fail(item.name, f"the database refused this article: {first_line(error)}")
                return
            self._report_stored([item])
            return

    def _written_meanwhile(self, item: Prepared) -> bool:
        if item.status != "created":
            return False
        row = (
            Article.objects.filter(external_id=item.fields["external_id"])
            .values_list("id", "record_hash")
            .first()
        )
        if row is None:
            return False
        item.existing_id, stored_hash = row
        if stored_hash == item.fields["record_hash"]:
            item.status = "unchanged"
            self._unchanged(item)
        else:
            item.status = "updated"
        return True

    def _whole(self, item: Prepared) -> Prepared | None:
        """A record sorted out as unchanged (unchanged.py) that is not, parsed and prepared; None when
        it fails (said in the report)."""
        record = item.record.parse()
        if isinstance(record, ParseFailure):
            self.items.fail(record.name, record.message)
            return None
        chunk = _prepare_all([(item.name, record, item.note)])
        for name, message in chunk.failures:
            self.items.fail(name, message)
        return chunk.prepared[0] if chunk.prepared else None

    def _unchanged(self, item: Prepared) -> None:
        self.items.add(
            ItemReport(item.name, "unchanged", title=item.fields["title"], article_id=item.existing_id)
        )

    def _details(self, item: Prepared) -> dict | None:
        """A dry run's: count a new source for every article; the details for the listed ones only.

        The listed ones are at most REPORT_ITEM_LIMIT, so that a big preview tags no more than that.
        """
        source, new = self.lookups.known_source(item.record.source)
        if new:
            self.report.new_sources[source] = self.report.new_sources.get(source, 0) + 1
        if not self.report.has_room():
            return None
        found = self.tagger.find(item.text_row())
        return what_it_gets(item, source=source, new_source=new, found=found)

    def _report(self, item: Prepared, *, details: dict | None = None) -> None:
        joined = stories.joined(item) if item.status == "created" else ""
        self.report.duplicates += stories.is_copy(item) and item.status == "created"
        self.items.add(
            ItemReport(
                item.name,
                item.status,
                title=item.fields["title"],
                message="; ".join(filter(None, [item.note, joined])),
                warnings=item.warnings,
                article_id=None if self.report.dry_run else item.existing_id,
                previous=self.previous.pop(item.existing_id, None) if item.status == "updated" else None,
                details=details,
            )
        )

    def _report_stored(self, items: list[Prepared]) -> None:
        for item in items:
            self._report(item)

    def _store(self, items: list[Prepared]) -> None:
        if not items:
            return
        for item in items:
            item.fields["source_id"] = self.lookups.source_id(item.record.source)
            item.fields["batch"] = self.report.batch
        keep_edits(items)  # an editor's changes win over the re-imported record's
        stories.place_items(items)  # each article is written with its story
        rows.create_articles([item for item in items if not item.existing_id])
        updated = [item for item in items if item.status == "updated"]
        if updated:
            # What undo puts back (undo.py): read before the update, inside the same transaction.
            self.previous.update(snapshot([item.existing_id for item in updated]))
            _update(updated)
        stories.finish_items(items)
        self.lookups.store_tags([(item.existing_id, item.record) for item in items], replace=bool(updated))
        matching.store_related(items, replace=bool(updated))
        matching.link_targets(items)
        texts = [ArticleText(item.existing_id, *item.text_row()) for item in items]
        found = {item.existing_id: item.found for item in items if item.found is not None}
        self.tagger.tag(texts, found=found, new=all(item.status == "created" for item in items))


def prepare_ahead(records: list[Pending], stored: dict[str, str]) -> _Chunk:
    """In a worker: the records prepared, and those whose hash is not the one `stored` (by external id)
    given their tags and story band keys (`item.found`, `item.bands`), as `_prepare_all` and tagging
    in process would give them."""
    chunk = _prepare_all(records)
    tagged = [
        item
        for item in chunk.prepared
        if stored.get(item.fields["external_id"]) != item.fields["record_hash"]
        and not unchanged.is_light(item)
    ]
    for item, (found, bands) in zip(tagged, find_all([item.text_row() for item in tagged]), strict=True):
        item.found, item.bands = found, bands
    chunk.places = place_rows({tag.slug for item in tagged for tag in item.found[1]}, default_gazetteer())
    return chunk


def _prepare_all(records: list[Pending]) -> _Chunk:
    chunk = _Chunk([], [])
    for name, record, note in records:
        if isinstance(record, IdentifiedRecord):  # held unchanged: nothing to prepare
            chunk.prepared.append(unchanged.light(name, record, note))
            continue
        if isinstance(record, unchanged.Unparsed):  # new or changed: parsed here (in a worker if one runs)
            record = record.parse()
            if isinstance(record, ParseFailure):
                chunk.failures.append((record.name, record.message))
                continue
        try:
            chunk.prepared.append(prepare(name, record, note=note))
        except ValueError as error:
            chunk.failures.append((name, str(error)))
        except Exception as error:  # input no check foresaw: this record fails, not the import
            log.warning("import of %s could not be prepared", name, exc_info=True)
            chunk.failures.append(
                (name, f"this article could not be read ({type(error).__name__}: {first_line(error)})")
            )
    return chunk


def _update(items: list[Prepared]) -> None:
    # external_id too: a page found under its old key (legacy.py) takes its new one
    names = [name for name in items[0].fields if name != "batch"]
    articles = []
    for item in items:
        article = Article(pk=item.existing_id, **item.fields)
        article.modified_at = timezone.now()
        articles.append(article)
    Article.objects.bulk_update(articles, [*names, "batch", "modified_at"])


def _unique_parts(records: list[Pending]) -> list[list[Pending]]:
    """The records in parts without a repeated external_id, in order.

    The same article twice in one chunk (the same file given twice): the later one wins, in a part
    written after, so that it updates what the earlier one created.
    """
    parts: list[list[Pending]] = []
    while records:
        seen: set[str] = set()
        first, later = [], []
        for pending in records:
            external_id = pending[1].external_id
            (later if external_id in seen else first).append(pending)
            seen.add(external_id)
        parts.append(first)
        records = later
    return parts
