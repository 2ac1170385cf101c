"""Grouping articles into stories: at import (writer.py, once per chunk) and by `manage.py group_stories`.

For a chunk of articles: their band keys (articles.stories.similarity) are looked up in `StoryBand` in
one query, and exact copies by `fingerprint` in another (a text too short for band keys still finds its
copies). Each article is compared (`similarity.compare`) with the candidates sharing the most band keys
with it, archived or earlier in the same chunk, and joins the best match's story as a copy or a
version; with no match it founds a story of its own. An article an editor placed (`StoryDecision`)
and one whose imported record names its story (`story`, from an export) go to that story instead.

Within a story, the earliest article is `first`, whichever order they were imported in; a copy points
at the article whose text it copies (`duplicate_of`, what "exact duplicates" were before stories).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

from ..models import Article, Story, StoryBand, StoryDecision, StoryRole, story_key
from ..stories.similarity import Match, StoryText, band_keys, compare

# Candidates compared per article: those sharing the most band keys with it. A copy of the same text
# shares nearly all of its bands with its original; ten leaves room for a story's many copies ahead of
# the version this article updates.
CANDIDATES = 10
# Keys looked up per query: below SQLite's 32,766 variables, and a plan PostgreSQL keeps to the index.
KEYS_PER_QUERY = 10_000
_NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass
class Member:
    """One article to group: its text and what may already say its story."""

    external_id: str
    title: str
    body: str
    published_at: dt.datetime | None
    fingerprint: str
    pk: int | None = None  # None in a dry run: the article is not written
    story_id: int | None = None  # its story now (group_stories, re-import)
    current_key: str = ""  # that story's key, which it keeps when it founds a story (see `place`)
    given_key: str = ""  # the story its record names (an exported archive imported again)
    given_role: str = ""
    # Set by `place`:
    bands: list[int] = field(default_factory=list)
    story_key: str = ""
    role: str = ""
    # The article whose text it copies (a copy's duplicate_of), and the one it was found like: an
    # archived article's id, or a member of the same chunk (not written yet in a dry run).
    copy_of: int | Member | None = None
    match: int | Member | None = None
    similarity: float = 0.0
    reason: str = ""  # why it joined (similarity.Match.reason)
    joined: bool = False  # joined a story that was there before this chunk


@dataclass
class _Candidate:
    pk: int | Member
    text: StoryText
    fingerprint: str
    story_key: str
    copy_of: int | Member | None


SAME_TEXT = Match("copy", 1.0, "the same text")


def _compare(member: Member, text: StoryText, candidate: _Candidate) -> Match | None:
    """`compare`, and the same title and body (any length, even none) make a copy, as ever."""
    if candidate.fingerprint == member.fingerprint:
        return SAME_TEXT
    return compare(text, candidate.text)


def place(members: list[Member]) -> None:
    """Decide each member's story and role (sets `story_key`, `role`, `copy_of`, `match`); no writes.

    Members are taken in time order, so that within the chunk the earlier article is the one the later
    copies; a member with a decision or a story key from its record goes there.
    """
    ordered = sorted(members, key=lambda m: (m.published_at or _NEVER,))
    texts = {id(m): StoryText(m.title, m.body) for m in ordered}
    for member in ordered:
        member.bands = band_keys(texts[id(member)])
    decided = dict(
        StoryDecision.objects.filter(external_id__in=[m.external_id for m in ordered]).values_list(
            "external_id", "story_key"
        )
    )
    own = {m.pk for m in ordered if m.pk is not None}
    candidates, shared = _candidates(ordered, own)
    chunk_bands: dict[int, list[int]] = defaultdict(list)  # band key -> positions in `ordered`
    chunk_prints: dict[str, int] = {}
    for position, member in enumerate(ordered):
        fixed_key = decided.get(member.external_id) or member.given_key
        best = _best(member, texts[id(member)], candidates, shared.get(id(member), Counter()))
        best = _best_within(member, texts[id(member)], ordered, position, chunk_bands, chunk_prints, best)
        if fixed_key:
            if best and best[0].story_key == fixed_key:
                _join(member, best)
            else:  # `refresh_stories` makes it the story's first if it is the earliest
                member.story_key, member.role = fixed_key, StoryRole.VERSION
            if member.given_role in (StoryRole.COPY, StoryRole.VERSION) and member.role != member.given_role:
                member.role, member.copy_of = member.given_role, None
        elif best is not None:
            _join(member, best)
        else:
            member.story_key, member.role = "", StoryRole.FIRST
        for key in member.bands:
            chunk_bands[key].append(position)
        chunk_prints.setdefault(member.fingerprint, position)
    _name_new_stories(ordered)


def _join(member: Member, best: tuple[_Candidate, object]) -> None:
    candidate, match = best
    member.story_key = candidate.story_key
    member.role = StoryRole.COPY if match.role == "copy" else StoryRole.VERSION
    copied = candidate.copy_of if candidate.copy_of is not None else candidate.pk
    member.copy_of = copied if member.role == StoryRole.COPY else None
    member.match = candidate.pk
    member.similarity = match.similarity
    member.reason = match.reason
    member.joined = not isinstance(candidate.pk, Member)


def _candidates(members: list[Member], own: set[int]) -> tuple[dict[int, _Candidate], dict]:
    """The archived articles sharing a band key or the exact text with a member, and for each member
    how many keys it shares with each (exact copies count as sharing every key)."""
    wanted: dict[int, list[int]] = defaultdict(list)  # band key -> members (by position)
    for position, member in enumerate(members):
        for key in member.bands:
            wanted[key].append(position)
    shared: dict[int, Counter] = defaultdict(Counter)
    keys = list(wanted)
    for start in range(0, len(keys), KEYS_PER_QUERY):
        rows = StoryBand.objects.filter(key__in=keys[start : start + KEYS_PER_QUERY]).values_list(
            "key", "article_id"
        )
        for key, article_id in rows:
            if article_id not in own:
                for position in wanted[key]:
                    shared[id(members[position])][article_id] += 1
    prints = defaultdict(list)
    for member in members:
        prints[member.fingerprint].append(member)
    # Articles placed in a story (`group_stories --all` clears the roles of those it has yet to place).
    exact = (
        Article.objects.filter(fingerprint__in=list(prints), story__isnull=False)
        .exclude(story_role=StoryRole.NONE)
        .values_list("fingerprint", "pk")
    )
    for fingerprint, pk in exact:
        if pk not in own:
            for member in prints[fingerprint]:
                shared[id(member)][pk] += 1_000_000
    chosen = set()
    for counts in shared.values():
        chosen.update(pk for pk, _ in counts.most_common(CANDIDATES))
    rows = Article.objects.filter(pk__in=chosen, story__isnull=False).values_list(
        "pk", "title", "body", "fingerprint", "story__key", "story_role", "duplicate_of_id"
    )
    found = {
        pk: _Candidate(pk, StoryText(title, body), fp, key, copy_of if role == StoryRole.COPY else None)
        for pk, title, body, fp, key, role, copy_of in rows
    }
    return found, shared


def _best(member: Member, text: StoryText, candidates: dict[int, _Candidate], counts: Counter):
    best = None
    for pk, _ in counts.most_common(CANDIDATES):
        candidate = candidates.get(pk)
        if candidate is None:
            continue
        match = _compare(member, text, candidate)
        if match is not None and (best is None or match.similarity > best[1].similarity):
            best = (candidate, match)
    return best


def _best_within(member, text, ordered, position, chunk_bands, chunk_prints, best):
    """The best match among the chunk's earlier members, if better than `best` (archived)."""
    counts: Counter = Counter()
    for key in member.bands:
        for other in chunk_bands.get(key, ()):
            counts[other] += 1
    if member.fingerprint in chunk_prints:
        counts[chunk_prints[member.fingerprint]] += 1_000_000
    for other_position, _ in counts.most_common(CANDIDATES):
        other = ordered[other_position]
        key = other.story_key or f"\0{other_position}"  # a new story is named once all are placed
        candidate = _Candidate(
            other, StoryText(other.title, other.body), other.fingerprint, key, other.copy_of
        )
        match = _compare(member, text, candidate)
        if match is not None and (best is None or match.similarity > best[1].similarity):
            best = (candidate, match)
    return best


