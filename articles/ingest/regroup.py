"""Stories for what is already archived: `manage.py group_stories` and editors' decisions in the admin.

`group_stories` puts into stories the articles that were never compared by their text (imported before
stories existed: migration 0011 only joined exact duplicates), in time order, as an import of them in
that order would; `--all` forgets every band key and regroups the whole archive the same way (after
the comparison changes, `similarity.BANDS_VERSION`). An article an editor placed stays where they put
it (`StoryDecision`, applied by `stories.place`), whatever the text says.

Editors split an article out of its story (`split_article`) or merge stories (`merge_stories`); the
decision is kept by each article's external id, so a re-import, an undone import or `--all` keep it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.db.models import Exists, OuterRef

from ..models import Article, Story, StoryBand, StoryDecision, StoryRole, story_key
from ..stories.similarity import StoryText, band_keys
from .stories import Member, place
from .story_store import refresh_stories, store

CHUNK_SIZE = 500  # as an import's chunk: one band-key query and one compare round each
FIELDS = (
    "pk", "external_id", "title", "body", "published_at", "date_precision", "fingerprint", "story_id", "story__key",
)  # fmt: skip

Progress = Callable[[int, int], None]


def ungrouped():
    """Articles never compared by their text: no band key filed (a text too short to have band keys
    is compared again each time, which changes nothing)."""
    return Article.objects.filter(~Exists(StoryBand.objects.filter(article_id=OuterRef("pk"))))


def group_stories(*, everything: bool = False, progress: Progress | None = None) -> int:
    """Group the ungrouped articles (every article with `everything`), oldest first; return how many.

    Each chunk is its own transaction: an interrupted run keeps what it grouped, and the next run
    goes on from there (`everything` starts over).
    """
    if everything:
        # Nothing is a candidate until it is placed again: no band keys, no role (see stories._candidates).
        StoryBand.objects.all().delete()
        Article.objects.exclude(story_role=StoryRole.NONE).update(story_role=StoryRole.NONE)
        queryset = Article.objects.all()
    else:
        queryset = ungrouped()
    order = (models.F("published_at").asc(nulls_last=True), "pk")
    ids = list(queryset.order_by(*order).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_SIZE):
        part = ids[start : start + CHUNK_SIZE]
        with transaction.atomic():
            _group(part)
        if progress:
            progress(min(start + CHUNK_SIZE, len(ids)), len(ids))
    return len(ids)


def refile_bands(article_model=Article, band_model=StoryBand, *, progress: Progress | None = None) -> int:
    """File again, with today's `similarity.band_keys`, the band keys of every article that has some;
    return how many articles. Stories are left as they are: what changes is which earlier articles a new
    one finds as candidates (after `BANDS_VERSION` changes, stored keys no longer meet new ones). Run by
    the migration that comes with each such change; `group_stories --all` also regroups."""
    filed = band_model.objects.values("article_id")
    ids = list(article_model.objects.filter(pk__in=filed).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_SIZE):
        part = ids[start : start + CHUNK_SIZE]
        rows = article_model.objects.filter(pk__in=part).values_list("pk", "title", "body")
        keys = [
            (pk, key) for pk, title, body in rows for key in dict.fromkeys(band_keys(StoryText(title, body)))
        ]
        with transaction.atomic():
            band_model.objects.filter(article_id__in=part).delete()
            band_model.objects.bulk_create(
                [band_model(article_id=pk, key=key) for pk, key in keys], batch_size=5000
            )
        if progress:
            progress(min(start + CHUNK_SIZE, len(ids)), len(ids))
    return len(ids)


def _group(ids: list[int]) -> None:
    rows = Article.objects.filter(pk__in=ids).values_list(*FIELDS)
    members = [
        Member(
            external_id=external_id,
            title=title,
            body=body,
            published_at=published_at,
            date_precision=date_precision,
            fingerprint=fingerprint,
            pk=pk,
            story_id=story_id,
            current_key=key or "",
        )
        for pk, external_id, title, body, published_at, date_precision, fingerprint, story_id, key in rows
    ]
    place(members)
    store(members)


def _fresh_key(external_id: str) -> str:
    for attempt in range(100):
        key = story_key(external_id, attempt)
        if not Story.objects.filter(key=key).exists():
            return key
    raise RuntimeError(f"no free story key for {external_id!r}")  # 100 collisions of 64-bit hashes


def _decide(external_ids: Iterable[str], key: str, action: str, user) -> None:
    for external_id in external_ids:
        StoryDecision.objects.update_or_create(
            external_id=external_id, defaults={"story_key": key, "action": action, "decided_by": user}
        )


@transaction.atomic
def split_article(article: Article, *, user=None) -> Story:
    """Take `article` out of its story into a story of its own, and keep that decision. Its copies in
    the old story stay there, as versions (the editor said this one is not that story; not which of
    the others are)."""
    old = article.story_id
    story = Story.objects.create(key=_fresh_key(article.external_id))
    Article.objects.filter(story_id=old, duplicate_of=article).update(
        story_role=StoryRole.VERSION, duplicate_of=None
    )
    Article.objects.filter(pk=article.pk).update(story=story, story_role=StoryRole.FIRST, duplicate_of=None)
    _decide([article.external_id], story.key, StoryDecision.Action.SPLIT, user)
    refresh_stories({story.pk, old} - {None})
    story.refresh_from_db()
    return story


@transaction.atomic
def merge_stories(target: Story, others: Iterable[Story], *, user=None) -> Story:
    """Move every article of `others` into `target` and keep the decision for every article of them
    all, so that no later grouping takes them apart. The merged stories' keys are gone."""
    other_ids = [story.pk for story in others if story.pk != target.pk]
    moved = Article.objects.filter(story_id__in=other_ids)
    # Their first articles become versions; refresh_stories makes the earliest of all the first.
    moved.filter(story_role=StoryRole.FIRST).update(story_role=StoryRole.VERSION)
    moved.update(story=target)
    members = Article.objects.filter(story=target).values_list("external_id", flat=True)
    _decide(list(members), target.key, StoryDecision.Action.MERGE, user)
    refresh_stories({target.pk, *other_ids})
    target.refresh_from_db()
    return target
