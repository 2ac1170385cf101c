"""The search page and its pre-filtered forms (a topic's, a place's, a source's page).

The views choose the base set of articles and how to render (HTML, JSON or CSV); what is read lives in
articles/selectors/search_page.py.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views import View

from articles.filters import articles_tagged
from articles.models import Article, Place, Source, Topic
from articles.selectors.search_page import read_search, search_page
from articles.views import exports


class SearchView(View):
    """`/search/`: words, dates, topics, places and sources; HTML, or `format=json` / `csv` / `ris` /
    `bibtex`."""

    template_name = "articles/search.html"

    def get_scope(self) -> tuple[str, object] | None:
        return None

    def get_base(self, scope):
        queryset = Article.objects.all()  # undated articles too; a date filter leaves them out
        if scope:
            kind, obj = scope
            queryset = queryset.filter(**articles_tagged(kind, obj))
        return queryset

    def get(self, request, *args, **kwargs):
        scope = self.get_scope()
        asked = read_search(request.GET, base=self.get_base(scope), scope=scope)
        output = request.GET.get("format", "")
        if output == "csv":
            return exports.csv_response(asked, request)
        if output in exports.REFERENCE_FORMATS:
            return exports.reference_response(asked, request, output)
        page = search_page(asked)
        if output == "json":
            return exports.json_response(page, request)
        problems = page.problems
        if output:
            problems = [*problems, f"There is no “{output[:20]}” format: try json, csv, ris or bibtex."]
        context = {
            "search": page,
            "filter": asked.filterset,
            "form": asked.filterset.form,
            "page_obj": page.page,
            "paginator": page.paginator,
            "results": page.results,
            "problems": problems,
            "feed_url": page.feed_url,
            "scope": scope[1] if scope else None,
            "scope_kind": scope[0] if scope else None,
        }
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
