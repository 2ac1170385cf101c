"""Grouping articles into stories: at import (writer.py, once per chunk) and by `manage.py group_stories`.

For a chunk of articles: their band keys (articles.stories.similarity) are looked up in `StoryBand` in
one query, and exact copies by `fingerprint` in another (a text too short for band keys still finds its
copies). Each article is compared (`similarity.compare`) with the candidates sharing the most band keys
with it, archived or earlier in the same chunk, and joins the best match's story as a copy or a
version; with no match it founds a story of its own. An article matching articles of two or more
stories merges them (`_merge`): the older story keeps its key and takes the others' articles, unless an
editor placed an article in one of them. An article an editor placed (`StoryDecision`) and one whose
imported record names its story (`story`, from an export) go to that story instead.

Within a story, the earliest article is `first`, whichever order they were imported in; a copy points
at the article whose text it copies (`duplicate_of`, what "exact duplicates" were before stories).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection

from ..models import Article, Story, StoryBand, StoryDecision, StoryRole, story_key
from ..stories.screen import may_match, sketch
from ..stories.similarity import (
    Match,
    StoryText,
    band_keys,
    compare,
    known_until,
    outside_window,
    top_candidates,
)
from . import story_store

# Keys looked up per query (`_bands_of`): a plan each engine keeps to the index.
KEYS_PER_QUERY = 10_000
# Articles read under one band key: its newest. A key shared by very many articles (a formula, a
# dateline, a lede a generator reuses) is a stop word: without a bound the rows read for a new article
# grow with the archive (152 an article at 10,000 generated articles, 1,531 at 100,000); with it they
# are at most KEY_ROWS a key (about 30 keys an article). 8, the smallest of 8, 16, 32 and 64 measured,
# changed no decision on the labelled pages, Reuters-21578 train or BBC dev (docs/benchmarks.md,
# "Grouping's import cost: issue 13, stop 24"). None reads them all (grouping before stop 24).
KEY_ROWS: int | None = 8
_NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass
class Member:
    """One article to group: its text and what may already say its story."""

    external_id: str
    title: str
    body: str
    published_at: dt.datetime | None
    fingerprint: str
    date_precision: str = ""  # "day" or "month": its date stands for any moment of that day or month
    pk: int | None = None  # None in a dry run: the article is not written
    story_id: int | None = (
        None  # its story: the one it had (re-import, group_stories), then the one it goes to
    )
    current_key: str = ""  # that story's key, which it keeps when it founds a story (see `place`)
    given_key: str = ""  # the story its record names (an exported archive imported again)
    given_role: str = ""
    # Set by `place` (unless known: found ahead by a tagging worker, the same keys):
    bands: list[int] | None = None
    story_key: str = ""
    role: str = ""
    # The article whose text it copies (a copy's duplicate_of), and the one it was found like: an
    # archived article's id, or a member of the same chunk (not written yet in a dry run).
    copy_of: int | Member | None = None
    match: int | Member | None = None
    similarity: float = 0.0
    reason: str = ""  # why it joined (similarity.Match.reason)
    merged: list[str] = field(default_factory=list)  # archived stories' keys it merged into its story
    merged_ids: list[int] = field(default_factory=list)  # their ids (story_store.merge_stories)
    joined: bool = False  # joined a story that was there before this chunk
    fixed: bool = False  # placed by an editor's decision or its record's `story`, not by its text
    # Set by story_store.create_stories:
    story_id_before: int | None = None
    refresh: bool = False
    story_began: dt.datetime | None = None  # its story's first article's time, once placed
    story_began_until: dt.datetime | None = None  # ... and up to when that date may stand for


def _story_began(member: Member) -> dt.datetime | None:
    return member.story_began or member.published_at


def _story_began_until(member: Member) -> dt.datetime | None:
    if member.story_began:
        return member.story_began_until or member.story_began
    return known_until(member.published_at, member.date_precision)


@dataclass
class _Candidate:
    pk: int | Member
    text: StoryText
    fingerprint: str
    story_key: str
    copy_of: int | Member | None
    story_began: dt.datetime | None = None  # when its story's first article appeared, if known
    began_until: dt.datetime | None = None  # up to when that date may stand for (`known_until`)


SAME_TEXT = Match("copy", 1.0, "the same text")


def _compare(member: Member, text: StoryText, candidate: _Candidate) -> Match | None:
    """`compare`, and the same title and body (any length, even none) make a copy, as ever."""
    if candidate.fingerprint == member.fingerprint:
        return SAME_TEXT
    # Most candidates share a few band keys and little text: screened out for a fraction of compare's
    # cost, and only when compare would turn them down too (stories/screen.py).
    if not may_match(sketch(text), sketch(candidate.text)):
        return None
    match = compare(text, candidate.text)
    if match is not None and match.role == "version" and _outside_window(member, candidate):
        return None
    return match


def _outside_window(member: Member, candidate: _Candidate) -> bool:
    at = member.published_at
    return outside_window(
        at,
        candidate.story_began,
        at_until=known_until(at, member.date_precision),
        began_until=candidate.began_until,
    )


def place(members: list[Member]) -> None:
    """Decide each member's story and role (sets `story_key`, `role`, `copy_of`, `match`); no writes.

    Members are taken in time order, so that within the chunk the earlier article is the one the later
    copies; a member with a decision or a story key from its record goes there.
    """
    ordered = sorted(members, key=lambda m: (m.published_at or _NEVER,))
    texts = {id(m): StoryText(m.title, m.body) for m in ordered}
    for member in ordered:
        if member.bands is None:
            member.bands = band_keys(texts[id(member)])
    decided = dict(
        StoryDecision.objects.filter(external_id__in=[m.external_id for m in ordered]).values_list(
            "external_id", "story_key"
        )
    )
    own = {m.pk for m in ordered if m.pk is not None}
    candidates, shared = _candidates(ordered, own)
    stories = _Stories(ordered, candidates, decided)
    chunk_bands: dict[int, list[int]] = defaultdict(list)  # band key -> positions in `ordered`
    chunk_prints: dict[str, int] = {}
    for position, member in enumerate(ordered):
        fixed_key = decided.get(member.external_id) or member.given_key
        matched: dict[str, _Candidate] = {}  # story key -> its best-matching candidate
        best = _best(member, texts[id(member)], candidates, shared.get(id(member), Counter()), matched)
        best = _best_within(
            member, texts[id(member)], ordered, position, chunk_bands, chunk_prints, best, matched
        )
        if fixed_key:
            member.fixed = True
            if best and best[0].story_key == fixed_key:
                _join(member, best)
            else:  # `refresh_stories` makes it the story's first if it is the earliest
                member.story_key, member.role = fixed_key, StoryRole.VERSION
            if member.given_role in (StoryRole.COPY, StoryRole.VERSION) and member.role != member.given_role:
                member.role, member.copy_of = member.given_role, None
        elif best is not None:
            _join(member, best)
            stories.merge(member, matched)
        else:
            member.story_key, member.role = "", StoryRole.FIRST
        for key in member.bands:
            chunk_bands[key].append(position)
        chunk_prints.setdefault(member.fingerprint, position)
    stories.resolve()
    _name_new_stories(ordered)


class _Stories:
    """Stories merged while a chunk is placed: an article matching articles of two or more stories (the
    first take of a story whose later versions founded another through an outlet's rewrite) makes
    them one. The older story wins: one already archived before one founded in this chunk, then the
    one that began first; its key stays. A story holding an article an editor placed, or one a
    member's record names, is never merged by text: the editor (or the export) said what it is."""

    def __init__(self, ordered: list[Member], candidates: dict[int, _Candidate], decided: dict[str, str]):
        self.ordered = ordered
        self.parent: dict[str, str] = {}
        self.rank: dict[str, tuple] = {}
        archived = {c.story_key for c in candidates.values()}
        self.protected = set(
            StoryDecision.objects.filter(story_key__in=archived).values_list("story_key", flat=True)
        )
        self.protected |= set(decided.values()) | {m.given_key for m in ordered if m.given_key}

    def find(self, key: str) -> str:
        while key in self.parent:
            key = self.parent[key]
        return key

    def merge(self, member: Member, matched: dict[str, _Candidate]) -> None:
        keys = {self.find(key) for key in matched}
        if len(keys) < 2 or keys & self.protected:
            return
        for key in keys:
            candidate = matched.get(key) or next(c for k, c in matched.items() if self.find(k) == key)
            archived = not key.startswith("\0")
            self.rank.setdefault(key, (not archived, candidate.story_began or _NEVER, key))
        root = min(keys, key=self.rank.__getitem__)
        for key in keys - {root}:
            self.parent[key] = root
            if not key.startswith("\0"):
                member.merged.append(key)

    def resolve(self) -> None:
        """Members follow their stories into the stories they were merged into; a founder of a merged
        story becomes a version of the story it is now in."""
        if not self.parent:
            return
        for position, member in enumerate(self.ordered):
            own = member.story_key or f"\0{position}"
            root = self.find(own)
            if root != own:
                member.story_key = root
                if member.role == StoryRole.FIRST:
                    member.role = StoryRole.VERSION


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
    member.story_began = candidate.story_began
    member.story_began_until = candidate.began_until or candidate.story_began


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
        for key, article_id in _bands_of(keys[start : start + KEYS_PER_QUERY]):
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
        chosen.update(top_candidates(counts))
    rows = Article.objects.filter(pk__in=chosen, story__isnull=False).values_list(
        "pk", "title", "body", "fingerprint", "story__key", "story_role", "duplicate_of_id",
        "story__first_published_at", "published_at", "date_precision",
    )  # fmt: skip
    found = {
        pk: _Candidate(
            pk,
            StoryText(title, body),
            fp,
            key,
            copy_of if role == StoryRole.COPY else None,
            began,
            _began_until(began, at, precision),
        )
        for pk, title, body, fp, key, role, copy_of, began, at, precision in rows
    }
    return found, shared


def _began_until(began: dt.datetime | None, at: dt.datetime | None, precision: str) -> dt.datetime | None:
    """Up to when an archived story's beginning may be: a date alone when its first article is dated so
    and is the candidate read (otherwise its first article's precision is not read: taken as a time)."""
    return known_until(began, precision) if began is not None and began == at else began


def _bands_of(keys: list[int]) -> list[tuple[int, int]]:
    """(key, article id) of the filed band keys among `keys`, the newest KEY_ROWS articles of each: one
    index range scan per key. Plain SQL, and the keys as one value (a PostgreSQL array, a JSON list for
    SQLite's `json_each`), not one parameter each: binding 10,000 parameters (the ORM's `key__in`, or
    psycopg quoting each) took more CPU than the query."""
    quote = connection.ops.quote_name
    table, key, article = quote(StoryBand._meta.db_table), quote("key"), quote("article_id")
    listed = ",".join(map(str, keys))
    with connection.cursor() as cursor:
        if KEY_ROWS is None and connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {key}, {article} FROM {table} WHERE {key} = ANY(%s::bigint[])", ["{" + listed + "}"]
            )
        elif KEY_ROWS is None:
            cursor.execute(
                f"SELECT {key}, {article} FROM {table} WHERE {key} IN (SELECT value FROM json_each(%s))",
                [f"[{listed}]"],
            )
        elif connection.vendor == "postgresql":
            # One index seek a key, reading its newest KEY_ROWS entries backwards.
            cursor.execute(
                f"SELECT k.k, b.{article} FROM unnest(%s::bigint[]) AS k(k) CROSS JOIN LATERAL "
                f"(SELECT {article} FROM {table} WHERE {key} = k.k ORDER BY {article} DESC LIMIT %s) b",
                ["{" + listed + "}", KEY_ROWS],
            )
        else:
            cursor.execute(
                f"SELECT {key}, {article} FROM (SELECT {key}, {article}, ROW_NUMBER() OVER "
                f"(PARTITION BY {key} ORDER BY {article} DESC) AS r FROM {table} "
                f"WHERE {key} IN (SELECT value FROM json_each(%s))) WHERE r <= %s",
                [f"[{listed}]", KEY_ROWS],
            )
        return cursor.fetchall()


