"""The search page and its pre-filtered forms (a topic's, a place's, a source's page).

`Search` reads one request into the FilterSet, a page of results, facets and the timeline; the views
only choose the base set of articles and how to render (HTML, JSON or CSV).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from articles import facets
from articles import search as engine
from articles.filters import ArticleFilter, articles_tagged
from articles.models import Article, Place, Source, Topic
from articles.views import exports
from articles.views.paging import PER_PAGE, clamp_page


@dataclass
class Result:
    article: Article
    title: str  # HTML: the title with matched words marked
    snippet: str  # HTML


@dataclass
class Chip:
    label: str
    value: str
    params: QueryDict


class Search:
    """One search, as asked by one request: everything the page, the JSON and the CSV show."""

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
    def paginator(self) -> Paginator:
        return Paginator(self.matches.for_list(), PER_PAGE)

    @cached_property
    def page(self):
        number, self.page_problem = clamp_page(self.params.get("page"), self.paginator)
        return self.paginator.page(number)

    @cached_property
    def results(self) -> list[Result]:
        articles = list(self.page.object_list)
        snippets = engine.snippets(articles, self.query)
        return [
            Result(article, engine.highlight(article.title, self.query), snippets.get(article.pk, ""))
            for article in articles
        ]

    @cached_property
    def problems(self) -> list[str]:
        self.page  # noqa: B018 - sets page_problem
        return [*self.filterset.problems, *([self.page_problem] if self.page_problem else [])]

    @cached_property
    def duplicate_count(self) -> int:
        """Exact duplicates among the matches: hidden unless `duplicates=show`."""
        self.matches  # noqa: B018 - builds with_duplicates
        return self.filterset.with_duplicates.exclude(duplicate_of=None).count()

    @cached_property
    def selected(self) -> dict[str, list]:
        return {tag_filter.noun: tag_filter.selected for tag_filter in self.filterset.tag_filters()}

    @cached_property
    def tag_facets(self) -> list[facets.Facet]:
        chosen = {kind: [obj.slug for obj in objs] for kind, objs in self.selected.items()}
        fixed = {self.scope[0]: [self.scope[1].slug]} if self.scope else {}
        return facets.tag_facets(self.matches, self.params, chosen, fixed=fixed)

    @cached_property
    def period_counts(self):
        return facets.period_counts(self.matches, self.daily)

    @property
    def daily(self) -> bool:
        return facets.is_daily(self.filterset.period("date_from"), self.filterset.period("date_to"))

    @cached_property
    def timeline(self) -> facets.Timeline:
        return facets.build_timeline(
            self.period_counts,
            self.daily,
            self.params,
            self.filterset.period("date_from"),
            self.filterset.period("date_to"),
        )

    @cached_property
    def date_facet(self) -> facets.Facet:
        return facets.date_facet(
            self.period_counts,
            self.params,
            self.filterset.period("date_from"),
            self.filterset.period("date_to"),
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
            url = reverse(f"articles:{kind}_feed", args=[obj.slug])
        else:
            url = reverse("articles:search_feed")
        return f"{url}?{params.urlencode()}" if params else url

    def context(self) -> dict:
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
        queryset = Article.objects.published()
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
