"""`/search/values/<kind>/`: every topic, place or source among a search's matches, not only the facet's
dozen. Reached from the facet's "Show all" link; works without a script (the filter box is an extra).

Counted as the search page's facets are (`search_counts`, with a larger limit), so a count here is the
number of matches a click gives.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from articles.selectors.search_page import match_total, read_search, search_counts, tag_facets
from articles.views.search import without_empty

# Values listed: more than any facet a reader scrolls through, few enough for one page (the demo
# archive's 294 articles name 180 places; at a million articles a common word names thousands, and
# the filter box then narrows the first VALUES_LIMIT).
VALUES_LIMIT = 1000
TITLES = {"topic": "Topics", "place": "Places", "source": "Sources"}


class FacetValuesView(View):
    template_name = "articles/facet_values.html"

    def get(self, request, kind: str):
        if kind not in TITLES:
            raise Http404("No such list of values.")
        clean = without_empty(request)
        if clean:
            return clean
        asked = read_search(request.GET)
        counts = search_counts(asked, limit=VALUES_LIMIT)
        facet = next(facet for facet in tag_facets(asked, counts) if facet.name == kind)
        search_url = reverse("articles:search")
        params = asked.params.copy()
        params.pop("page", None)
        context = {
            "kind": kind,
            "title": TITLES[kind],
            "items": [(item, search_url + item.href) for item in facet.items],
            "limited": len(facet.items) >= VALUES_LIMIT,
            "adding": facet.adding,
            "matches": match_total(asked, counts),
            "about": counts.sampled,
            "search": asked,
            "list_url": search_url + (f"?{params.urlencode()}" if params else ""),
            "problems": asked.filterset.problems,
        }
        return render(request, self.template_name, context)
