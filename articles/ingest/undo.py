"""Undoing an import batch: the articles it created are removed, those it updated are put back.

An update overwrites an article's fields, replaces the tags an import gave and its related links, and
tags it again; so before updating, the importer keeps the article as it was (`snapshot`) on the
batch's ImportItem. Undo writes those snapshots back and deletes what the batch created.

An article changed after the batch (by a later import, or by an editor) is left as it is and named
in the plan: putting back the older version would silently throw away the newer change. A batch
imported before snapshots were kept (migration 0008) has updated articles it cannot restore; undo
then refuses, saying why, rather than half-undo it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from ..models import Article, ArticlePlace, ArticleTopic, ImportBatch, ImportItem, Place, RelatedLink, Topic
from .story_store import refresh_stories

CHUNK_SIZE = 500
# What an import never changes on an existing article, so undo has nothing to put back there.
KEPT_FIELDS = frozenset({"id", "external_id", "created_at"})
TOPIC_FIELDS = ("topic_id", "origin", "score", "evidence")
PLACE_FIELDS = ("place_id", "origin", "role", "score", "count", "evidence")
LINK_FIELDS = (
    "position",
    "section",
    "kind",
    "title",
    "title_key",
    "summary",
    "age",
    "duration",
    "url",
    "target_id",
)
UNDOABLE = frozenset(
    {
        ImportBatch.Status.FINISHED,
        ImportBatch.Status.CANCELLED,
        ImportBatch.Status.FAILED,
        ImportBatch.Status.INTERRUPTED,
    }
)


def _article_fields() -> list:
    return [f for f in Article._meta.concrete_fields if f.name not in KEPT_FIELDS]


def snapshot(article_ids: list[int]) -> dict[int, dict]:
    """These articles as they are now: fields, topic and place tags, related links (JSON-ready)."""
    fields = [f.attname for f in _article_fields()]
    found: dict[int, dict] = {
        row.pop("id"): {"fields": row, "topics": [], "places": [], "links": []}
        for row in Article.objects.filter(pk__in=article_ids).values("id", *fields)
    }
    for rows, key, names in (
        # Tags in a fixed order (not the table's, which depends on how the rows were written).
        (ArticleTopic.objects.order_by("topic_id", "origin"), "topics", TOPIC_FIELDS),
        (ArticlePlace.objects.order_by("place_id", "origin"), "places", PLACE_FIELDS),
        (RelatedLink.objects.order_by("position"), "links", LINK_FIELDS),
    ):
        for row in rows.filter(article_id__in=article_ids).values("article_id", *names):
            found[row.pop("article_id")][key].append(row)
    # Dates become ISO strings here, as they will in the JSON column, so nothing differs after saving.
    return {pk: json.loads(json.dumps(value, cls=_Exact)) for pk, value in found.items()}


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds), so undo restores them exactly."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class UndoPlan:
    """What undoing a batch would do; `refusal` says why it cannot be undone, when it cannot."""

    batch: ImportBatch
    remove: list[int] = field(default_factory=list)  # created articles, as the batch left them
    restore: list[ImportItem] = field(default_factory=list)  # updated ones, with what they were
    kept: list[tuple[ImportItem, str]] = field(default_factory=list)  # changed since: left as they are
    refusal: str = ""

    @property
    def possible(self) -> bool:
        return not self.refusal and bool(self.remove or self.restore)


def plan(batch: ImportBatch, *, started: bool = False) -> UndoPlan:
    """What undo would do now (`started`: the batch was marked "being undone" to run it)."""
    result = UndoPlan(batch)
    if batch.status not in UNDOABLE and not (started and batch.status == ImportBatch.Status.UNDOING):
        result.refusal = {
            ImportBatch.Status.UNDONE: "This import was already undone.",
            ImportBatch.Status.UNDOING: "This import is being undone now.",
        }.get(batch.status, "An import can be undone once it has stopped: cancel it first.")
        return result
    items = batch.items.filter(status__in=[ImportItem.Status.CREATED, ImportItem.Status.UPDATED])
    lacking = items.filter(status=ImportItem.Status.UPDATED, previous__isnull=True).count()
    if lacking:
        result.refusal = (
            f"{lacking:,} article{'s' if lacking != 1 else ''} this import updated cannot be put back: it "
            "was imported before undo kept what articles were before an update."
        )
        return result
    since = batch.finished_at or timezone.now()
    current = dict(Article.objects.filter(pk__in=items.values("article_id")).values_list("pk", "batch_id"))
    changed = set(
        Article.objects.filter(pk__in=items.values("article_id"), modified_at__gt=since).values_list(
            "pk", flat=True
        )
    )
    created = set(items.filter(status=ImportItem.Status.CREATED).values_list("article_id", flat=True))
    for item in items.select_related("article").order_by("pk"):
        if item.article_id is None or item.article_id not in current:
            continue  # deleted meanwhile: nothing to remove or put back
        if item.status == ImportItem.Status.UPDATED and item.article_id in created:
            continue  # the same record twice in the batch: removing what it created undoes both
        if current[item.article_id] != batch.pk:
            result.kept.append((item, "a later import changed it"))
        elif item.article_id in changed:
            result.kept.append((item, "it was edited after this import"))
        elif item.status == ImportItem.Status.CREATED:
            result.remove.append(item.article_id)
        else:
            result.restore.append(item)
    return result


def mark_undoing(batch: ImportBatch) -> bool:
    """Mark the batch "being undone" (once: False when it cannot be, or another request did first)."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, status__in=UNDOABLE).update(status=ImportBatch.Status.UNDOING)
    )


