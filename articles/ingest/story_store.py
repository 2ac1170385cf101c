"""Writing what stories.py decided: new stories, band keys, copies' pointers, stories' summaries.

Kept lean for the import's sake (Reuters-21578 on SQLite, without tagging: the ORM's bulk_update and
bulk_create of ~25 band rows an article took 3x the rest of the import). A story founded in the chunk
is created with its counts, dates and headline worked out here from its members; only stories that
were there before the chunk (joined, or an article moved out) are summarised again by the database.
New stories and band keys go in as plain rows (models/bulk.py: COPY on PostgreSQL, one executemany on
SQLite).

The members are stories.Member objects (not imported here: stories.py calls this module).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import models
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from ..models import Article, Story, StoryBand, StoryRole, bulk

_UNDATED = dt.datetime.min.replace(tzinfo=dt.UTC)


def _pk(value) -> int | None:
    """An archived article's id, or the id of a member of the chunk (None until it is written)."""
    return value if value is None or isinstance(value, int) else value.pk


def create_stories(members: list) -> None:
    """Give each member its `story_id`, creating the stories named for the first time (with their
    summary when every member is here: a story founded by this chunk), and move the articles of the
    stories merged into another (`merge_stories`). Sets `story_id_before`."""
    keys = {m.story_key for m in members}
    ids = dict(Story.objects.filter(key__in=keys).values_list("key", "pk"))
    founded = defaultdict(list)
    for member in members:
        member.story_id_before = member.story_id
        if member.story_key not in ids:
            founded[member.story_key].append(member)
    if founded:
        now = timezone.now()
        rows = [
            {"key": key, **summary(group), "created_at": now, "modified_at": now}
            for key, group in founded.items()
        ]
        bulk.insert_rows(Story, STORY_COLUMNS, [[row[column] for column in STORY_COLUMNS] for row in rows])
        ids.update(bulk.ids_by(Story, "key", founded))
    for member in members:
        member.story_id = ids[member.story_key]
        # A story that was there before, or one a record or an editor named (its first may come later).
        member.refresh = member.story_key not in founded or member.fixed
    merge_stories(members)


def merge_stories(members: list) -> None:
    """Move the articles of the archived stories a member merged into its own (`Member.merged`): their
    first articles become versions (`refresh_stories` makes the earliest of all the first), and the
    emptied stories are deleted when summarised (`touched`). Sets `merged_ids`."""
    absorbed = {key: member for member in members for key in member.merged}
    if not absorbed:
        return
    ids = dict(Story.objects.filter(key__in=absorbed).values_list("key", "pk"))
    for key, member in absorbed.items():
        if key not in ids:
            continue
        moved = Article.objects.filter(story_id=ids[key])
        moved.filter(story_role=StoryRole.FIRST).update(story_role=StoryRole.VERSION)
        moved.update(story_id=member.story_id)
        member.merged_ids.append(ids[key])


# A new story's row (models/bulk.py, as `bulk_create` wrote it): its key, `summary`'s values, and the
# `auto_now_add` and `auto_now` times.
STORY_COLUMNS = (
    "key", "article_count", "copy_count", "version_count", "first_published_at", "last_published_at",
    "headline", "created_at", "modified_at",
)  # fmt: skip


def summary(members: list) -> dict:
    """A new story's counts, dates and headline, from its members (all of them)."""
    copies = sum(m.role == StoryRole.COPY for m in members)
    dates = [m.published_at for m in members if m.published_at is not None]
    versions = [m for m in members if m.role != StoryRole.COPY] or members
    latest = max(versions, key=lambda m: m.published_at or _UNDATED)
    return {
        "article_count": len(members),
        "copy_count": copies,
        "version_count": len(members) - copies,
        "first_published_at": min(dates) if dates else None,
        "last_published_at": max(dates) if dates else None,
        "headline": latest.title[:500],
    }


def point_copies(members: list) -> None:
    """Copies of an article written in the same chunk point at it, now that it has an id."""
    by_target = defaultdict(list)
    for member in members:
        if member.copy_of is not None and not isinstance(member.copy_of, int):
            by_target[member.copy_of.pk].append(member.pk)
    for target, pks in by_target.items():
        Article.objects.filter(pk__in=pks).update(duplicate_of_id=target)


def file_bands(members: list, *, replace: list[int]) -> None:
    """File the members' band keys (`replace`: members whose earlier keys go first)."""
    if replace:
        StoryBand.objects.filter(article_id__in=replace).delete()
    rows = [(m.pk, key) for m in members for key in dict.fromkeys(m.bands)]
    bulk.insert_rows(StoryBand, ("article_id", "key"), rows)


