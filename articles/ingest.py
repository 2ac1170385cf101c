"""The one service that writes parsed records into the database.

The admin upload and the `import_articles` command both call `import_documents`; nothing else writes
imported articles. Imports are idempotent: an article is keyed on its `external_id`, and a record whose
content hash is unchanged is reported "unchanged" and not written. Records are written in chunks, each
chunk in one transaction with bulk inserts; when a chunk fails, its records are retried one by one,
each in its own transaction, so one bad document never leaves partial rows nor stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, IntegrityError, reset_queries, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.text import slugify

from . import importers
from .enrich.places import name_key
from .enrich.service import ArticleText, current_topic_rules, tag_articles
from .enrich.workers import WORKER_TIMEOUT, Found, TagPool, TextRow
from .importers import parse_document
from .importers.records import ArticleRecord, InputDocument, ParseFailure
from .importers.wire import AGENCIES, canonical_source
from .models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    ImportBatch,
    ImportItem,
    Place,
    RelatedLink,
    Source,
    SourceAlias,
    TagOrigin,
    Topic,
    normalise_alias,
    normalise_title,
)
from .undo import snapshot

log = logging.getLogger(__name__)

CHUNK_SIZE = 500
# An import that has read this many records tags the rest in worker processes (IMPORT_TAG_WORKERS);
# a smaller one is not worth their start (a second or so each, loading the gazetteer).
PARALLEL_AFTER = 1000
# Interrupted imports stay on the upload page this long (they are marked so by their stale heartbeat,
# see ImportBatch).
INTERRUPTED_SHOWN = dt.timedelta(days=1)
# A report keeps every failure, but only this many other items in memory (the batch keeps them all).
REPORT_ITEM_LIMIT = 1000
AGENCY_NAMES = frozenset(AGENCIES.values())


@dataclass
class ItemReport:
    name: str
    status: str
    title: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    article_id: int | None = None
    previous: dict | None = None  # an updated article as it was before (undo.snapshot)


@dataclass
class ImportReport:
    """Counts and items of one import; `batch` is None for a dry run (nothing was written)."""

    dry_run: bool = False
    batch: ImportBatch | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    duplicates: int = 0
    items: list[ItemReport] = field(default_factory=list)
    items_left_out: int = 0
    read: int = 0  # documents and lines parsed so far, written or not yet (for progress)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, failed {self.failed}"

    def add(self, item: ItemReport) -> None:
        setattr(self, item.status, getattr(self, item.status) + 1)
        if item.status == "failed" or len(self.items) < REPORT_ITEM_LIMIT:
            self.items.append(item)
        else:
            self.items_left_out += 1


ProgressCallback = Callable[[int, int, "ImportReport"], None]


def import_documents(
    documents: Iterable[InputDocument | ParseFailure],
    *,
    format: str = "auto",
    default_source: str = "",
    dry_run: bool = False,
    user=None,
    via: str = "command",
    files: Iterable[str] = (),
    total_documents: int = 0,
    progress: ProgressCallback | None = None,
    tag: bool | None = None,
    batch: ImportBatch | None = None,
) -> ImportReport:
    """Parse and store every document; return the report (and, unless `dry_run`, the saved batch).

    `progress(documents_done, total_documents, report)` is called after each document and each chunk.
    `tag` tags created and updated articles with topics and places (default: AUTO_TAG_ON_IMPORT).
    `batch`, created beforehand (queued, by the admin), is the one to run; otherwise one is created.
    The batch is marked running, beats its heartbeat at every chunk, stops after the chunk during
    which someone asked to cancel it, and ends finished, cancelled or failed whatever happens.
    """
    report = ImportReport(dry_run=dry_run)
    if not dry_run:
        now = timezone.now()
        if batch is None:
            batch = ImportBatch(
                created_by=user if getattr(user, "pk", None) else None,
                via=via,
                format=format,
                files=list(files)[:1000],
            )
            batch.status, batch.running_since, batch.heartbeat_at = ImportBatch.Status.RUNNING, now, now
            batch.save()
        elif not ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
            status=ImportBatch.Status.RUNNING, running_since=now, heartbeat_at=now
        ):
            return report  # cancelled (or run by another worker) before it started: nothing to do
        else:
            batch.status, batch.running_since, batch.heartbeat_at = ImportBatch.Status.RUNNING, now, now
        report.batch = batch
    writer = _Writer(report, tag=getattr(settings, "AUTO_TAG_ON_IMPORT", True) if tag is None else tag)
    status, message = ImportBatch.Status.FINISHED, ""
    try:
        if not _read_and_write(documents, writer, report, format, default_source, total_documents, progress):
            status, message = ImportBatch.Status.CANCELLED, "Cancelled: it stopped after a whole chunk."
    except BaseException as error:
        status, message = ImportBatch.Status.FAILED, f"It stopped: {type(error).__name__}: {error}"
        raise
    finally:
        writer.close()
        if report.batch:
            _end(report, status, message)
    return report


def _end(report: ImportReport, status: str, message: str) -> None:
    batch = report.batch
    batch.status, batch.message, batch.finished_at = status, message[:2000], timezone.now()
    for name in COUNTS:
        setattr(batch, name, getattr(report, name))
    batch.save(update_fields=["status", "message", "finished_at", *COUNTS])


def _read_and_write(documents, writer, report, format, default_source, total_documents, progress) -> bool:
    """Read, parse and write everything; False when it stopped early, cancelled."""
    pending: list[tuple[str, ArticleRecord]] = []
    done = 0
    cancelled = False
    for document in documents:
        if isinstance(document, ParseFailure):
            writer.fail(document.name, document.message)
        else:
            records = parse_document(
                document, format=format, default_source=default_source, tz=settings.PAGE_TIME_ZONE
            )
            for record in records:
                report.read += 1
                if isinstance(record, ParseFailure):
                    writer.fail(record.name, record.message)
                    continue
                pending.append((_item_name(document.name, record), record))
                if len(pending) >= CHUNK_SIZE:
                    writer.submit(pending)
                    pending = []
                    cancelled = _beat(report)
                    # With DEBUG on, Django keeps every query's SQL (whole article texts in the bulk
                    # inserts): 800 MB at 200,000 records. A long import forgets them chunk by chunk.
                    reset_queries()
                    # Workers once the import is big and has something to tag: a second import
                    # of the same records writes nothing and needs none.
                    if report.read >= PARALLEL_AFTER and (report.created or report.updated):
                        writer.start_workers(getattr(settings, "IMPORT_TAG_WORKERS", 0))
                    if progress:
                        progress(done, total_documents, report)
                    if cancelled:
                        break
        if cancelled:
            break
        done += 1
        if progress:
            progress(done, total_documents, report)
    if not cancelled:
        writer.submit(pending)
    writer.drain()
    writer.flush_items()
    return not cancelled


COUNTS = ("created", "updated", "unchanged", "failed", "duplicates")


def _beat(report: ImportReport) -> bool:
    """Save the counts and the heartbeat after a chunk; True when someone asked to cancel the import.

    The progress page shows the counts while the import runs, and what it had done if it is killed.
    """
    if not report.batch:
        return False
    batch = ImportBatch.objects.filter(pk=report.batch.pk)
    batch.update(heartbeat_at=timezone.now(), **{name: getattr(report, name) for name in COUNTS})
    return batch.filter(cancel_requested=True).exists()


def interrupted_batches():
    """Imports interrupted in the last INTERRUPTED_SHOWN, newest first, marking those just found so.

    A running import whose heartbeat stopped was killed, or its machine went down, before it
    finished: what it wrote is whole, since each chunk is one transaction, and importing the same
    files again completes it.
    """
    ImportBatch.objects.mark_interrupted()
    return ImportBatch.objects.filter(
        status=ImportBatch.Status.INTERRUPTED, finished_at__gte=timezone.now() - INTERRUPTED_SHOWN
    ).order_by("-started_at")


def _item_name(document_name: str, record: ArticleRecord) -> str:
    if record.format == "page":
        return document_name
    line = record.extra.get("_line") if isinstance(record.extra, dict) else None
    return f"{document_name} line {line}" if line else f"{document_name}: {record.external_id}"


@dataclass
class _Prepared:
    name: str
    record: ArticleRecord
    fields: dict
    warnings: list[str]
    existing_id: int | None = None
    status: str = ""
    found: Found | None = None  # tags found ahead by a worker process
    previous: dict | None = None  # an updated article as it was before (for undo)

    def text_row(self) -> TextRow:
        fields = self.fields
        return (
            fields["title"],
            fields["body"],
            fields["photo_caption"],
            fields["dateline"],
            fields["links"],
            canonical_source(self.record.source),
        )


@dataclass
class _Chunk:
    """Records ready to write: those that could be stored, those that could not, and tags on the way."""

    prepared: list[_Prepared]
    failures: list[tuple[str, str]]
    tagged: list[_Prepared] = field(default_factory=list)
    future: Future | None = None


class _Writer:
    """Writes chunks of records for one import, keeping caches of sources, topics and places."""

    def __init__(self, report: ImportReport, *, tag: bool):
        self.report = report
        self.tag = tag
        self.topic_rules = None  # read from the database once, at the first chunk that needs them
        self.batch = report.batch
        self.sources: dict[str, int] = {}
        self.topics: dict[str, int] = {}
        self.places: dict[str, int] = {}
        self.unsaved_items: list[ImportItem] = []
        self.pool: TagPool | None = None
        self.pool_failed = False
        self.queue: deque[_Chunk] = deque()

    # -- reporting ---------------------------------------------------------------------------------
    def fail(self, name: str, message: str) -> None:
        self._record(ItemReport(name=name, status="failed", message=message))

    def _record(self, item: ItemReport) -> None:
        self.report.add(item)
        if self.batch and item.status != "unchanged":
            self.unsaved_items.append(
                ImportItem(
                    batch=self.batch,
                    name=item.name[:500],
                    status=item.status,
                    article_id=item.article_id,
                    message=item.message,
                    warnings=item.warnings,
                    previous=item.previous,
                )
            )
        if len(self.unsaved_items) >= CHUNK_SIZE:
            self.flush_items()

    def flush_items(self) -> None:
        if self.unsaved_items:
            ImportItem.objects.bulk_create(self.unsaved_items)
            self.unsaved_items = []

    # -- tagging ahead in worker processes ---------------------------------------------------------
    def start_workers(self, workers: int) -> None:
        """Tag the chunks still to come in `workers` processes while this one parses and stores."""
        if self.pool or self.pool_failed or not workers or not self.tag or self.report.dry_run:
            return
        if self.topic_rules is None:
            self.topic_rules = current_topic_rules()
        try:
            self.pool = TagPool(self.topic_rules, workers)
        except OSError as error:  # no processes to be had: tag in process, as a small import does
            log.warning("import: tagging in process, no worker processes: %s", error)
            self.pool_failed = True

    def _tag_ahead(self, chunk: _Chunk) -> None:
        # Only what will be written needs tags: records unchanged since the last import do not.
        stored = dict(
            Article.objects.filter(
                external_id__in=[item.fields["external_id"] for item in chunk.prepared]
            ).values_list("external_id", "record_hash")
        )
        chunk.tagged = [
            item
            for item in chunk.prepared
            if stored.get(item.fields["external_id"]) != item.fields["record_hash"]
        ]
        if chunk.tagged:
            chunk.future = self.pool.submit([item.text_row() for item in chunk.tagged])

    def _collect(self, chunk: _Chunk) -> None:
        if chunk.future is None:
            return
        try:
            found = chunk.future.result(timeout=WORKER_TIMEOUT) if not self.pool_failed else None
        except Exception:  # whatever went wrong there, the import goes on and tags in process
            log.warning("import: tagging in a worker process failed, tagging in process", exc_info=True)
            found = None
            self._stop_workers(failed=True)
        if found is not None:
            for item, tags in zip(chunk.tagged, found, strict=True):
                item.found = tags

    def _stop_workers(self, *, failed: bool = False) -> None:
        self.pool_failed = self.pool_failed or failed
        if self.pool:
            pool, self.pool = self.pool, None
            pool.close(kill=failed)

    def close(self) -> None:
        self._stop_workers()

    # -- writing -----------------------------------------------------------------------------------
    def submit(self, records: list[tuple[str, ArticleRecord]]) -> None:
        """Write these records, now or, while workers tag, once their tags are back (in order)."""
        for part in _unique_parts(records):
            chunk = self._prepare_all(part)
            if self.pool is None:
                self.drain()
                self._write_chunk(chunk)
                continue
            self._tag_ahead(chunk)
            self.queue.append(chunk)
            # Every worker has a chunk to tag meanwhile (none left if they failed on this one).
            while len(self.queue) > (self.pool.workers if self.pool else 0):
                self._write_chunk(self.queue.popleft())

    def drain(self) -> None:
        while self.queue:
            self._write_chunk(self.queue.popleft())

    def _prepare_all(self, records: list[tuple[str, ArticleRecord]]) -> _Chunk:
        chunk = _Chunk([], [])
        for name, record in records:
            try:
                chunk.prepared.append(_prepare(name, record))
            except ValueError as error:
                chunk.failures.append((name, str(error)))
        return chunk

    def _write_chunk(self, chunk: _Chunk) -> None:
        for name, message in chunk.failures:
            self.fail(name, message)
        self._collect(chunk)
        prepared = chunk.prepared
        existing, hashes = {}, {}
        for external_id, pk, record_hash in Article.objects.filter(
            external_id__in=[p.fields["external_id"] for p in prepared]
        ).values_list("external_id", "id", "record_hash"):
            existing[external_id], hashes[pk] = pk, record_hash
        to_write = []
        for item in prepared:
            item.existing_id = existing.get(item.fields["external_id"])
            if item.existing_id and hashes.get(item.existing_id) == item.fields["record_hash"]:
                self._record(
                    ItemReport(
                        item.name, "unchanged", title=item.fields["title"], article_id=item.existing_id
                    )
                )
            else:
                item.status = "updated" if item.existing_id else "created"
                to_write.append(item)
        if self.report.dry_run:
            self._count_preview(to_write)
            return
        try:
            with transaction.atomic():
                self._store(to_write)
        except DatabaseError:
            self._forget_caches()
            for item in to_write:
                self._store_alone(item)
            return
        self._report_stored(to_write)

    def _store_alone(self, item: _Prepared) -> None:
        """Store one article in its own transaction; a failure fails this article only."""
        for attempt in range(2):
            if item.status == "created":
                item.existing_id = None  # an id given inside a rolled-back transaction is gone
            try:
                with transaction.atomic():
                    self._store([item])
            except DatabaseError as error:
                self._forget_caches()
                # Another import of the same files took this external_id between our look-up and our
                # write (two imports at once). It is no failure: look again, and update the article
                # or leave it, as if it had been there all along.
                if attempt == 0 and isinstance(error, IntegrityError) and self._written_meanwhile(item):
                    if item.status == "unchanged":
                        return
                    continue
                log.warning("import of %s failed: %s", item.name, error)
                self.fail(item.name, f"the database refused this article: {error}")
                return
            self._report_stored([item])
            return

    def _written_meanwhile(self, item: _Prepared) -> bool:
        if item.status != "created":
            return False
        row = Article.objects.filter(external_id=item.fields["external_id"]).values_list("id", "record_hash")
        row = row.first()
        if row is None:
            return False
        item.existing_id, stored_hash = row
        if stored_hash == item.fields["record_hash"]:
            item.status = "unchanged"
            self._record(
                ItemReport(item.name, "unchanged", title=item.fields["title"], article_id=item.existing_id)
            )
        else:
            item.status = "updated"
        return True

    def _count_preview(self, items: list[_Prepared]) -> None:
        fingerprints = set(
            Article.objects.filter(fingerprint__in=[i.fields["fingerprint"] for i in items]).values_list(
                "fingerprint", flat=True
            )
        )
        for item in items:
            duplicate = item.status == "created" and item.fields["fingerprint"] in fingerprints
            fingerprints.add(item.fields["fingerprint"])
            message = "the same text as an article already in the archive" if duplicate else ""
            self.report.duplicates += duplicate
            self._record(
                ItemReport(
                    item.name,
                    item.status,
                    title=item.fields["title"],
                    message=message,
                    warnings=item.warnings,
                )
            )

    def _report_stored(self, items: list[_Prepared]) -> None:
        for item in items:
            duplicate = item.fields.get("duplicate_of_id") is not None and item.status == "created"
            self.report.duplicates += duplicate
            message = "the same text as an article already in the archive" if duplicate else ""
            self._record(
                ItemReport(
                    item.name,
                    item.status,
                    title=item.fields["title"],
                    message=message,
                    warnings=item.warnings,
                    article_id=item.existing_id,
                    previous=item.previous,
                )
            )

    def _forget_caches(self) -> None:
        # Rows created inside a rolled-back transaction are gone; so must their cached ids be.
        self.sources.clear()
        self.topics.clear()
        self.places.clear()

    def _store(self, items: list[_Prepared]) -> None:
        if not items:
            return
        for item in items:
            item.fields["source_id"] = self._source_id(item.record.source)
            item.fields["batch"] = self.batch
        self._assign_duplicates(items)
        new = [item for item in items if not item.existing_id]
        created = Article.objects.bulk_create([Article(**item.fields) for item in new])
        for item, article in zip(new, created, strict=True):
            item.existing_id = article.pk
        self._fix_duplicates_within(new)
        updated = [item for item in items if item.status == "updated"]
        if updated:
            # What undo puts back: read before the update, inside the same transaction.
            previous = snapshot([item.existing_id for item in updated])
            for item in updated:
                item.previous = previous.get(item.existing_id)
            self._update(updated)
        self._store_tags(items, replace=bool(updated))
        self._store_related(items, replace=bool(updated))
        self._link_targets(items)
        if self.tag:
            self._tag(items)

    def _tag(self, items: list[_Prepared]) -> None:
        if self.topic_rules is None:
            self.topic_rules = current_topic_rules()
        texts = [ArticleText(item.existing_id, *item.text_row()) for item in items]
        found = {item.existing_id: item.found for item in items if item.found is not None}
        new = all(item.status == "created" for item in items)
        tag_articles(texts, rules=self.topic_rules, found=found, new=new)

    def _assign_duplicates(self, items: list[_Prepared]) -> None:
        fingerprints = {item.fields["fingerprint"] for item in items}
        canonical: dict[str, int] = {}
        rows = (
            Article.objects.filter(fingerprint__in=fingerprints, duplicate_of__isnull=True)
            .order_by("id")
            .values_list("fingerprint", "id")
        )
        for fingerprint, pk in rows:
            canonical.setdefault(fingerprint, pk)
        for item in items:
            original = canonical.get(item.fields["fingerprint"])
            item.fields["duplicate_of_id"] = original if original != item.existing_id else None

    def _fix_duplicates_within(self, new: list[_Prepared]) -> None:
        first: dict[str, int] = {}
        changed = []
        for item in new:
            fingerprint = item.fields["fingerprint"]
            if item.fields["duplicate_of_id"] is None:
                if fingerprint in first:
                    item.fields["duplicate_of_id"] = first[fingerprint]
                    changed.append(Article(pk=item.existing_id, duplicate_of_id=first[fingerprint]))
                else:
                    first[fingerprint] = item.existing_id
        if changed:
            Article.objects.bulk_update(changed, ["duplicate_of"])

    def _update(self, items: list[_Prepared]) -> None:
        names = [name for name in items[0].fields if name not in ("external_id", "batch")]
        articles = []
        for item in items:
            article = Article(pk=item.existing_id, **item.fields)
            article.modified_at = timezone.now()
            articles.append(article)
        Article.objects.bulk_update(articles, [*names, "batch", "modified_at"])

    def _store_tags(self, items: list[_Prepared], *, replace: bool) -> None:
        ids = [item.existing_id for item in items]
        if replace:
            # Only what an import gave is replaced; editors' and automatic tags stay.
            ArticleTopic.objects.filter(article_id__in=ids, origin=TagOrigin.IMPORTED).delete()
            ArticlePlace.objects.filter(article_id__in=ids, origin=TagOrigin.IMPORTED).delete()
        topic_rows, place_rows = [], []
        for item in items:
            for tag in item.record.topics:
                topic_rows.append(
                    ArticleTopic(
                        article_id=item.existing_id,
                        topic_id=self._topic_id(tag),
                        origin=_origin(tag.origin),
                        score=tag.score,
                    )
                )
            for tag in item.record.places:
                place_rows.append(
                    ArticlePlace(
                        article_id=item.existing_id,
                        place_id=self._place_id(tag),
                        origin=_origin(tag.origin),
                        role=tag.role if tag.role in ArticlePlace.Role.values else "",
                        score=tag.score,
                    )
                )
        ArticleTopic.objects.bulk_create(topic_rows, ignore_conflicts=True)
        ArticlePlace.objects.bulk_create(place_rows, ignore_conflicts=True)

    def _store_related(self, items: list[_Prepared], *, replace: bool) -> None:
        if replace:
            RelatedLink.objects.filter(article_id__in=[item.existing_id for item in items]).delete()
        rows = []
        for item in items:
            for position, link in enumerate(item.record.related):
                title = " ".join(link.title.split())[:500]
                if not title:
                    continue
                rows.append(
                    RelatedLink(
                        article_id=item.existing_id,
                        position=position,
                        section=link.section[:200],
                        kind=link.kind if link.kind in RelatedLink.Kind.values else RelatedLink.Kind.STORY,
                        title=title,
                        title_key=normalise_title(title),
                        summary=link.summary,
                        age=link.age[:50],
                        duration=link.duration[:20],
                        url=link.url[:1000],
                    )
                )
        if not rows:
            return
        keys = {row.title_key for row in rows}
        targets: dict[str, int] = {}
        for key, pk in (
            Article.objects.filter(title_key__in=keys)
            .order_by("duplicate_of_id", "id")
            .values_list("title_key", "id")
        ):
            targets.setdefault(key, pk)
        for row in rows:
            target = targets.get(row.title_key)
            row.target_id = target if target != row.article_id else None
        RelatedLink.objects.bulk_create(rows)

    def _link_targets(self, items: list[_Prepared]) -> None:
        """Point links printed before this article was archived at it (whichever came first)."""
        by_key = {}
        for item in items:
            if item.fields["duplicate_of_id"] is None:
                by_key.setdefault(item.fields["title_key"], item.existing_id)
        waiting = set(
            RelatedLink.objects.filter(title_key__in=by_key, target__isnull=True).values_list(
                "title_key", flat=True
            )
        )
        for key in waiting:
            RelatedLink.objects.filter(title_key=key, target__isnull=True).exclude(
                article_id=by_key[key]
            ).update(target_id=by_key[key])

    # -- lookups -----------------------------------------------------------------------------------
    def _source_id(self, name: str) -> int | None:
        name = canonical_source(" ".join((name or "").split()))[:200]
        if not name:
            return None
        key = normalise_alias(name)
        if key not in self.sources:
            self.sources[key] = resolve_source(name).pk
        return self.sources[key]

    def _topic_id(self, tag) -> int:
        slug = (tag.slug or slugify(tag.name))[:200] or "topic"
        if slug not in self.topics:
            topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": tag.name[:200] or slug})
            self.topics[slug] = topic.pk
        return self.topics[slug]

    def _place_id(self, tag) -> int:
        slug = (tag.slug or slugify(tag.name))[:200] or "place"
        if slug not in self.places:
            place = Place.objects.filter(slug=slug).first() or _gazetteer_place(tag)
            if place is None:
                kind = tag.kind if tag.kind in Place.Kind.values else ""
                place, _ = Place.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": tag.name[:200] or slug,
                        "kind": kind,
                        "country_code": tag.country_code[:2].upper(),
                    },
                )
            self.places[slug] = place.pk
        return self.places[slug]


def _unique_parts(records: list[tuple[str, ArticleRecord]]) -> list[list[tuple[str, ArticleRecord]]]:
    """The records in parts without a repeated external_id, in order.

    The same article twice in one chunk (the same file given twice): the later one wins, in a part
    written after, so that it updates what the earlier one created.
    """
    parts: list[list[tuple[str, ArticleRecord]]] = []
    while records:
        seen: set[str] = set()
        first, later = [], []
        for name, record in records:
            (later if record.external_id in seen else first).append((name, record))
            seen.add(record.external_id)
        parts.append(first)
        records = later
    return parts


def _gazetteer_place(tag) -> Place | None:
    """The gazetteer's place an imported name stands for ("usa", "U.K.", "west-germany"), if any.

    Imported labels use their own codes; matching them to the gazetteer's names and aliases lets the
    place filter, its hierarchy and the map work for imported and automatic tags alike.
    """
    key = name_key(tag.name.replace("-", " "))
    if not key:
        return None
    candidates = Place.objects.filter(Q(names__key=key) | Q(name__iexact=tag.name.replace("-", " ")))
    if tag.kind in Place.Kind.values:
        candidates = candidates.filter(kind=tag.kind)
    if tag.country_code:
        candidates = candidates.filter(country_code=tag.country_code[:2].upper())
    rank = Case(When(kind="country", then=0), When(kind="region", then=1), default=2)
    return candidates.order_by(rank, F("population").desc(nulls_last=True), "pk").first()


def resolve_source(name: str) -> Source:
    """The source called `name` or known by it as an alias; created (with its agency aliases) if new."""
    name = canonical_source(name)
    alias = SourceAlias.objects.select_related("source").filter(key=normalise_alias(name)).first()
    if alias:
        return alias.source
    kind = Source.Kind.AGENCY if name in AGENCY_NAMES else Source.Kind.PUBLISHER
    source, _ = Source.objects.get_or_create(
        name=name, defaults={"slug": _unique_source_slug(name), "kind": kind}
    )
    spellings = {name} | {spelling for spelling, canonical in AGENCIES.items() if canonical == name}
    for spelling in spellings:
        key = normalise_alias(spelling)
        if spelling == spelling.lower():  # the agency table's keys are lower case: "ap", "reuter"
            spelling = spelling.upper() if len(spelling) <= 4 else spelling.title()
        if key:
            SourceAlias.objects.get_or_create(key=key, defaults={"source": source, "name": spelling})
    return source


def _unique_source_slug(name: str) -> str:
    base = slugify(name)[:190] or "source"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _origin(value: str) -> str:
    return value if value in TagOrigin.values else TagOrigin.IMPORTED


def _fit(value: str, limit: int, label: str, warnings: list[str]) -> str:
    value = value or ""
    if len(value) > limit:
        warnings.append(f"{label} was longer than {limit} characters and was shortened")
        return value[:limit]
    return value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _publication(record: ArticleRecord) -> tuple[dt.datetime | None, str]:
    if record.published_at:
        return _aware(record.published_at), record.date_precision or "time"
    if record.published_date:
        # A date alone is filed at local midnight so that it lands on that day in the date archive.
        midnight = dt.datetime.combine(record.published_date, dt.time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))
        return midnight, record.date_precision or "day"
    return None, ""


def fingerprint(title: str, body: str) -> str:
    text = normalise_title(title) + "\n" + " ".join(body.split()).lower()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parser_version() -> str:
    """A hash of the parsers' own code: when a parser improves, re-importing a file updates its article."""
    digest = hashlib.sha256()
    for path in sorted(Path(importers.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PARSER_VERSION = _parser_version()


def _record_hash(record: ArticleRecord) -> str:
    """What an article was made from: the document as it came in, the options, and the parser's version.

    Hashing the input rather than the parsed record is several times cheaper and says the same thing,
    since parsing is deterministic.
    """
    if not record.original:
        encoded = json.dumps(dataclasses.asdict(record), sort_keys=True, default=str, ensure_ascii=False)
    else:
        encoded = "\0".join(
            (PARSER_VERSION, record.format, record.source, record.external_id, record.original)
        )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _strip_nul(record: ArticleRecord) -> None:
    # PostgreSQL text cannot hold NUL characters; no reader misses them.
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and "\x00" in value and f.name != "original":
            setattr(record, f.name, value.replace("\x00", ""))
    record.original = record.original.replace("\x00", "\ufffd")


def _prepare(name: str, record: ArticleRecord) -> _Prepared:
    """Turn a record into Article field values, checking what the database would refuse."""
    _strip_nul(record)
    warnings = list(record.warnings)
    title = " ".join((record.title or "").split())
    if not title:
        raise ValueError("the article has no title and none could be found in its text")
    if not record.external_id:
        raise ValueError("the article has no id")
    if len(record.external_id) > 500:
        raise ValueError("the article's id is longer than 500 characters")
    body = (record.body or "").strip()
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    published_at, precision = _publication(record)
    url = record.url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        warnings.append(f"the url {url[:80]!r} is not a web address; it is kept with the input fields")
        record.extra.setdefault("url", url)
        url = ""
    extra = {key: value for key, value in record.extra.items() if not key.startswith("_")}
    fields = {
        "external_id": record.external_id,
        "title": _fit(title, 500, "the title", warnings),
        "title_key": normalise_title(title),
        "slug": slugify(title)[:200] or "article",
        "lede": (record.lede or (paragraphs[0] if paragraphs else "")).strip(),
        "body": "\n\n".join(paragraphs),
        "byline": _fit(record.byline.strip(), 300, "the byline", warnings),
        "dateline": _fit(record.dateline.strip(), 200, "the dateline", warnings),
        "published_at": published_at,
        "published_on": timezone.localtime(published_at).date() if published_at else None,
        "date_precision": precision,
        "source_updated_at": _aware(record.updated_at),
        "photo_caption": record.photo_caption.strip(),
        "photo_credit": _fit(record.photo_credit.strip(), 300, "the photo credit", warnings),
        "url": _fit(url, 1000, "the url", warnings),
        "language": _fit(record.language.strip(), 20, "the language", warnings),
        "word_count": len(body.split()),
        "links": list(record.links),
        "fingerprint": fingerprint(title, body),
        "record_hash": _record_hash(record),
        "original": record.original,
        "original_format": record.format,
        "extra": extra,
        "import_warnings": warnings,
    }
    return _Prepared(name=name, record=record, fields=fields, warnings=warnings)