def _name_new_stories(ordered: list[Member]) -> None:
    """Key each story founded in this chunk after its first article; members that joined one follow."""
    founders = [m for m in ordered if not m.story_key]
    proposed = {id(m): story_key(m.external_id) for m in founders}
    taken = set(Story.objects.filter(key__in=proposed.values()).values_list("key", flat=True))
    placeholder, keys_taken = {}, set()
    for position, member in enumerate(ordered):
        if member.story_key:
            continue
        key, attempt = proposed[id(member)], 0
        # Its own story's key is free to keep: regrouping gives a story's founder its story back.
        while (key in taken and key != member.current_key) or key in keys_taken:
            attempt += 1
            key = story_key(member.external_id, attempt)
        keys_taken.add(key)
        member.story_key = key
        placeholder[f"\0{position}"] = key
    for member in ordered:
        member.story_key = placeholder.get(member.story_key, member.story_key)


# The import's side: one call per chunk (writer.py) ------------------------------------------------


def _members(items) -> list[Member]:
    """A `Member` for each prepared item (set on `item.placed`); an updated article that has a story
    keeps it unless its record names another (re-importing the same files moves nothing)."""
    current = dict(
        Article.objects.filter(pk__in=[i.existing_id for i in items if i.status == "updated"])
        .exclude(story=None)
        .values_list("pk", "story__key")
    )
    members = []
    for item in items:
        fields = item.fields
        kept = current.get(item.existing_id, "")
        item.placed = Member(
            external_id=fields["external_id"],
            title=fields["title"],
            body=fields["body"],
            published_at=fields["published_at"],
            fingerprint=fields["fingerprint"],
            pk=item.existing_id,
            given_key=item.story_key or kept,
            given_role=item.story_role,
            current_key=kept,
        )
        members.append(item.placed)
    return members