def undo_batch(batch: ImportBatch) -> UndoPlan:
    """Remove what the batch created and put back what it updated, chunk by chunk, each chunk whole."""
    if batch.status != ImportBatch.Status.UNDOING and not mark_undoing(batch):
        raise ValueError(plan(batch).refusal or "This import cannot be undone now.")
    batch.status = ImportBatch.Status.UNDOING
    with transaction.atomic():  # read on the primary database, never a replica a moment behind
        undo = plan(batch, started=True)
    if undo.refusal:
        raise ValueError(undo.refusal)
    for start in range(0, len(undo.remove), CHUNK_SIZE):
        with transaction.atomic():
            removed = Article.objects.filter(pk__in=undo.remove[start : start + CHUNK_SIZE])
            touched = set(removed.exclude(story=None).values_list("story_id", flat=True))
            removed.delete()
            refresh_stories(touched)  # a story keeps its other articles, with a new first if need be
            _beat(batch)
    for start in range(0, len(undo.restore), CHUNK_SIZE):
        with transaction.atomic():
            _restore(undo.restore[start : start + CHUNK_SIZE])
            _beat(batch)
    batch.heartbeat_at = (
        timezone.now()
    )  # also what tells cached pages the archive changed (selectors/cache.py)
    batch.status = ImportBatch.Status.UNDONE
    batch.message = (
        f"Undone {timezone.localtime():%Y-%m-%d %H:%M}: {len(undo.remove):,} removed, "
        f"{len(undo.restore):,} put back as they were"
        + (f", {len(undo.kept):,} left as they are (changed since)" if undo.kept else "")
        + "."
    )
    batch.save(update_fields=["status", "message", "heartbeat_at"])
    return undo


def _beat(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())


def _restore(items: list[ImportItem]) -> None:
    fields = _article_fields()
    # What a snapshot points at (its source, the article it duplicates, its batch, a topic) may have
    # been deleted since: the reference is dropped, as deleting it then would have done.
    present = {
        model_field.attname: set(
            model_field.related_model.objects.filter(
                pk__in=[item.previous["fields"].get(model_field.attname) for item in items]
            ).values_list("pk", flat=True)
        )
        for model_field in fields
        if model_field.is_relation
    }
    articles = []
    for item in items:
        previous = item.previous["fields"]
        article = Article(pk=item.article_id)
        for model_field in fields:
            if model_field.attname not in previous:
                continue
            value = model_field.to_python(previous[model_field.attname])
            if model_field.attname in present and value not in present[model_field.attname]:
                value = None
            setattr(article, model_field.attname, value)
        articles.append(article)
    Article.objects.bulk_update(articles, [f.name for f in fields])
    ids = [item.article_id for item in items]
    refresh_stories({a.story_id for a in articles if a.story_id})
    ArticleTopic.objects.filter(article_id__in=ids).delete()
    ArticlePlace.objects.filter(article_id__in=ids).delete()
    RelatedLink.objects.filter(article_id__in=ids).delete()
    existing = set(Article.objects.filter(pk__in=_targets(items)).values_list("pk", flat=True))
    topic_ids = set(Topic.objects.values_list("pk", flat=True))
    place_ids = set(
        Place.objects.filter(
            pk__in=[row["place_id"] for item in items for row in item.previous["places"]]
        ).values_list("pk", flat=True)
    )
    topics, places, links = [], [], []
    for item in items:
        previous = item.previous
        topics += [
            ArticleTopic(article_id=item.article_id, **row)
            for row in previous["topics"]
            if row["topic_id"] in topic_ids
        ]
        places += [
            ArticlePlace(article_id=item.article_id, **row)
            for row in previous["places"]
            if row["place_id"] in place_ids
        ]
        for row in previous["links"]:
            # A link's target may have been removed by this very undo (or since): it waits again.
            target = row["target_id"] if row["target_id"] in existing else None
            links.append(RelatedLink(article_id=item.article_id, **{**row, "target_id": target}))
    ArticleTopic.objects.bulk_create(topics, ignore_conflicts=True)
    ArticlePlace.objects.bulk_create(places, ignore_conflicts=True)
    RelatedLink.objects.bulk_create(links)


def _targets(items: list[ImportItem]) -> set[int]:
    return {row["target_id"] for item in items for row in item.previous["links"] if row["target_id"]}
