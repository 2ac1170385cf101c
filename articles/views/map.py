"""`/search/map/`: the place facet of a search drawn on a world map, one dot per place sized by its matches.

It takes the search page's query string and counts places as that page's facet does (`Search`, with a
larger limit); each dot and list entry links to the search page with that place added, every other
filter kept. The outline is the committed world.json (see articles/maps/build_world.py); dots are
placed with the same projection, on the server: no script, no tiles.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from django.shortcuts import render
from django.urls import reverse
from django.views import View

from articles import facets
from articles.maps import WORLD
from articles.maps.projection import to_svg
from articles.models import Place
from articles.selectors.search_page import (
    AskedSearch,
    chips,
    match_total,
    read_search,
    search_counts,
    tag_facets,
)
from articles.views.search import without_empty

MAP_LIMIT = 300  # places counted and drawn: far more than the facet's dozen, few enough to list
# In viewBox units (1000 across): a dot stays visible, none swamps a continent.
RADIUS_MIN, RADIUS_MAX = 3.0, 24.0


@cache
def world() -> dict:
    return json.loads(WORLD.read_text(encoding="utf-8"))


def caption(name: str, count: int) -> str:
    """ "Ukraine: 12 matches", what a dot says on hover and to a screen reader."""
    return f"{name}: {count} match{'' if count == 1 else 'es'}"


@dataclass
class MapPlace:
    name: str
    count: int
    href: str
    point: tuple[float, float] | None = None  # in the viewBox; None without coordinates
    radius: float = 0

    @property
    def caption(self) -> str:
        return caption(self.name, self.count)

    @property
    def cx(self) -> str:
        return f"{self.point[0]:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.point[1]:.1f}"

    @property
    def r(self) -> str:
        return f"{self.radius:.1f}"


@dataclass
class Country:
    d: str
    shaded: bool


@dataclass
class WorldMap:
    places: list[MapPlace]  # most matches first, as the facet orders them: the map's text alternative
    shaded: set[str]  # ISO codes of the countries the places lie in
    limited: bool  # there were more places than MAP_LIMIT

    @property
    def width(self) -> int:
        return world()["width"]

    @property
    def height(self) -> int:
        return world()["height"]

    @property
    def sphere(self) -> str:
        return world()["sphere"]

    @property
    def countries(self) -> list[Country]:
        return [Country(c["d"], c["code"] in self.shaded) for c in world()["countries"]]

    @property
    def dots(self) -> list[MapPlace]:
        """Largest first, so that smaller dots (a city inside its country) are drawn on top and stay clickable."""
        return sorted((p for p in self.places if p.point), key=lambda p: -p.radius)

    @property
    def unplaced(self) -> list[MapPlace]:
        return [p for p in self.places if not p.point]


def radius(count: int, most: int) -> float:
    """Area in proportion to the matches: one match is the smallest dot, unless the most matched place
    would then be wider than RADIUS_MAX, when every dot shrinks alike (and the smallest stay RADIUS_MIN)."""
    scale = min(RADIUS_MIN, RADIUS_MAX / math.sqrt(most)) if most else RADIUS_MIN
    return max(RADIUS_MIN, scale * math.sqrt(count))


class Spot(NamedTuple):
    """What the map needs of a place beyond its facet entry."""

    latitude: float | None
    longitude: float | None
    country_code: str
    kind: str


NOWHERE = Spot(None, None, "", "")


def labels(items: list[facets.FacetItem], spots: dict[str, Spot]) -> dict[str, str]:
    """Names to show by slug: a name that more than one place goes by (Baghdad the city and the region)
    says which kind of place each is, and its country when that is not enough."""
    shown = {item.key: item.name for item in items}
    for detail in (
        lambda spot: spot.kind,
        lambda spot: ", ".join(filter(None, [spot.kind, spot.country_code.upper()])),
    ):
        taken = Counter(shown.values())
        for item in items:
            extra = detail(spots.get(item.key, NOWHERE))
            if taken[shown[item.key]] > 1 and extra:
                shown[item.key] = f"{item.name} ({extra})"
    return shown


def world_map(items: list[facets.FacetItem]) -> WorldMap:
    """The place facet's items (up to MAP_LIMIT) as dots on the map and entries in its list."""
    spots = {
        slug: Spot(*rest)
        for slug, *rest in Place.objects.filter(slug__in=[item.key for item in items]).values_list(
            "slug", "latitude", "longitude", "country_code", "kind"
        )
    }
    names = labels(items, spots)
    search_url = reverse("articles:search")
    most = max((item.count for item in items), default=0)
    places, shaded = [], set()
    for item in items:
        spot = spots.get(item.key, NOWHERE)
        place = MapPlace(names[item.key], item.count, search_url + item.href)
        if spot.latitude is not None and spot.longitude is not None:
            place.point = to_svg(spot.longitude, spot.latitude)
            place.radius = radius(item.count, most)
        if spot.country_code:
            shaded.add(spot.country_code.upper())
        places.append(place)
    return WorldMap(places, shaded, limited=len(items) >= MAP_LIMIT)


@dataclass
class MapSearch:
    """What the map page shows of a search: its counts, up to MAP_LIMIT places rather than a facet's dozen."""

    asked: AskedSearch
    counts: facets.Counts
    chips: list

    @property
    def query(self):
        return self.asked.query

    @property
    def chosen(self) -> dict[str, list[str]]:
        return self.asked.chosen

    @property
    def list_url(self) -> str:
        """The list of these matches: the search page with the same query string."""
        params = self.asked.params
        return reverse("articles:search") + (facets.query_href(params) if params else "")


class SearchMapView(View):
    template_name = "articles/search_map.html"

    def get(self, request, *args, **kwargs):
        clean = without_empty(request)
        if clean:
            return clean
        asked = read_search(request.GET)
        counts = search_counts(asked, limit=MAP_LIMIT, either=False)  # where these matches are
        places = next(facet.items for facet in tag_facets(asked, counts) if facet.name == "place")
        search = MapSearch(asked, counts, chips(asked))
        context = {
            "search": search,
            "filter": asked.filterset,
            "world_map": world_map(places),
            "matches": match_total(asked, counts),
            "problems": asked.filterset.problems,
        }
        return render(request, self.template_name, context)
