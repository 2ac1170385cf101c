"""The search page and its pre-filtered forms (a topic's, a place's, a source's page).

`Search` reads one request into the FilterSet, a page of results, facets and the timeline; the views
only choose the base set of articles and how to render (HTML, JSON or CSV).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial

from django.core.paginator import Paginator
from django.db import connections
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from articles import facets
from articles import search as engine
from articles.alongside import can_run_alongside, run_alongside
from articles.filters import ArticleFilter, articles_tagged
from articles.localtime import local_iso
from articles.models import URL_SLUG, Article, ArticlePlace, ArticleTopic, Place, Source, Topic, tag_url
from articles.templatetags.archive import article_date
from articles.timeline import Timeline, build_timeline, is_daily
from articles.views import exports
from articles.views.paging import PER_PAGE, clamp_page

# A search matching more than facets.BROAD_ABOVE articles ranks "best match" among its newest RANK_WINDOW
# matches only: ranking reads every match's words, 2.3 s for 790,000 matches of a million articles on
# PostgreSQL (docs/benchmarks.md, "Scale"), while a news archive's newest matches of a common word are
# the ones wanted. The page says so; newest and oldest first still go through every match.
RANK_WINDOW = 20_000
ALONGSIDE_PAGES = 100  # pages fetched while the counts are made (Search.prefetch)
# ... for searches the database expects to match at least this many articles: below it, opening the
# second connection costs more than it saves (Reuters-21578 on PostgreSQL: a 110-match word's page went
# from 17 to 24 ms side by side, a 10,974-match word's from 131 to 109 ms).
ALONGSIDE_ABOVE = 2_000
# What a result shows (and the JSON export gives); the fewer columns, the less the ORM does per row.
RESULT_FIELDS = (
    "title", "slug", "lede", "published_at", "date_precision", "duplicate_of", "external_id",
    "source__name", "source__slug",
)  # fmt: skip


@dataclass
class Tag:
    name: str
    url: str


@dataclass
class Result:
    """One search result as the page shows it, worked out here so that the template only prints it."""

    article: Article
    url: str
    title: str  # HTML: the title with matched words marked
    snippet: str  # HTML
    date: str  # as precise as the source gave it; "" when undated
    date_iso: str
    source_name: str
    source_url: str
    duplicate: bool
    places: list[Tag]
    topics: list[Tag]


class Links:
    """URLs of articles, topics, places and sources: reverse() once per kind (it costs tens of
    microseconds), then a string join per link."""

    MARK = "slug-placeholder"
    PK = 987654321

    def __init__(self):
        self.patterns = {
            kind: reverse(f"articles:{kind}", args=[self.MARK]).split(self.MARK)
            for kind in ("topic", "place", "source")
        }
        self.detail = reverse("articles:detail", args=[self.PK, self.MARK]).split(self.MARK)
        self.detail[0:1] = self.detail[0].split(str(self.PK))

    def url(self, kind: str, slug: str, pk: int) -> str:
        if URL_SLUG.fullmatch(slug):
            return slug.join(self.patterns[kind])
        return tag_url(kind, slug, pk)  # a slug stored some other way: by id

    def article(self, article: Article) -> str:
        before, between, after = self.detail
        return f"{before}{article.pk}{between}{article.url_slug}{after}"


def tags_of(articles: list[Article], links: Links) -> dict[int, dict[str, list[Tag]]]:
    """The places and topics of a page of articles, each kind by name: one query."""
    found: dict[int, dict[str, list[Tag]]] = {article.pk: {"place": [], "topic": []} for article in articles}
    marks = ", ".join(["%s"] * len(found))
    parts = []
    for kind, model, through in (("place", Place, ArticlePlace), ("topic", Topic, ArticleTopic)):
        parts.append(
            f"SELECT '{kind}', tag.article_id, item.name, item.slug, item.id FROM {through._meta.db_table} tag "
            f"JOIN {model._meta.db_table} item ON item.id = tag.{kind}_id WHERE tag.article_id IN ({marks})"
        )
    with connections[articles[0]._state.db or "default"].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), [*found, *found])
        rows = cursor.fetchall()
    for kind, article_id, name, slug, pk in sorted(rows, key=lambda row: row[2]):
        found[article_id][kind].append(Tag(name, links.url(kind, slug, pk)))
    return found


@dataclass
class Chip:
    label: str
    value: str
    params: QueryDict


class Search:
    """One search, as asked by one request: everything the page, the JSON and the CSV show."""

    facet_limit = facets.FACET_LIMIT  # values counted per facet (the map counts more places)

    def __init__(self, request, base=None, scope: tuple[str, object] | None = None):
        self.request = request
        self.params = request.GET.copy()
        self.params.pop("format", None)
        self.scope = scope
        self.filterset = ArticleFilter(self.params, queryset=base)

    @property
    def query(self):
        return self.filterset.query

    @property
    def matches(self):
        return self.filterset.qs

    @cached_property
    def expected(self) -> int | None:
        """How many matches the database expects, from its planner's statistics (None on SQLite)."""
        return engine.estimate_count(self.filterset.with_duplicates)

    @property
    def broad(self) -> bool:
        """Whether the database expects more than facets.BROAD_ABOVE matches (then they are estimated)."""
        return self.expected is not None and self.expected > facets.BROAD_ABOVE

    def _count_arguments(self) -> dict:
        self.matches  # noqa: B018 - builds with_duplicates and learns the chosen tags
        return {
            "matches": self.filterset.with_duplicates,
            "daily": self.daily,
            "duplicates": self.filterset.showing_duplicates,
            "skip": facets.facet_skip(self.chosen, self.fixed),
            "limit": self.facet_limit,
            "estimate": self.broad,
        }

    @cached_property
    def counts(self) -> facets.Counts:
        """The matches, the exact duplicates among them, the facets and the timeline: one query (and
        on PostgreSQL the planner's guess first, see `broad`)."""
        return facets.count_matches(**self._count_arguments())

    @property
    def total(self) -> int:
        """The matches the page says there are (exact duplicates hidden unless shown); an estimate when
        `counts.estimated`."""
        return self.counts.matches - (0 if self.filterset.showing_duplicates else self.counts.duplicates)

    @property
    def relevance(self) -> bool:
        """Sorted by best match, with words to rank by."""
        query = self.query
        return self.filterset.sort_order == "relevance" and not (query.is_blank or query.is_exclusion_only)

    @cached_property
    def ranked_within(self) -> int | None:
        """RANK_WINDOW when best match is chosen among the newest matches only (see RANK_WINDOW)."""
        if self.relevance and self.counts.estimated and self.total > RANK_WINDOW:
            return RANK_WINDOW
        return None

    def _ordered(self, window: int | None):
        matches = self.matches
        if window:
            newest = matches.newest_first().values("pk")[:window]
            matches = self.filterset.order(engine.rank(Article.objects.filter(pk__in=newest), self.query))
        return matches.for_list(tags=False).only(*RESULT_FIELDS)

    @cached_property
    def paginator(self) -> Paginator:
        paginator = Paginator(self._ordered(self.ranked_within), PER_PAGE)
        paginator.count = self.ranked_within or self.total  # known already: no COUNT query of its own
        return paginator

    def prefetch(self) -> None:
        """The page and the counts side by side on two connections where that can be done (see
        articles.alongside): the page then takes the longer of the two queries, not both. The page is
        fetched as asked and kept when the counts agree that it exists (up to page ALONGSIDE_PAGES: an
        absurd page number would read every match only to find nothing)."""
        raw = self.params.get("page") or "1"
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 0
        if "counts" in self.__dict__ or not 1 <= number <= ALONGSIDE_PAGES:
            return
        if not can_run_alongside(self.matches.db) or (self.expected or 0) < ALONGSIDE_ABOVE:
            return
        counting = run_alongside(partial(facets.count_matches, **self._count_arguments()))
        # Whether best match will be picked among the newest, as the counts are expected to say.
        window = RANK_WINDOW if self.relevance and self.broad else None
        bottom = (number - 1) * PER_PAGE
        try:
            rows = list(self._ordered(window)[bottom : bottom + PER_PAGE])
        finally:
            self.counts = counting.result()
        shown, self.page_problem = clamp_page(raw, self.paginator)
        if window == self.ranked_within and shown == number:  # else the page is fetched again
            rows = rows[: max(0, self.paginator.count - bottom)]
            self.page = self.paginator._get_page(rows, number, self.paginator)

    @cached_property
    def page(self):
        number, self.page_problem = clamp_page(self.params.get("page"), self.paginator)
        return self.paginator.page(number)

    @cached_property
    def results(self) -> list[Result]:
        articles = list(self.page.object_list)
        if not articles:
            return []
        snippets = engine.snippets(articles, self.query)
        links = Links()
        tags = tags_of(articles, links)
        return [
            Result(
                article,
                url=links.article(article),
                title=engine.highlight(article.title, self.query),
                snippet=snippets.get(article.pk, ""),
                date=article_date(article) if article.published_at else "",
                date_iso=local_iso(article.published_at),
                source_name=article.source.name if article.source else "",
                source_url=links.url("source", article.source.slug, article.source.pk)
                if article.source
                else "",
                duplicate=article.duplicate_of_id is not None,
                places=tags[article.pk]["place"],
                topics=tags[article.pk]["topic"],
            )
            for article in articles
        ]

    @cached_property
    def problems(self) -> list[str]:
        self.page  # noqa: B018 - sets page_problem
        return [*self.filterset.problems, *([self.page_problem] if self.page_problem else [])]

    @property
    def duplicate_count(self) -> int:
        """Exact duplicates among the matches: hidden unless `duplicates=show`."""
        return self.counts.duplicates

    @cached_property
    def selected(self) -> dict[str, list]:
        return {tag_filter.noun: tag_filter.selected for tag_filter in self.filterset.tag_filters()}

    @property
    def chosen(self) -> dict[str, list[str]]:
        return {kind: [obj.slug for obj in objs] for kind, objs in self.selected.items()}

    @property
    def fixed(self) -> dict[str, list[str]]:
        return {self.scope[0]: [self.scope[1].slug]} if self.scope else {}

    @property
    def map_url(self) -> str:
        """These matches' places on a world map (a topic or place page's own scope becomes a filter)."""
        params = self.params.copy()
        params.pop("page", None)
        for kind, slugs in self.fixed.items():
            params.setlist(kind, [*params.getlist(kind), *slugs])
        return reverse("articles:search_map") + facets.query_href(params)

    @cached_property
    def tag_facets(self) -> list[facets.Facet]:
        return facets.tag_facets(self.matches, self.params, self.chosen, fixed=self.fixed, counts=self.counts)

    @property
    def period_counts(self):
        return self.counts.periods

    @property
    def daily(self) -> bool:
        return is_daily(self.filterset.period("date_from"), self.filterset.period("date_to"))

    @cached_property
    def timeline(self) -> Timeline:
        return build_timeline(
            self.period_counts,
            self.daily,
            self.params,
            self.filterset.period("date_from"),
            self.filterset.period("date_to"),
            about=self.counts.sampled,
        )

    @cached_property
    def date_facet(self) -> facets.Facet:
        return facets.date_facet(
            self.period_counts,
            self.params,
            self.filterset.period("date_from"),
            self.filterset.period("date_to"),
            about=self.counts.sampled,
        )

    @cached_property
    def chips(self) -> list[Chip]:
        """The active filters, each with the parameters of the same search without it."""
        chips = []
        if not self.query.is_blank:
            chips.append(Chip("Words", self.filterset.cleaned("q"), facets.with_values(self.params, "q", [])))
        for name, label in (("date_from", "From"), ("date_to", "To")):
            period = self.filterset.period(name)
            if period:
                chips.append(Chip(label, period.text, facets.with_values(self.params, name, [])))
        for kind, objs in self.selected.items():
            slugs = [obj.slug for obj in objs]
            for obj in objs:
                rest = [slug for slug in slugs if slug != obj.slug]
                chips.append(Chip(kind.capitalize(), obj.name, facets.with_values(self.params, kind, rest)))
        return chips

    @property
    def shows_explanation(self) -> bool:
        """Say how the words were read when that is not obvious: operators used, or something repaired."""
        query = self.query
        if not self.filterset.cleaned("q"):
            return False
        return bool(query.was_adjusted or query.any_of or query.excluded or query.phrases)

    @property
    def feed_url(self) -> str:
        """The Atom feed of this search; a topic's, place's or source's page has its own feed URL."""
        params = facets.with_values(self.params, "sort", [])
        if self.scope:
            kind, obj = self.scope
            url = tag_url(kind, obj.slug, obj.pk, feed=True)
        else:
            url = reverse("articles:search_feed")
        return f"{url}?{params.urlencode()}" if params else url

    def context(self) -> dict:
        self.prefetch()
        return {
            "search": self,
            "filter": self.filterset,
            "form": self.filterset.form,
            "page_obj": self.page,
            "paginator": self.paginator,
            "results": self.results,
            "problems": self.problems,
            "feed_url": self.feed_url,
        }


