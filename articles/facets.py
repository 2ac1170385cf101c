"""Facet counts of the current matches, and the periods the timeline (articles.timeline) draws.

Each facet value carries the query parameters of the search that adds it (`params`) and the link made
from them (`href`, what `{% querystring item.params %}` gives, built once here rather than by a
template tag per link), so every facet click is a permalink.

Counts match what a click gives: a place counts the matches about it or about any place within it,
as the place filter does; undated matches count in every facet but the dates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connections
from django.db.models import F, Max, Min, Q
from django.http import QueryDict

from articles.filters import parse_period, story_group
from articles.models import ArticlePlace, ArticleTopic, MonthOf, Place, Source, Topic

FACET_LIMIT = 12
# Beyond SAMPLE_ABOVE matches, facets and the timeline are counted on an evenly spread sample of about
# SAMPLE_SIZE of them (every k-th by id) and scaled up, and the page says "about": counting the tags of
# every one of a million matches takes seconds (see docs/benchmarks.md, "Scale"), and nobody reads the
# last digits of "about 210,000". The number of matches itself stays exact.
SAMPLE_ABOVE = 10_000
SAMPLE_SIZE = 5_000
# Beyond BROAD_ABOVE matches (as the database's planner guesses them, see articles.fulltext.estimate_count)
# even the number of matches is estimated: everything is counted among the articles in SAMPLE_BLOCKS
# evenly spaced blocks of ids, SAMPLE_IDS ids in all, and scaled to the whole span of ids. Counting
# 790,000 matches of a million articles read every one of them (3 s on PostgreSQL); the blocks read
# 20,000 articles whatever the size of the archive. Said "about 790,000" on the page.
BROAD_ABOVE = 50_000
SAMPLE_IDS = 20_000
SAMPLE_BLOCKS = 20


def query_href(params: QueryDict) -> str:
    """A link to the current page with these parameters ("?" alone for none, which clears them all).

    The same string as `params.urlencode()`, which encodes pair by pair at twice the cost.
    """
    return "?" + urlencode([(key, value) for key, values in params.lists() for value in values])


@dataclass
class FacetItem:
    key: str
    name: str
    count: int
    params: QueryDict
    about: bool = False  # estimated from a sample of the matches

    @property
    def href(self) -> str:
        return query_href(self.params)


@dataclass
class Facet:
    name: str  # the query parameter: topic, place, source, year, month
    title: str
    items: list[FacetItem] = field(default_factory=list)
    adding: bool = False  # a value of this kind is chosen: a link adds another, matched as either


def with_values(params: QueryDict, key: str, values: list[str], **replace: str | None) -> QueryDict:
    """A copy of `params` with `key` set to `values`, other keys replaced or removed, and no page."""
    new = QueryDict(mutable=True)
    for name, items in params.lists():  # a shallow copy: QueryDict.copy() deep-copies, per facet link
        new.setlist(name, list(items))
    new.setlist(key, values)
    for name, value in {"page": None, **replace}.items():
        if value is None:
            new.pop(name, None)
        else:
            new[name] = value
    return new


@dataclass
class Counts:
    """What the search page counts about its matches (see `count_matches`)."""

    matches: int  # every match given, copies included
    duplicates: int  # the copies among them (exact duplicates of an earlier article's text)
    tags: dict[str, list[tuple[str, str, int]]]  # topic, place, source: (slug, name, matches or stories)
    periods: Counter  # {first day of the local day or month: dated matches or stories}
    sampled: bool = False  # tags and periods are estimates from a sample (see SAMPLE_ABOVE)
    estimated: bool = False  # so are `matches`, `duplicates` and `stories` (see BROAD_ABOVE)
    stories: int = 0  # the stories the matches belong to (filters.story_group)


def count_matches(
    matches,
    *,
    daily: bool = False,
    stories: bool = False,
    skip: dict[str, set[str]] | None = None,
    limit: int = FACET_LIMIT,
    estimate: bool = False,
    mentions: bool = False,
    only: str | None = None,
    leave_out: Collection[str] = (),
) -> Counts:
    """Everything the page counts about the matches, in one query that finds them once: how many
    there are, how many are copies and how many stories they belong to; the `limit` topics, places and
    sources most of them have (leaving out the `skip` slugs); and the dated ones per local day or month.

    With `stories=True` the facets and periods count stories (a story counts once under a source
    when any of its matching copies ran there), else articles. A place
    counts the matches about it or about any place within it, each match once, as the place filter
    selects them; undated matches count everywhere but in the periods. Beyond SAMPLE_ABOVE matches the
    tags and periods are counted on a sample and scaled (`Counts.sampled`), rounded to two digits.

    Places are counted by the tags pages show (ArticlePlaceQuerySet.shown), every tag with `mentions=True`.

    `estimate=True` (for a search the database expects to match more than BROAD_ABOVE articles) counts
    everything, the matches too, in blocks of ids only (`Counts.estimated`); when those say there are
    fewer than BROAD_ABOVE matches after all, everything is counted exactly.

    `only="topic"` (or place, source) counts that facet alone, with the matches and stories that scale a
    sample (the rest stays empty): the search page's other counts of a kind with a value chosen (see
    selectors.search_page._either) use nothing else.

    `leave_out` kinds are not counted (their facets stay empty): the search page counts a kind with a
    value chosen again without it (`_either`), and the place facet is most of the query's time (a
    Reuters-wide browse by date and place counted its places twice, issue 16 stop 27).
    """
    options = {
        "daily": daily, "stories": stories, "skip": skip, "limit": limit, "mentions": mentions, "only": only,
        "leave_out": leave_out,
    }  # fmt: skip
    if estimate:
        counts = _count_in_blocks(matches, **options)
        if counts is not None:
            return counts
    return _count(matches, **options)


def _count_in_blocks(matches, **options) -> Counts | None:
    """The matches among the ids of SAMPLE_BLOCKS evenly spaced blocks, scaled to every id; None when
    the estimate is not above BROAD_ABOVE, or the archive is too small for blocks to save anything."""
    bounds = matches.model._default_manager.using(matches.db).aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"], bounds["high"]
    if low is None or high - low + 1 <= 2 * SAMPLE_IDS:
        return None
    span = high - low + 1
    size = SAMPLE_IDS // SAMPLE_BLOCKS
    step = span // SAMPLE_BLOCKS
    # The same blocks for the same archive, so that a permalink shows the same figures: each block
    # starts in the middle of its stretch of ids.
    blocks = Q()
    for number in range(SAMPLE_BLOCKS):
        start = low + number * step + (step - size) // 2
        blocks |= Q(pk__range=(start, start + size - 1))
    counts = _count(matches.filter(blocks), factor=span / (size * SAMPLE_BLOCKS), **options)
    return counts if counts.matches > BROAD_ABOVE else None


def _count(
    matches,
    *,
    daily: bool,
    stories: bool,
    skip: dict[str, set[str]] | None,
    limit: int,
    mentions: bool,
    only: str | None = None,
    leave_out: Collection[str] = (),
    factor: float = 1.0,
) -> Counts:
    """count_matches' query; `factor` scales what it counts in a sample of the articles to them all."""
    skip = skip or {}
    connection = connections[matches.db]
    quote = connection.ops.quote_name
    period = F("published_on") if daily else MonthOf("published_on")
    found, params = (
        matches.order_by()
        .values(
            match_id=F("pk"), copy_of=F("duplicate_of"), source_key=F("source"), period=period,
            story_key=story_group(),
        )
        .query.sql_with_params()
    )  # fmt: skip
    # What a facet counts: stories (each once, however many of its copies match) or articles.
    tally = "COUNT(DISTINCT matches.story_key)" if stories else "COUNT(*)"
    place_tally = "COUNT(DISTINCT tag.story_key)" if stories else "COUNT(DISTINCT tag.article_id)"
    # The place tags counted, as a subquery of ArticlePlaceQuerySet.shown (the one definition).
    places_sql, places_params = (
        ArticlePlace.objects.shown(mentions).values("article_id", "place_id").query.sql_with_params()
    )
    tables = {**TABLES, "places": f"({places_sql})", **LOOKUPS[connection.vendor == "sqlite"]}
    kinds = (only,) if only else tuple(kind for kind in ("topic", "place", "source") if kind not in leave_out)
    within = "place" in kinds  # the places within each place, which only the place facet reads
    params = [*params, *(places_params if within else ())]  # TAGGED_SQL's, then each arm's in turn
    arms = []
    for kind, model, counted, label in (
        ("topic", Topic, TOPICS_SQL, "name"),
        ("place", Place, PLACES_SQL, "display_name"),
        ("source", Source, SOURCES_SQL, "name"),
    ):
        if kind not in kinds:
            continue
        left_out = sorted(skip.get(kind, ()))
        marks = ", ".join(["%s"] * len(left_out))
        arms.append(
            f"SELECT * FROM (SELECT '{kind}' AS kind, tag.slug, tag.{label}, counted.n "
            f"FROM ({counted.format(tally=tally, place_tally=place_tally, **tables)}) counted "
            f"JOIN {quote(model._meta.db_table)} tag ON tag.id = counted.tag_id "
            + (f"WHERE tag.slug NOT IN ({marks}) " if left_out else "")
            + f"ORDER BY counted.n DESC, tag.{label} LIMIT %s) {kind}_counts"
        )
        params += [*left_out, limit]
    place_ctes = (
        f", tagged AS ({TAGGED_SQL.format(**tables)}), within(place_id, ancestor_id) AS ({WITHIN_SQL.format(**tables)})"
        if within
        else ""
    )
    # `everything` is every match; `matches`, what the facets count, is every k-th of them by id (k = 1
    # up to SAMPLE_ABOVE matches): the scalar subquery runs once, and the joins to the tag tables below
    # touch only the sample.
    sql = f"""
        WITH RECURSIVE everything AS ({found}),
        total(n) AS (SELECT COUNT(*) FROM everything),
        matches AS (SELECT * FROM everything WHERE match_id %% (
            SELECT CASE WHEN n > {SAMPLE_ABOVE:d} THEN n / {SAMPLE_SIZE:d} ELSE 1 END FROM total) = 0)
        {place_ctes}
        SELECT 'matches', NULL, NULL, n FROM total
        {"" if only else "UNION ALL SELECT 'duplicates', NULL, NULL, COUNT(copy_of) FROM everything"}
        UNION ALL SELECT 'stories', NULL, NULL, COUNT(DISTINCT story_key) FROM everything
        UNION ALL SELECT 'sample', NULL, NULL, {tally} FROM matches
        {"".join(f" UNION ALL {arm}" for arm in arms)}
        {"" if only else PERIODS_SQL.format(tally=tally)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = Counts(0, 0, {"topic": [], "place": [], "source": []}, Counter())
    sample = 0
    for kind, key, name, n in rows:
        if kind == "matches":
            counts.matches = n
        elif kind == "duplicates":
            counts.duplicates = n
        elif kind == "stories":
            counts.stories = n
        elif kind == "sample":
            sample = n
        elif kind == "period":
            counts.periods[_period_day(key)] += n
        else:
            counts.tags[kind].append((key, name, n))
    counts.sampled = counts.matches > SAMPLE_ABOVE or factor != 1
    if counts.sampled and sample:
        scale = (counts.stories if stories else counts.matches) * factor / sample
        for kind, items in counts.tags.items():
            counts.tags[kind] = [(key, name, _estimate(n, scale)) for key, name, n in items]
        counts.periods = Counter({day: _estimate(n, scale) for day, n in counts.periods.items()})
    if factor != 1:
        counts.estimated = True
        counts.matches = _estimate(counts.matches, factor) if counts.matches else 0
        counts.duplicates = _estimate(counts.duplicates, factor) if counts.duplicates else 0
        counts.stories = _estimate(counts.stories, factor) if counts.stories else 0
    return counts


PERIODS_SQL = """UNION ALL SELECT 'period', CAST(period AS text), NULL, {tally} FROM matches
            WHERE period IS NOT NULL GROUP BY period"""


def _period_day(text: str) -> dt.date:
    """A period's first day as the database wrote it; PostgreSQL writes days beyond Python's calendar
    ("0044-03-01 BC", "infinity", "10000-01-01"), held by rows written by hand: they count at its ends."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.date.min if text.endswith("BC") or text.startswith("-") else dt.date.max


