"""What an import did: counts and items in memory (`ImportReport`), and its batch's rows in the database.

Every record ends as one `ItemReport` (created, updated, unchanged or failed); the batch keeps every item
that is not "unchanged" as an `ImportItem` row, written in chunks as the import goes, and its counts are
saved after each chunk so that the batch's page shows an import's progress, or what a killed import did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import ImportBatch, ImportItem, bulk
from ..models.imports import FILES_LISTED

# A report keeps every failure, but only this many other items in memory (the batch keeps them all).
REPORT_ITEM_LIMIT = 1000
ITEMS_PER_WRITE = 500
COUNTS = ("created", "updated", "unchanged", "failed", "duplicates")
# Interrupted imports stay on the upload page this long (marked so by their stale heartbeat: ImportBatch).
INTERRUPTED_SHOWN = dt.timedelta(days=1)


@dataclass
class ItemReport:
    name: str
    status: str
    title: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    article_id: int | None = None
    previous: dict | None = None  # an updated article as it was before (undo.snapshot)
    # A dry run's: the source, date and tags the article would get (fields.what_it_gets), for the rows
    # a preview shows; None otherwise.
    details: dict | None = None


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
    # A dry run's: sources no source or alias is called yet, which the import would create, and for
    # how many of its articles (every article, not only those listed).
    new_sources: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, failed {self.failed}"

    def has_room(self) -> bool:
        """Whether the next item that is not a failure is kept (listed), not only counted."""
        return len(self.items) < REPORT_ITEM_LIMIT

    def add(self, item: ItemReport) -> None:
        setattr(self, item.status, getattr(self, item.status) + 1)
        if item.status == "failed" or self.has_room():
            self.items.append(item)
        else:
            self.items_left_out += 1


# "batch.jsonl line 7 (id far)": how a JSON line's item is named (importers/values.line_named).
_LINE = re.compile(r"(?P<file>.*?) line (?P<line>\d+)(?: \(id .*\))?", re.S)


def in_file_order(items: list) -> list:
    """Items (ItemReports or ImportItems) by file, the files in the order they came, and by line within a
    JSON Lines file: a record that failed when written was listed after every line that failed when read
    (stop 28). Items named without a line keep their place among their file's."""
    files: dict[str, int] = {}

    def place(item) -> tuple[int, int]:
        found = _LINE.fullmatch(item.name)
        name, line = (found["file"], int(found["line"])) if found else (item.name, 0)
        return files.setdefault(name, len(files)), line

    return sorted(items, key=place)


# An ImportItem row as the batch keeps it (ItemLog.unsaved): its columns, in this order.
ITEM_COLUMNS = ("batch_id", "name", "status", "article_id", "message", "warnings", "previous")


class ItemLog:
    """Adds items to the report and, for a real import, to its batch (in chunks of plain rows)."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.unsaved: list[tuple] = []  # ITEM_COLUMNS

    def add(self, item: ItemReport) -> None:
        # Names and messages quote the input (a file name, an id): the report must hold whatever it holds.
        item.name, item.message = printable(item.name), printable(item.message)
        item.warnings = [printable(warning) for warning in item.warnings]
        self.report.add(item)
        if self.report.batch and item.status != "unchanged":
            self.unsaved.append(
                (
                    self.report.batch.pk,
                    item.name[:500],
                    item.status,
                    item.article_id,
                    item.message,
                    item.warnings,
                    item.previous,
                )
            )
        if len(self.unsaved) >= ITEMS_PER_WRITE:
            self.flush()

    def fail(self, name: str, message: str) -> None:
        self.add(ItemReport(name=name, status="failed", message=message))

    def flush(self) -> None:
        if not self.unsaved:
            return
        unsaved, self.unsaved = self.unsaved, []
        try:
            with transaction.atomic():
                bulk.insert_rows(ImportItem, ITEM_COLUMNS, unsaved)
        except Exception:
            # One row the database will not take must not cost the report its others, nor the import.
            for values in unsaved:
                row = ImportItem(**dict(zip(ITEM_COLUMNS, values, strict=True)))
                try:
                    with transaction.atomic():
                        row.save()
                except Exception as error:
                    row.pk, row.article_id, row.warnings = None, None, []
                    row.name = row.name.encode("ascii", "backslashreplace").decode()[:500]
                    row.message = f"this item's report could not be stored ({first_line(error)})"
                    row.save()


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def printable(text: str) -> str:
    """The text with what no database can store (NUL, lone surrogates) shown as the replacement character."""
    return _UNSTORABLE.sub("\ufffd", text)


def first_line(error: BaseException) -> str:
    """An error's first line: a database's error message goes on with the SQL, which says nothing to a person."""
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__


def start_batch(
    report: ImportReport, *, batch: ImportBatch | None, user, via: str, format: str, files: list[str]
) -> bool:
    """Mark the batch running (one created beforehand, queued, or a new one); False if it was cancelled."""
    now = timezone.now()
    if batch is None:
        batch = ImportBatch.objects.create(
            created_by=user if getattr(user, "pk", None) else None,
            via=via,
            format=format,
            files=files[:FILES_LISTED],
            file_count=len(files),
            status=ImportBatch.Status.RUNNING,
            running_since=now,
            heartbeat_at=now,
        )
    elif not ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING, running_since=now, heartbeat_at=now
    ):
        return False  # cancelled (or taken by another worker) before it started
    else:
        batch.status, batch.running_since, batch.heartbeat_at = ImportBatch.Status.RUNNING, now, now
    report.batch = batch
    return True


def beat(report: ImportReport) -> bool:
    """After a chunk: save the counts and the heartbeat; True when someone asked to cancel the import.

    The progress page shows the counts while the import runs, and what it had done if it is killed.
    """
    if not report.batch:
        return False
    batch = ImportBatch.objects.filter(pk=report.batch.pk)
    batch.update(heartbeat_at=timezone.now(), **{name: getattr(report, name) for name in COUNTS})
    return batch.filter(cancel_requested=True).exists()


def finish_batch(report: ImportReport, status: str = ImportBatch.Status.FINISHED, message: str = "") -> None:
    if report.batch:
        batch = report.batch
        batch.status, batch.message, batch.finished_at = status, message[:2000], timezone.now()
        for name in COUNTS:
            setattr(batch, name, getattr(report, name))
        batch.save(update_fields=["status", "message", "finished_at", *COUNTS])


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
