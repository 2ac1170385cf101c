"""Import batches and what happened to each document of one (see articles.ingest)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..keys import natural_key

# A running import beats its heartbeat at every chunk of 500 records. Measured under bin/start on
# PostgreSQL with one worker, the 2-core machine shared (load average 4): 100,000 short lines beat every
# 0.2-0.5 s; Reuters, tagged, every 1 s, the first after 3.5 s (the tagger loads its gazetteer). An
# import silent for 300 times that has stopped, even on a machine far busier than this one.
INTERRUPTED_AFTER = dt.timedelta(minutes=5)


class ImportBatchQuerySet(models.QuerySet):
    def mark_interrupted(self) -> int:
        """Mark running batches whose heartbeat stopped as interrupted; returns how many were."""
        now = timezone.now()
        cutoff = now - INTERRUPTED_AFTER
        return (
            self.filter(status=ImportBatch.Status.RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
            .update(
                status=ImportBatch.Status.INTERRUPTED,
                finished_at=now,
                message=(
                    f"No sign of life for {INTERRUPTED_AFTER.seconds // 60} minutes: its process was stopped "
                    "(killed, or its machine went down). What it wrote is whole; importing the same files "
                    "again completes it."
                ),
            )
        )


# A batch keeps the names of its first files only (a 20,000-file folder's names would be a megabyte
# in every read of the batch); `file_count` says how many there were.
FILES_LISTED = 1000


class ImportBatch(models.Model):
    """One run of the importer (admin upload or command), with its counts, its progress and its report.

    A running import beats `heartbeat_at` at every chunk of 500 records: one whose heartbeat is older
    than INTERRUPTED_AFTER (above) was stopped without finishing (killed, or its machine went down),
    and is marked interrupted.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        INTERRUPTED = "interrupted", "Interrupted"
        UNDOING = "undoing", "Being undone"
        UNDONE = "undone", "Undone"

    ENDED = frozenset({Status.FINISHED, Status.FAILED, Status.CANCELLED, Status.INTERRUPTED, Status.UNDONE})

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=20, default="command", help_text="command or admin")
    started_at = models.DateTimeField(auto_now_add=True, help_text="When it was asked for (queued).")
    running_since = models.DateTimeField(null=True, blank=True, help_text="When a worker began it.")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of a running import (every chunk)."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True, help_text="Why it failed, was cancelled or interrupted.")
    cancel_requested = models.BooleanField(default=False)
    format = models.CharField(max_length=20, default="auto")
    files = models.JSONField(
        default=list, blank=True, help_text="The first 1,000 files' names (FILES_LISTED)."
    )
    file_count = models.PositiveIntegerField(
        default=0,
        help_text="How many files it was given (0: not counted, before stop 27: as many as listed).",
    )
    total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Records expected (counted by the preview), when known."
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(
        default=0, help_text="created, but the same text as an earlier article"
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        # In the site's time zone, as the admin shows the batch's fields beside it.
        started = timezone.localtime(self.started_at) if self.started_at else None
        return f"Import #{self.pk} ({started:%Y-%m-%d %H:%M})" if started else f"Import #{self.pk}"

    @property
    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, failed {self.failed}"

    @property
    def files_given(self) -> int:
        """How many files it was given: `files` lists only the first FILES_LISTED."""
        return self.file_count or len(self.files)

    @property
    def files_by_name(self) -> list[str]:
        """`files` as a person sorts them (page_2 before page_10), whatever order they were read in."""
        return sorted(self.files, key=natural_key)

    @property
    def done(self) -> int:
        """Records accounted for so far."""
        return self.created + self.updated + self.unchanged + self.failed

    @property
    def ended(self) -> bool:
        return self.status in self.ENDED


class ImportItem(models.Model):
    """What happened to one document of a batch. Unchanged documents are counted, not listed."""

    class Status(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Unchanged"
        FAILED = "failed", "Failed"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=500, help_text="file, member or line")
    status = models.CharField(max_length=20, choices=Status.choices)
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    previous = models.JSONField(
        null=True,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="An updated article as it was before (fields, tags, related links), for undo.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"