class SearchView(View):
    """`/search/`: words, dates, topics, places and sources; HTML, or `format=json` / `format=csv`."""

    template_name = "articles/search.html"

    def get_scope(self) -> tuple[str, object] | None:
        return None

    def get_base(self):
        queryset = Article.objects.all()  # undated articles too; a date filter leaves them out
        if self.scope:
            kind, obj = self.scope
            queryset = queryset.filter(**articles_tagged(kind, obj))
        return queryset

    def get(self, request, *args, **kwargs):
        self.scope = self.get_scope()
        search = Search(request, base=self.get_base(), scope=self.scope)
        output = request.GET.get("format", "")
        if output == "json":
            return exports.json_response(search)
        if output == "csv":
            return exports.csv_response(search)
        context = search.context()
        context["scope"] = self.scope[1] if self.scope else None
        context["scope_kind"] = self.scope[0] if self.scope else None
        if output:
            context["problems"] = [
                *context["problems"],
                f"There is no “{output[:20]}” format: try json or csv.",
            ]
        return render(request, self.template_name, context)


class ScopedSearchView(SearchView):
    """A topic's, place's or source's page: the search page with that filter fixed."""

    model: type
    kind: str
    template_name = "articles/scoped_search.html"

    def get_scope(self):
        if "pk" in self.kwargs:  # a slug that cannot be a URL's (articles.models.tag_url)
            obj = get_object_or_404(self.model, pk=self.kwargs["pk"])
        else:
            obj = get_object_or_404(self.model, slug=self.kwargs["slug"])
        return self.kind, obj


class TopicView(ScopedSearchView):
    model, kind = Topic, "topic"


class PlaceView(ScopedSearchView):
    model, kind = Place, "place"

    def get_scope(self):
        kind, place = super().get_scope()
        # The chain of places that contain this one ("Toronto, Ontario, Canada"), at most a few levels.
        place.ancestors = _ancestors(place)
        return kind, place


class SourceView(ScopedSearchView):
    model, kind = Source, "source"


def _ancestors(place: Place, depth: int = 6) -> list[Place]:
    chain, seen = [], {place.pk}
    current = place
    while current.parent_id and current.parent_id not in seen and len(chain) < depth:
        current = Place.objects.only("name", "slug", "parent_id").get(pk=current.parent_id)
        seen.add(current.pk)
        chain.append(current)
    return chain
