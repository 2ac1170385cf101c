"""The admin's long jobs, run by a worker (`manage.py db_worker`), never inside a request.

An admin upload is stored in the staging folder and its preview (a dry run) enqueued; confirming it
creates a queued ImportBatch and enqueues the import; an admin can also undo a batch. Each is a task
of Django's Tasks API (the `django-tasks` backport, its database backend: settings.TASKS), so that a
100,000-line file is no longer cut off by gunicorn's 30-second worker timeout (issue 10: 42,500 of
100,000 written, then a bare "Internal Server Error").

Their progress is read from where they write it: the preview's from the staging folder
(articles.staging), the import's from its batch (heartbeat and counts, every chunk).

What is counted or found once and read by key (issue 16) is kept here too: when an import (or an undo)
ends, the home page's counts are counted again and the "More like this" of each article it wrote is
found, by tasks of their own (`after_import`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from .importers import in_preview
from .ingest import import_documents, undo
from .models import ImportBatch, ImportItem
from .selectors.overview import refresh_overviews
from .selectors.similar import find_similar
from .staging import PROGRESS_EVERY, Staging

log = logging.getLogger(__name__)

# Rows shown in a preview (the counts always cover everything). The dry run gives the details of as
# many (source, date, tags: ingest's REPORT_ITEM_LIMIT, also 1000), so a big preview tags no more.
PREVIEW_ROWS = 1000
COUNTS = ("created", "updated", "unchanged", "failed", "duplicates")
# Articles per "More like this" task: 20-60 ms each at a million articles, so a task of a few
# minutes at most, and an import of 100,000 articles is many tasks the worker can interleave.
SIMILAR_PER_TASK = 2000
# The worker takes the highest priority first: "More like this" is background work that must never hold
# up an import or an undo queued after it (finding it for a big import can take hours at a million).
SIMILAR_PRIORITY = -50


@task()
def preview_upload(token: str) -> None:
    """Dry-run the staged upload and store what it would do (preview.json) beside it."""
    Staging.clean_stale()  # uploads abandoned on their preview page, however long since the last upload
    staging = Staging(token)
    try:
        manifest = staging.manifest
    except FileNotFoundError:
        return  # discarded before a worker got to it
    last = 0.0
    started = time.time()  # the waiting page's estimate of the time left counts from here

    def progress(done: int, total: int, report) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY:
            last = now
            staging.save_progress(
                {
                    "files_done": done,
                    "files": total,
                    "started": started,
                    "read": report.read,
                    **{name: getattr(report, name) for name in COUNTS},
                }
            )

    try:
        report = import_documents(
            staging.uploads(),
            format=manifest["format"],
            default_source=manifest["default_source"],
            dry_run=True,
            via="admin",
            total_documents=len(manifest["files"]),
            progress=progress,
        )
    except Exception as error:  # the page must say so, not wait for ever
        if not staging.path.is_dir():
            return  # discarded while it was being made: no one is waiting for it
        log.exception("import preview %s failed", token)
        staging.save_preview({"error": f"The preview stopped: {type(error).__name__}: {error}"})
        raise
    if not staging.path.is_dir():
        return  # discarded while it was being made (its progress could not be written: it stopped)
    # Failures first: they are what a person has to act on.
    items = sorted(report.items, key=lambda item: item.status != "failed")
    staging.save_preview(
        {
            "counts": {name: getattr(report, name) for name in COUNTS},
            "total": report.total,
            "items": [{**asdict(item), "message": in_preview(item.message)} for item in items[:PREVIEW_ROWS]],
            "items_left_out": report.items_left_out + max(len(items) - PREVIEW_ROWS, 0),
            "new_sources": report.new_sources,
        }
    )


@task()
def run_import(batch_id: int, token: str) -> None:
    """Import the staged upload into its (queued) batch, then remove the upload."""
    staging = Staging(token, claimed=True)
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).first()
    try:
        if batch is None:  # cancelled while it waited
            return
        manifest = staging.manifest
        import_documents(
            staging.uploads(),
            format=manifest["format"],
            default_source=manifest["default_source"],
            batch=batch,
            user=get_user_model().objects.filter(pk=manifest["user"]).first(),
            via="admin",
            total_documents=len(manifest["files"]),
        )
        after_import(batch_id)
    except Exception as error:
        # import_documents ends its batch whatever happens once it has started it; an error before
        # that (the staged files gone, the database refusing the first write) would leave the batch
        # "queued" for ever, so it is ended here, as failed with the reason.
        log.exception("import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
            status=ImportBatch.Status.FAILED,
            message=f"It stopped before it started: {type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    finally:
        staging.delete()


@task()
def undo_import(batch_id: int) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        undo.undo_batch(batch)
        refresh_home_counts.enqueue()
    except Exception as error:
        log.exception("undoing import %s failed", batch_id)
        # What was undone stays undone (each chunk is whole); the batch says what happened.
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, message=f"Undo stopped: {type(error).__name__}: {error}"
        )
        raise


@task()
def refresh_home_counts() -> None:
    """Count the home page's whole-archive figures again (articles.selectors.overview)."""
    refresh_overviews()


@task(priority=SIMILAR_PRIORITY)
def find_similar_articles(ids: list[int]) -> None:
    """Find and store "More like this" for these articles (articles.selectors.similar)."""
    find_similar(ids)


def after_import(batch_id: int) -> None:
    """What an import that wrote articles leaves to do: count the home page again, and find the
    similar articles of every article it created or updated, each by a task."""
    refresh_home_counts.enqueue()
    written = ImportItem.objects.filter(
        batch_id=batch_id,
        status__in=[ImportItem.Status.CREATED, ImportItem.Status.UPDATED],
        article__isnull=False,
    ).values_list("article_id", flat=True)
    ids = sorted(written)
    for start in range(0, len(ids), SIMILAR_PER_TASK):
        find_similar_articles.enqueue(ids[start : start + SIMILAR_PER_TASK])