def _best(member: Member, text: StoryText, candidates: dict[int, _Candidate], counts: Counter, matched):
    """The best match among archived candidates; every story matched goes in `matched`."""
    best = None
    for pk in top_candidates(counts):
        candidate = candidates.get(pk)
        if candidate is None:
            continue
        match = _compare(member, text, candidate)
        if match is not None:
            matched.setdefault(candidate.story_key, candidate)
        if match is not None and (best is None or match.similarity > best[1].similarity):
            best = (candidate, match)
    return best


def _best_within(member, text, ordered, position, chunk_bands, chunk_prints, best, matched):
    """The best match among the chunk's earlier members, if better than `best` (archived)."""
    counts: Counter = Counter()
    for key in member.bands:
        for other in chunk_bands.get(key, ()):
            counts[other] += 1
    if member.fingerprint in chunk_prints:
        counts[chunk_prints[member.fingerprint]] += 1_000_000
    for other_position in top_candidates(counts):
        other = ordered[other_position]
        key = other.story_key or f"\0{other_position}"  # a new story is named once all are placed
        candidate = _Candidate(
            other, StoryText(other.title, other.body), other.fingerprint, key, other.copy_of,
            _story_began(other), _story_began_until(other),
        )  # fmt: skip
        match = _compare(member, text, candidate)
        if match is not None:
            matched.setdefault(key, candidate)
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
    current = {
        pk: (story_id, key)
        for pk, story_id, key in Article.objects.filter(
            pk__in=[i.existing_id for i in items if i.status == "updated"]
        )
        .exclude(story=None)
        .values_list("pk", "story_id", "story__key")
    }
    members = []
    for item in items:
        fields = item.fields
        story_id, kept = current.get(item.existing_id, (None, ""))
        item.placed = Member(
            external_id=fields["external_id"],
            title=fields["title"],
            body=fields["body"],
            published_at=fields["published_at"],
            fingerprint=fields["fingerprint"],
            date_precision=fields.get("date_precision", ""),
            pk=item.existing_id,
            story_id=story_id,
            given_key=item.story_key or kept,
            given_role=item.story_role,
            current_key=kept,
            bands=item.bands,
        )
        members.append(item.placed)
    return members


