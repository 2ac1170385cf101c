"""The reads of one search: what the search page, its JSON and CSV, its map and its feed show.

    asked = read_search(request.GET, base=..., scope=("topic", topic))   # the parameters, read and checked
    page = search_page(asked)            # counts, a page of results, facets, timeline, chips: all values
    counts = search_counts(asked, limit=300)                              # the counts alone (the map)
    articles = last_added(asked, 50)                                      # the feed

Each function runs its queries when called and returns plain values: nothing is fetched later as a
side effect of reading a property.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.urls import reverse

from articles import facets, fulltext, second_connection
from articles.filters import ALL_KINDS, TAG_KINDS, ArticleFilter, Chosen, Period
from articles.fulltext import Query
from articles.models import Article, tag_url
from articles.selectors.cache import cached
from articles.selectors.newest import newest_ids
from articles.selectors.paging import PER_PAGE, clamp_page, read_per_page
from articles.selectors.results import Result, results_of
from articles.timeline import Timeline, build_timeline, is_daily

# A search matching more than RANK_WINDOW articles ranks "best match" among its newest RANK_WINDOW
# matches only: ranking reads every match's words, 2.3 s for 790,000 matches of a million articles on
# PostgreSQL (docs/benchmarks.md, "Scale"), while a news archive's newest matches of a common word are
# the ones wanted. The page says so; newest and oldest first still go through every match. Issue 16
# lowered it from 20,000 and applied it to every search, not only those whose count is estimated: a
# word in 41,000 of a million articles took 1.3 s to rank them all, 0.54 s for the newest 5,000.
RANK_WINDOW = 5_000
SECOND_CONNECTION_PAGES = 100  # pages fetched while the counts are made on a second connection
# ... for searches the database expects to match at least this many articles: below it, opening the
# second connection costs more than it saves (Reuters-21578 on PostgreSQL: a 110-match word's page went
# from 17 to 24 ms side by side, a 10,974-match word's from 131 to 109 ms).
SECOND_CONNECTION_ABOVE = 2_000
# What a result shows and the JSON export gives (articles.exporting.summary); the fewer columns, the less
# the ORM does per row.
RESULT_FIELDS = (
    "title", "slug", "lede", "published_at", "date_precision", "duplicate_of", "external_id", "url", "byline",
    "dateline", "word_count", "source__name", "source__slug", "language", "kind", "story_role", "story__key",
    "story__headline", "story__article_count", "story__version_count",
)  # fmt: skip


@dataclass(frozen=True)
class AskedSearch:
    """One search as asked: the query string read and checked by the FilterSet, and the page's scope
    (a topic's, place's or source's page). Reading it runs no query but the lookup of chosen tags."""

    params: QueryDict  # the query string, without `format`
    filterset: ArticleFilter
    scope: tuple[str, object] | None = None

    @property
    def query(self) -> Query:
        return self.filterset.query

    @property
    def selected(self) -> dict[str, list]:
        """The topics, places and sources chosen, by kind."""
        return {kind: chosen.found for kind, chosen in self.filterset.chosen.items()}

    @property
    def chosen(self) -> dict[str, list[str]]:
        return {kind: [obj.slug for obj in objs] for kind, objs in self.selected.items()}

    @property
    def fixed(self) -> dict[str, list[str]]:
        """The page's own topic, place or source, left out of its facets."""
        return {self.scope[0]: [self.scope[1].slug]} if self.scope else {}

    @property
    def date_from(self) -> Period | None:
        return self.filterset.period("date_from")

    @property
    def date_to(self) -> Period | None:
        return self.filterset.period("date_to")

    @property
    def daily(self) -> bool:
        return is_daily(self.date_from, self.date_to)

    @property
    def per_page(self) -> int:
        """Results per page: `?per_page=` when it is one of PER_PAGE_CHOICES."""
        return read_per_page(self.params.get("per_page"))[0]

    @property
    def chosen_per_page(self) -> int | None:
        """The page size asked for when it is not the default: the search form keeps it (a new search
        from a page of 50 went back to 20)."""
        return self.per_page if self.per_page != PER_PAGE else None

    @property
    def relevance(self) -> bool:
        """Sorted by best match, with words to rank by."""
        query = self.query
        return self.filterset.sort_order == "relevance" and not (query.is_blank or query.is_exclusion_only)


def read_search(params: QueryDict, *, base=None, scope: tuple[str, object] | None = None) -> AskedSearch:
    """`params` (a request's GET) read by the search page's FilterSet, within `base` (every article by
    default; undated ones too, which only a date filter leaves out)."""
    params = params.copy()
    params.pop("format", None)
    filterset = ArticleFilter(params.copy(), queryset=base)
    # A topic, place or source that does not exist is left out of the search, which says so once: the
    # page's links (facets, pages, chips, exports, feed) leave it out too.
    for kind, chosen in filterset.chosen.items():
        if chosen.unknown:
            params.setlist(kind, [value for value in params.getlist(kind) if value not in chosen.unknown])
    return AskedSearch(params, filterset, scope)


def search_counts(
    asked: AskedSearch, *, limit: int = facets.FACET_LIMIT, either: bool = True
) -> facets.Counts:
    """The matches, the exact duplicates among them, the `limit` most frequent topics, places and
    sources, and the timeline: one query (see facets.count_matches), after the planner's guess on
    PostgreSQL (see `expects_many`); with `either`, a kind with a value chosen counted without it (see
    `_either`; the map shows where the matches are, so it asks without). Cached (see `search_page`)."""

    def count() -> facets.Counts:
        return _counts(asked, limit, expects_many(asked)[1], either)

    params = asked.params.copy()
    params.pop("page", None)
    key = (limit, either, *_cache_key(asked, params))
    return cached("search-counts", key, count, settings.SEARCH_CACHE_SECONDS)


def _cache_key(asked: AskedSearch, params: QueryDict) -> tuple:
    """What a search's results depend on besides the archive's version: the articles it searches (a
    topic's page searches that topic's) and its parameters, in a fixed order."""
    return str(asked.filterset.queryset.query), sorted(params.lists())


def expects_many(asked: AskedSearch) -> tuple[int | None, bool]:
    """How many matches the database expects (from its planner's statistics; None on SQLite), and
    whether that is more than facets.BROAD_ABOVE (then the counts are estimated)."""
    expected = fulltext.estimate_count(asked.filterset.with_duplicates)
    return expected, expected is not None and expected > facets.BROAD_ABOVE


def _count_arguments(asked: AskedSearch, limit: int, estimate: bool) -> dict:
    return {
        "matches": asked.filterset.with_duplicates,
        "daily": asked.daily,
        "stories": asked.filterset.grouping,
        "skip": facets.facet_skip(asked.chosen, asked.fixed),
        "limit": limit,
        "estimate": estimate,
        "mentions": asked.filterset.include_mentions,
    }


def _counts(asked: AskedSearch, limit: int, estimate: bool, either: bool = True) -> facets.Counts:
    # With `either`, a kind with a value chosen is counted by `_either` alone: counting it here too was
    # thrown away (a date range and a place counted its places twice, issue 16 stop 27).
    chosen = [kind for kind, slugs in asked.chosen.items() if slugs] if either else []
    counts = facets.count_matches(**_count_arguments(asked, limit, estimate), leave_out=chosen)
    return _either(asked, counts, limit, estimate) if either else counts


def _either(asked: AskedSearch, counts: facets.Counts, limit: int, estimate: bool) -> facets.Counts:
    """`counts` with each kind that has a value chosen counted without it: two topics give either's
    matches, so a topic beside Politics counts its matches in the search without Politics. Counted among
    Politics' matches, "Crime 8" gave 81 stories, and a source's facet was empty once one was chosen."""
    for kind, slugs in asked.chosen.items():
        if slugs:
            params = asked.params.copy()
            params.pop(kind)
            other = AskedSearch(params, ArticleFilter(params, queryset=asked.filterset.queryset), asked.scope)
            other.filterset.chosen = {**asked.filterset.chosen, kind: Chosen()}  # looked up already
            arguments = {
                **_count_arguments(other, limit, estimate),
                "skip": facets.facet_skip(asked.chosen, asked.fixed),
                "only": kind,
            }
            either = facets.count_matches(**arguments)
            counts.tags[kind], counts.sampled = either.tags[kind], counts.sampled or either.sampled
    return counts


def unrecorded_language(asked: AskedSearch) -> int:
    """With a language chosen, the articles in the archive that have none recorded (JSON Lines records
    without `language`: the demo's 293 Wikinews articles), which the filter can never list; else 0.
    Searching `language=en` found 47 of the demo's 355 English articles without a word of why."""
    if not asked.filterset.language_code:
        return 0

    def count() -> int:
        return Article.objects.filter(language="").count()

    return cached("no-language", (), count, settings.SEARCH_CACHE_SECONDS)


def last_added(asked: AskedSearch, size: int) -> list[tuple[Article, str]]:
    """The `size` matches last added to the archive, with their snippets (HTML), for a feed: by date, a
    backfill never reached a search with `size` newer matches. Every filter and the grouping apply."""
    matches = asked.filterset.qs.for_list(mentions=asked.filterset.include_mentions)
    articles = list(matches.order_by("-created_at", "-pk")[:size])
    snippets = fulltext.snippets(articles, asked.query)
    return [(article, snippets.get(article.pk, "")) for article in articles]


@dataclass
class Chip:
    label: str
    value: str
    params: QueryDict


@dataclass
class Found:
    """What a search finds on one page: the counts and the page of results."""

    counts: facets.Counts
    ranked_within: int | None  # RANK_WINDOW when best match is picked among the newest (see RANK_WINDOW)
    count: int  # what the pages go through: ranked_within, else every match shown
    number: int  # the page shown
    page_problem: str | None
    results: list[Result] = field(default_factory=list)


def find(asked: AskedSearch) -> Found:
    """The counts and the page of results `?page=` asks for: side by side on two connections where
    the database expects many matches (see articles.second_connection), else one after the other."""
    expected, broad = expects_many(asked)
    count = partial(_counts, asked, facets.FACET_LIMIT, broad)
    mentions = asked.filterset.include_mentions
    raw = asked.params.get("page") or "1"
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 0
    matches = asked.filterset.qs
    if (
        1 <= number <= SECOND_CONNECTION_PAGES
        and (expected or 0) >= SECOND_CONNECTION_ABOVE
        and second_connection.available(matches.db)
    ):
        counting = second_connection.submit(count)
        # Best match among the newest RANK_WINDOW matches whether or not more match: when fewer do, the
        # newest RANK_WINDOW are all of them and the page is the same. Guessing from the planner's
        # estimate instead fetched the page twice whenever the guess fell on the wrong side (a word
        # outside ANALYZE's most common lexemes is guessed at about 0.5% of the archive, whatever its
        # share): ranking every one of 13,000 matches, then the newest 5,000 (docs/benchmarks.md, "issue
        # 16, stop 22").
        window = RANK_WINDOW if asked.relevance else None
        size = asked.per_page
        bottom = (number - 1) * size
        try:
            rows = _page_rows(asked, window, bottom, size)
        finally:
            counts = counting.result()
        found = _paged(asked, counts)
        if found.number == number:  # else the page asked for does not exist and another is fetched
            found.results = results_of(rows[: max(0, found.count - bottom)], asked.query, mentions=mentions)
            return found
    else:
        found = _paged(asked, count())
    size = asked.per_page
    bottom = (found.number - 1) * size
    rows = _page_rows(asked, found.ranked_within, bottom, size)
    found.results = results_of(rows, asked.query, mentions=mentions)
    return found


def _paged(asked: AskedSearch, counts: facets.Counts) -> Found:
    """Which page to show, once the counts say how many matches there are."""
    total = match_total(asked, counts)
    ranked_within = RANK_WINDOW if asked.relevance and total > RANK_WINDOW else None
    count = ranked_within or total
    number, problem = clamp_page(asked.params.get("page"), _paginator(count, asked.per_page))
    return Found(counts, ranked_within, count, number, problem)


def match_total(asked: AskedSearch, counts: facets.Counts) -> int:
    """The entries the pages go through: stories, or every match with `group=none`; an estimate when
    `counts.estimated`."""
    return counts.stories if asked.filterset.grouping else counts.matches


def _paginator(count: int, per_page: int) -> Paginator:
    paginator = Paginator((), per_page)
    paginator.count = count  # known already: no COUNT query of its own
    return paginator


def _ordered(asked: AskedSearch, window: int | None):
    """The entries in the order asked: one per story unless `group=none`; with `window`, best match
    among the newest `window` matches."""
    filterset = asked.filterset
    if not window:
        return filterset.qs
    newest = newest_ids(filterset.with_duplicates, asked.query, window, only_words=_only_words(asked))
    return filterset.order(
        filterset.grouped(fulltext.rank(Article.objects.filter(pk__in=newest), asked.query))
    )


def _only_words(asked: AskedSearch) -> bool:
    """Whether the search narrows the archive by its words alone (and the default kind of page)."""
    filterset = asked.filterset
    narrowed = any(filterset.values.get(name) for name in ("date_from", "date_to", *TAG_KINDS, "language"))
    return not (asked.scope or narrowed) and filterset.kind_shown in (Article.Kind.ARTICLE, ALL_KINDS)


def _page_rows(asked: AskedSearch, window: int | None, bottom: int, size: int) -> list[Article]:
    """The page's articles, with what a result shows. Grouped, the page's ids are picked first by a
    query that reads no more than ids, dates and ranks of the matches (the window that picks each
    story's entry goes through all of them), then those articles are read."""
    ordered = _ordered(asked, window)
    if not asked.filterset.grouping:
        return list(_for_results(ordered)[bottom : bottom + size])
    ids = list(ordered.values_list("pk", flat=True)[bottom : bottom + size])
    found = {article.pk: article for article in _for_results(Article.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def _for_results(articles):
    return articles.for_list(tags=False).select_related("story").only(*RESULT_FIELDS)


@dataclass
class SearchPage:
    """Everything the search page, its JSON and its CSV show about one search."""

    asked: AskedSearch
    counts: facets.Counts
    ranked_within: int | None
    paginator: Paginator
    page: Page
    results: list[Result]
    problems: list[str]
    tag_facets: list[facets.Facet]
    date_facet: facets.Facet
    timeline: Timeline
    chips: list[Chip]

    @property
    def filterset(self) -> ArticleFilter:
        return self.asked.filterset

    @property
    def query(self) -> Query:
        return self.asked.query

    @property
    def selected(self) -> dict[str, list]:
        return self.asked.selected

    @property
    def total(self) -> int:
        """The entries listed: stories, or articles with `group=none`."""
        return match_total(self.asked, self.counts)

    @property
    def grouped(self) -> bool:
        return self.asked.filterset.grouping

    @property
    def article_total(self) -> int:
        return self.counts.matches

    @property
    def story_total(self) -> int:
        return self.counts.stories

    @property
    def map_url(self) -> str:
        """These matches' places on a world map (a topic or place page's own scope becomes a filter)."""
        params = self.asked.params.copy()
        params.pop("page", None)
        for kind, slugs in self.asked.fixed.items():
            params.setlist(kind, [*params.getlist(kind), *slugs])
        return reverse("articles:search_map") + facets.query_href(params)

    def values_url(self, kind: str) -> str:
        """Every value of one facet among these matches (articles/views/facet.py), the page's own scope
        made a filter as on the map."""
        params = self.asked.params.copy()
        params.pop("page", None)
        for scope_kind, slugs in self.asked.fixed.items():
            params.setlist(scope_kind, [*params.getlist(scope_kind), *slugs])
        return reverse("articles:search_values", args=[kind]) + facets.query_href(params)

    @property
    def facet_more(self) -> dict[str, str]:
        """ "Show all" links by facet, for facets that may hold more than the FACET_LIMIT shown."""
        return {
            facet.name: self.values_url(facet.name)
            for facet in self.tag_facets
            if len(facet.items) >= facets.FACET_LIMIT
        }

    @property
    def feed_url(self) -> str:
        """The Atom feed of this search; a topic's, place's or source's page has its own feed URL."""
        params = facets.with_values(self.asked.params, "sort", [])
        if self.asked.scope:
            kind, obj = self.asked.scope
            url = tag_url(kind, obj.slug, obj.pk, feed=True)
        else:
            url = reverse("articles:search_feed")
        return f"{url}?{params.urlencode()}" if params else url

    @property
    def has_facets(self) -> bool:
        """Whether there is anything to refine by: no matches, no "Refine" heading over nothing."""
        return bool(self.date_facet.items) or any(facet.items for facet in self.tag_facets)

    @property
    def shows_explanation(self) -> bool:
        """Say how the words were read when that is not obvious: operators used, or something repaired."""
        query = self.query
        if not query.raw:
            return False
        return bool(query.was_adjusted or query.any_of or query.excluded or query.phrases)


def search_page(asked: AskedSearch) -> SearchPage:
    """Everything the search page shows. Its counts and its page of results (the queries, seconds for a
    broad search of a large archive) are cached for SEARCH_CACHE_SECONDS under the archive's version
    (articles/selectors/cache.py): an import or an edit is searched at once; the rest is worked out
    from them for each request."""
    found = cached(
        "search-page", _cache_key(asked, asked.params), partial(find, asked), settings.SEARCH_CACHE_SECONDS
    )
    paginator = _paginator(found.count, asked.per_page)
    return SearchPage(
        asked,
        counts=found.counts,
        ranked_within=found.ranked_within,
        paginator=paginator,
        page=Page(found.results, found.number, paginator),
        results=found.results,
        problems=[
            *asked.filterset.problems,
            *[p for p in (read_per_page(asked.params.get("per_page"))[1], found.page_problem) if p],
        ],
        tag_facets=tag_facets(asked, found.counts),
        date_facet=facets.date_facet(
            found.counts.periods, asked.params, asked.date_from, asked.date_to, about=found.counts.sampled
        ),
        timeline=build_timeline(
            found.counts.periods,
            asked.daily,
            asked.params,
            asked.date_from,
            asked.date_to,
            about=found.counts.sampled,
        ),
        chips=chips(asked),
    )


def tag_facets(asked: AskedSearch, counts: facets.Counts) -> list[facets.Facet]:
    """The topics, places and sources of the matches: stories counted, or articles with `group=none`."""
    return facets.tag_facets(
        asked.filterset.with_duplicates, asked.params, asked.chosen, fixed=asked.fixed, counts=counts
    )


def chips(asked: AskedSearch) -> list[Chip]:
    """The active filters, each with the parameters of the same search without it."""
    params = asked.params
    found = []
    if not asked.query.is_blank:
        found.append(Chip("Words", asked.query.raw, facets.with_values(params, "q", [])))
    for name, label in (("date_from", "From"), ("date_to", "To")):
        period = asked.filterset.period(name)
        if period:
            found.append(Chip(label, period.text, facets.with_values(params, name, [])))
    for kind, objs in asked.selected.items():
        slugs = [obj.slug for obj in objs]
        for obj in objs:
            rest = [slug for slug in slugs if slug != obj.slug]
            name = obj.display_name if kind == "place" else obj.name
            found.append(Chip(kind.capitalize(), name, facets.with_values(params, kind, rest)))
    if asked.filterset.include_mentions:
        found.append(Chip("Places", "including passing mentions", facets.with_values(params, "places", [])))
    kind = asked.filterset.kind_shown
    if kind != Article.Kind.ARTICLE:
        label = "every kind" if kind == ALL_KINDS else Article.Kind(kind).label
        found.append(Chip("Pages", label, facets.with_values(params, "kind", [])))
    if asked.filterset.language_code:
        found.append(
            Chip("Language", asked.filterset.language_code, facets.with_values(params, "language", []))
        )
    if asked.filterset.showing_duplicates:
        found.append(Chip("Entries", "every copy", facets.with_values(params, "group", [])))
    return found