def touched(members: list) -> set[int]:
    """The stories to summarise again: those joined that were there before, and those left."""
    ids = {m.story_id for m in members if m.refresh}
    ids |= {m.story_id_before for m in members if m.story_id_before and m.story_id_before != m.story_id}
    ids |= {pk for m in members for pk in m.merged_ids}
    return ids


def store(members: list) -> None:
    """Write what `stories.place` decided for members already written (each with its `pk`):
    `group_stories` and the admin's regrouping."""
    if not members:
        return
    create_stories(members)
    Article.objects.bulk_update(
        [
            Article(pk=m.pk, story_id=m.story_id, story_role=m.role, duplicate_of_id=_pk(m.copy_of))
            for m in members
        ],
        ["story", "story_role", "duplicate_of"],
    )
    file_bands(members, replace=[m.pk for m in members])
    refresh_stories(touched(members) | {m.story_id for m in members})


def refresh_stories(story_ids: set[int]) -> None:
    """Make each story's earliest article its first, and its counts, dates and headline its articles'.

    An article imported after a later one of its story (imports need not come in time order) takes
    the `first` role from it: the one it displaces becomes its copy (a copy's copies follow) or a
    version. Stories left without articles are deleted.
    """
    if not story_ids:
        return
    story_ids = set(story_ids)
    by_time = (models.F("published_at").asc(nulls_last=True), "pk")
    earliest = dict(
        Story.objects.filter(pk__in=story_ids)
        .annotate(
            earliest=Subquery(
                Article.objects.filter(story=OuterRef("pk")).order_by(*by_time).values("pk")[:1]
            )
        )
        .values_list("pk", "earliest")
    )
    firsts = defaultdict(list)
    rows = Article.objects.filter(story_id__in=story_ids, story_role=StoryRole.FIRST)
    for story_id, pk in rows.values_list("story_id", "pk"):
        firsts[story_id].append(pk)
    heads = {
        story_id: (head, [pk for pk in firsts[story_id] if pk != head])
        for story_id, head in earliest.items()
        if head is not None and firsts[story_id] != [head]
    }
    if heads:
        _make_first(heads)
    _summarise(story_ids)


def _make_first(heads: dict[int, tuple[int, list[int]]]) -> None:
    """Each story's earliest article (story id -> (head, the firsts it displaces)) becomes its first;
    a few queries for all the stories of a chunk, not a few for each."""
    was = {
        pk: (role, copy_of)
        for pk, role, copy_of in Article.objects.filter(pk__in=[head for head, _ in heads.values()])
        .values_list("pk", "story_role", "duplicate_of_id")
        .iterator()
    }
    Article.objects.filter(pk__in=list(was)).update(story_role=StoryRole.FIRST, duplicate_of=None)
    versions = []
    for story_id, (head, displaced) in heads.items():
        role, copy_of = was[head]
        if role == StoryRole.COPY and copy_of in displaced:
            # The earliest copied the first: that first is now its copy, and so are the first's copies.
            Article.objects.filter(story_id=story_id, duplicate_of_id=copy_of).update(duplicate_of_id=head)
            Article.objects.filter(pk=copy_of).update(story_role=StoryRole.COPY, duplicate_of_id=head)
            displaced = [pk for pk in displaced if pk != copy_of]
        versions.extend(displaced)
    Article.objects.filter(pk__in=versions).update(story_role=StoryRole.VERSION, duplicate_of=None)


def _summarise(story_ids: set[int]) -> None:
    members = Article.objects.filter(story_id=OuterRef("pk")).order_by().values("story_id")

    def count(condition=None):
        counted = members.annotate(n=Count("pk", filter=condition)).values("n")
        return models.functions.Coalesce(Subquery(counted), 0)

    latest = (
        Article.objects.filter(story_id=OuterRef("pk"))
        .exclude(story_role=StoryRole.COPY)
        .order_by(models.F("published_at").desc(nulls_last=True), "-pk")
        .values("title")[:1]
    )
    Story.objects.filter(pk__in=story_ids).update(
        article_count=count(),
        copy_count=count(Q(story_role=StoryRole.COPY)),
        version_count=count(~Q(story_role=StoryRole.COPY)),
        first_published_at=Subquery(members.annotate(d=Min("published_at")).values("d")),
        last_published_at=Subquery(members.annotate(d=Max("published_at")).values("d")),
        headline=models.functions.Coalesce(Subquery(latest), models.Value("")),
    )
    Story.objects.filter(pk__in=story_ids, article_count=0).delete()