def place_items(items) -> None:
    """Before the chunk is written: place its articles in stories (`item.placed`), create the new
    stories, and give each article's fields its story, role and (when it copies an archived
    article) `duplicate_of`, so that the articles are written with them."""
    members = _members(items)
    place(members)
    story_store.create_stories(members)
    for item, member in zip(items, members, strict=True):
        item.fields["story_id"] = member.story_id
        item.fields["story_role"] = member.role
        copied = member.copy_of
        item.fields["duplicate_of_id"] = copied.pk if isinstance(copied, Member) else copied


def finish_items(items) -> None:
    """After the chunk is written (every item has its `existing_id`): copies of articles of the same
    chunk point at them, band keys are filed, and the stories joined get their counts and headlines."""
    members = []
    for item in items:
        item.placed.pk = item.existing_id
        members.append(item.placed)
    story_store.point_copies(members)
    story_store.file_bands(members, replace=[m.pk for m in members if m.story_id_before is not None])
    story_store.refresh_stories(story_store.touched(members))


def preview(items) -> None:
    """A dry run's: where the chunk's articles would go (`item.placed`), nothing written."""
    for item in items:
        if item.status == "created":
            item.existing_id = None
    place(_members(items))


def is_copy(item) -> bool:
    return getattr(item.placed, "role", "") == StoryRole.COPY


def joined(item) -> str:
    """What the report says of a new article found to be a copy or version of another."""
    member = item.placed
    if member is None or member.role not in (StoryRole.COPY, StoryRole.VERSION) or not member.reason:
        return ""
    what = "a copy" if member.role == StoryRole.COPY else "a new version"
    where = "a story already in the archive" if member.joined else "an article earlier in this import"
    return f"{what} of {where} (story {member.story_key}: {member.reason})"