def group(items) -> None:
    """Place the chunk's written articles (each with its `existing_id`) in stories and store it."""
    members = _members(items)
    place(members)
    store(members)


def preview(items) -> None:
    """A dry run's: where the chunk's articles would go (`item.placed`), nothing written."""
    for item in items:
        if item.status == "created":
            item.existing_id = None
    place(_members(items))


def is_copy(item) -> bool:
    return getattr(item.placed, "role", "") == StoryRole.COPY


def joined(item) -> str:
    """What the report says of a new article that joined a story already in the archive."""
    member = item.placed
    if member is None or member.role not in (StoryRole.COPY, StoryRole.VERSION) or not member.joined:
        return ""
    what = "a copy" if member.role == StoryRole.COPY else "a new version"
    return f"{what} of a story already in the archive (story {member.story_key}: {member.reason})"


def _pk(value: int | Member | None) -> int | None:
    return value.pk if isinstance(value, Member) else value


def store(members: list[Member]) -> None:
    """Write what `place` decided for these written members (each has its `pk`): their stories (created
    when new), roles, copies' `duplicate_of`, band keys; then the stories' counts and headlines."""
    if not members:
        return
    keys = {m.story_key for m in members}
    ids = dict(Story.objects.filter(key__in=keys).values_list("key", "pk"))
    new = [Story(key=key) for key in keys if key not in ids]
    ids.update((story.key, story.pk) for story in Story.objects.bulk_create(new))
    before = {m.story_id for m in members if m.story_id}
    for member in members:
        member.story_id = ids[member.story_key]
    Article.objects.bulk_update(
        [
            Article(pk=m.pk, story_id=m.story_id, story_role=m.role, duplicate_of_id=_pk(m.copy_of))
            for m in members
        ],
        ["story", "story_role", "duplicate_of"],
    )
    StoryBand.objects.filter(article_id__in=[m.pk for m in members]).delete()
    StoryBand.objects.bulk_create(
        [StoryBand(article_id=m.pk, key=key) for m in members for key in dict.fromkeys(m.bands)]
    )
    refresh_stories(before | set(ids.values()))


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
    for story_id, pk in Article.objects.filter(
        story_id__in=story_ids, story_role=StoryRole.FIRST
    ).values_list("story_id", "pk"):
        firsts[story_id].append(pk)
    for story_id, head in earliest.items():
        if head is not None and firsts[story_id] != [head]:
            _make_first(story_id, head, [pk for pk in firsts[story_id] if pk != head])
    _summarise(story_ids)


def _make_first(story_id: int, head: int, displaced: list[int]) -> None:
    role, copy_of = Article.objects.filter(pk=head).values_list("story_role", "duplicate_of_id").get()
    Article.objects.filter(pk=head).update(story_role=StoryRole.FIRST, duplicate_of=None)
    if role == StoryRole.COPY and copy_of in displaced:
        # The earliest copied the first: that first is now its copy, and so are the first's copies.
        Article.objects.filter(story_id=story_id, duplicate_of_id=copy_of).update(duplicate_of_id=head)
        Article.objects.filter(pk=copy_of).update(story_role=StoryRole.COPY, duplicate_of_id=head)
        displaced = [pk for pk in displaced if pk != copy_of]
    Article.objects.filter(pk__in=displaced).update(story_role=StoryRole.VERSION, duplicate_of=None)


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
