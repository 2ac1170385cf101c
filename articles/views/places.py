"""The places index: `/places/` lists the countries (and the regions no country holds), each place's list
(`/places/<slug>/within/`) the places directly within it; both with their article counts, sorted by
name or by articles, narrowed by the start of a name, a page at a time (articles/selectors/places.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from articles.filters import includes_mentions
from articles.models import Place
from articles.selectors.paging import clamp_page
from articles.selectors.places import listed_places
from articles.views.search import place_ancestors

# Places a page lists: the world's countries fit on two pages; a country's cities by the hundred.
PLACES_PER_PAGE = 100
PREFIX_CHARS = 50  # a place's name is at most 200 characters; a prefix longer than this is a typo
SORTS = {"name": "name", "articles": "most articles"}


class PlaceIndexView(TemplateView):
    """Counted by the tags pages show (ArticlePlaceQuerySet.shown), as the facets are: passing mentions
    only with `places=all`. A place's count is of the articles its own page lists: about it or about a
    place within it, exact duplicates left out."""

    template_name = "articles/place_index.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        mentions = includes_mentions(params)
        within = self.within()
        prefix = " ".join(params.get("name", "").split())[:PREFIX_CHARS]
        sort = params.get("sort", "name") if params.get("sort") in SORTS else "name"
        places = listed_places(within=within, prefix=prefix, mentions=mentions)
        if sort == "articles":
            places = sorted(places, key=lambda place: -place.n)  # stable: by name within a count
        paginator = Paginator(places, PLACES_PER_PAGE)
        number, problem = clamp_page(params.get("page"), paginator)
        page = paginator.page(number)
        return super().get_context_data(
            within=within,
            prefix=prefix,
            sort=sort,
            sorts=SORTS,
            mentions=mentions,
            page_obj=page,
            groups=by_initial(page.object_list) if sort == "name" else [],
            letters=sorted({place.initial for place in places}) if not prefix else [],
            problems=[problem] if problem else [],
            **kwargs,
        )

    def within(self) -> Place | None:
        if "pk" in self.kwargs:  # a slug that cannot be a URL's (articles.models.tag_url)
            place = get_object_or_404(Place, pk=self.kwargs["pk"])
        elif "slug" in self.kwargs:
            place = get_object_or_404(Place, slug=self.kwargs["slug"])
        else:
            return None
        place.ancestors = place_ancestors(place)
        return place


def by_initial(places: list) -> list[dict]:
    """A page of places under their initial letters, so a long list reads as a row of letters."""
    groups: dict[str, list] = {}
    for place in places:
        groups.setdefault(place.initial, []).append(place)
    return [{"letter": letter, "places": groups[letter]} for letter in groups]
