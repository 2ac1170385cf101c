"""The search page and its pre-filtered forms (a topic's, a place's, a source's page).

The views choose the base set of articles and how to render (HTML, JSON or CSV); what is read lives in
articles/selectors/search_page.py.
"""

from __future__ import annotations

from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views import View

from articles.filters import articles_tagged, includes_mentions
from articles.models import Article, Place, Source, Topic
from articles.selectors.collections import suggested_name
from articles.selectors.places import listed_places
from articles.selectors.search_page import read_search, search_page, unrecorded_language
from articles.views import exports

# Places within a place its page names (all of them on the places index's list of it).
WITHIN_SHOWN = 12


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
            queryset = queryset.filter(
                **articles_tagged(kind, obj, mentions=includes_mentions(self.request.GET))
            )
        return queryset

    def get(self, request, *args, **kwargs):
        clean = without_empty(request)
        if clean:
            return clean
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
            # The chosen topics and places lead each result's tags (tag_chips.html); exports keep name order.
            "first_tags": {obj.get_absolute_url() for objs in asked.selected.values() for obj in objs},
            "problems": problems,
            "feed_url": page.feed_url,
            "scope": scope[1] if scope else None,
            "scope_kind": scope[0] if scope else None,
            "unrecorded_language": unrecorded_language(asked),
            "collection_name": suggested_name(asked),
        }
        return render(request, self.template_name, context)


def without_empty(request) -> HttpResponseRedirect | None:
    """A redirect to the same URL without its empty parameters (`?q=x&date_from=&date_to=`, what a GET
    form sends for fields left blank), so that every permalink is the clean one; None when clean."""
    kept = [(key, value) for key, values in request.GET.lists() for value in values if value.strip()]
    if len(kept) == sum(len(values) for _, values in request.GET.lists()):
        return None
    params = QueryDict(mutable=True)
    for key, value in kept:
        params.appendlist(key, value)
    return HttpResponseRedirect(request.path + (f"?{params.urlencode()}" if params else ""))


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
        place.ancestors = place_ancestors(place)
        place.mentions = includes_mentions(self.request.GET)
        within = listed_places(within=place, mentions=place.mentions)
        # The places within it that most articles are about, as the facets list tags; all on its list.
        place.within_count = len(within)
        place.within_top = sorted(within, key=lambda child: -child.n)[:WITHIN_SHOWN]
        return kind, place


class SourceView(ScopedSearchView):
    model, kind = Source, "source"


def place_ancestors(place: Place, depth: int = 6) -> list[Place]:
    chain, seen = [], {place.pk}
    current = place
    while current.parent_id and current.parent_id not in seen and len(chain) < depth:
        current = Place.objects.only("name", "display_name", "slug", "parent_id").get(pk=current.parent_id)
        seen.add(current.pk)
        chain.append(current)
    return chain