def _estimate(n: int, scale: float) -> int:
    """`n` sampled matches scaled up to the whole, to two significant digits (never 0 for a found one)."""
    value = n * scale
    digits = max(0, len(str(int(value))) - 2)
    return max(1, int(round(value, -digits)))


# The pieces of count_matches' query. Table names come from the models; `matches` is the CTE of the
# matches (match_id, copy_of, source_key, period). Joins are written matches-first (CROSS JOIN
# keeps SQLite's planner to that order): from each match to its few tags by the tag tables' indexes.
TABLES = {
    "topics": ArticleTopic._meta.db_table,
    "places": ArticlePlace._meta.db_table,
    "place": Place._meta.db_table,
}
TOPICS_SQL = """
    SELECT tag.topic_id AS tag_id, {tally} AS n FROM matches CROSS JOIN {topics} tag
    WHERE tag.article_id = matches.match_id GROUP BY tag.topic_id
"""
# A place's count takes in the places within it: each tag counts for its place and every place above.
PLACES_SQL = """
    SELECT within.ancestor_id AS tag_id, {place_tally} AS n
    FROM tagged tag CROSS JOIN within WHERE within.place_id = tag.place_id
    GROUP BY within.ancestor_id
"""
# The (sampled) matches' place tags, read once for WITHIN_SQL and PLACES_SQL (each read them before: a
# third of the counting query's time on a Reuters-wide browse, issue 16 stop 26).
TAGGED_SQL = """
    SELECT tag.article_id, tag.place_id, matches.story_key FROM matches CROSS JOIN {places} tag
    WHERE {tag_of_match}
"""
SOURCES_SQL = """
    SELECT source_key AS tag_id, {tally} AS n FROM matches
    WHERE source_key IS NOT NULL GROUP BY source_key
"""
# Every place the matches are tagged with, with itself and each place above it (only those: the
# gazetteer holds tens of thousands). UNION (not UNION ALL) stops at pairs already seen, so a parent
# cycle cannot loop forever.
WITHIN_SQL = """
    SELECT DISTINCT tagged.place_id, tagged.place_id FROM tagged
    UNION
    SELECT within.place_id, up.parent_id FROM within JOIN {place} up ON {place_above}
    WHERE up.parent_id IS NOT NULL
"""
# How TAGGED_SQL finds a match's place tags and WITHIN_SQL a place's parent: by equality, and on SQLite by
# a range of that one value. SQLite (3.38 on) builds a Bloom filter on a lookup when it expects more
# lookups than the table has rows, and its guess of a CTE's rows (matches, within) is far above what most
# hold: each count read all of articles_articleplace and articles_place to build two filters, 12-27 ms for
# a word found 12 times that takes 2 ms without them. A range is looked up by the same index and never
# Bloom-filtered. PostgreSQL keeps equality: a range there made counts 10 to 1,000 times slower
# (docs/benchmarks.md, "SQLite's place facet: issue 16, stop 28").
LOOKUPS = {
    False: {"tag_of_match": "tag.article_id = matches.match_id", "place_above": "up.id = within.ancestor_id"},
    True: {
        "tag_of_match": "tag.article_id BETWEEN matches.match_id AND matches.match_id",
        "place_above": "up.id BETWEEN within.ancestor_id AND within.ancestor_id",
    },
}


def tag_facets(
    matches,
    params: QueryDict,
    selected: dict[str, list[str]],
    limit: int = FACET_LIMIT,
    fixed: dict[str, list[str]] | None = None,
    *,
    counts: Counts | None = None,
) -> list[Facet]:
    """Counts of matches by topic, place and source, most frequent first; chosen values left out.

    `fixed` values (a topic page's own topic) are left out too, but are not added to the links.
    `counts` are those of `count_matches` when the caller has them already (with the same `skip`).
    """
    if counts is None:
        counts = count_matches(matches, skip=facet_skip(selected, fixed), limit=limit)
    titles = {"topic": "Topics", "place": "Places", "source": "Sources"}
    facets = []
    for kind in ("topic", "place", "source"):
        chosen = selected.get(kind, [])
        facet = Facet(kind, titles[kind], adding=bool(chosen))
        for slug, name, count in counts.tags[kind]:
            facet.items.append(
                FacetItem(slug, name, count, with_values(params, kind, [*chosen, slug]), about=counts.sampled)
            )
        facets.append(facet)
    return facets


def facet_skip(
    selected: dict[str, list[str]], fixed: dict[str, list[str]] | None = None
) -> dict[str, set[str]]:
    """The slugs a facet leaves out: those chosen, and a topic's, place's or source's page's own."""
    fixed = fixed or {}
    return {kind: {*selected.get(kind, []), *fixed.get(kind, [])} for kind in ("topic", "place", "source")}


def period_within(key_from: str, key_to: str, date_from=None, date_to=None) -> tuple[str, str]:
    """A year's, month's or day's link dates, kept inside the dates chosen (`Period`s or None).

    Its count is of the matches in both; a link that replaced a search from 15 March with all of March
    found more than the bar or facet said. An empty key is an open end (the timeline's "before 1987").
    """
    if date_from and (not key_from or parse_period(key_from).first < date_from.first):
        key_from = date_from.text
    if date_to and (not key_to or parse_period(key_to).last > date_to.last):
        key_to = date_to.text
    return key_from, key_to


def _period_params(params: QueryDict, key: str, date_from, date_to) -> QueryDict:
    first, last = period_within(key, key, date_from, date_to)
    return with_values(params, "date_from", [first], date_to=last)


def date_facet(
    counts: Counter, params: QueryDict, date_from=None, date_to=None, *, about: bool = False
) -> Facet:
    """Matches by year, or by month when the chosen dates lie within one year."""
    one_year = date_from and date_to and date_from.first.year == date_to.last.year
    if one_year:
        year = date_from.first.year
        months: Counter = Counter()
        for day, n in counts.items():
            if day.year == year:
                months[day.month] += n
        facet = Facet("month", f"Months of {year}")
        for month in sorted(months):
            key = f"{year}-{month:02d}"
            label = dt.date(year, month, 1).strftime("%B")
            facet.items.append(
                FacetItem(key, label, months[month], _period_params(params, key, date_from, date_to), about)
            )
        return facet
    years: Counter = Counter()
    for day, n in counts.items():
        years[day.year] += n
    facet = Facet("year", "Years")
    for year in sorted(years):
        key = str(year)
        facet.items.append(
            FacetItem(key, key, years[year], _period_params(params, key, date_from, date_to), about)
        )
    return facet
