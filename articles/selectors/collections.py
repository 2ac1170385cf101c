"""The reads of a collection's page: a page of its articles as search results, and how the live search
differs from what was frozen.

    page = collection_page(collection, request.GET.get("page"))
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import QueryDict
from django.urls import reverse

from articles.fulltext import Query
from articles.models import Collection
from articles.selectors.paging import PER_PAGE, clamp_page
from articles.selectors.results import Result, results_of
from articles.selectors.search_page import RESULT_FIELDS, AskedSearch, chips, read_search


@dataclass
class Changes:
    """How the search a collection was frozen from answers now."""

    newer: int  # matches now that are not in the collection (imported, or edited to match, since)
    no_longer: int  # articles frozen with the collection that the search no longer matches
    removed: int  # articles frozen with it that are no longer in the archive (or taken out by hand)
    added: int  # articles added by hand since


@dataclass
class CollectionPage:
    collection: Collection
    asked: AskedSearch  # the search it was frozen from, read again
    paginator: Paginator
    page: Page
    results: list[Result]
    problems: list[str]
    changes: Changes
    search_url: str  # the live search it was frozen from

    @property
    def query(self) -> Query:
        return self.asked.query

    @property
    def filters(self) -> list[str]:
        return filter_names(self.asked)


def filter_names(asked: AskedSearch) -> list[str]:
    """A search's filters besides its words, named as its chips name them ("Place: United States")."""
    return [f"{chip.label}: {chip.value}" for chip in chips(asked) if chip.label != "Words"]


def suggested_name(asked: AskedSearch, limit: int = 200) -> str:
    """The name "Save these results as" offers: the words, then the filters as the saved collection's page
    names them ("covid (Place: United States)"); a topic's, place's or source's page names itself first."""
    filters = filter_names(asked)
    if asked.scope:
        kind, obj = asked.scope
        filters.insert(0, f"{kind.capitalize()}: {getattr(obj, 'display_name', '') or obj.name}")
    words = asked.query.raw.strip()
    name = f"{words} ({'; '.join(filters)})" if words and filters else words or "; ".join(filters)
    return name[:limit]  # the name field's length


def frozen_search(collection: Collection) -> AskedSearch:
    return read_search(QueryDict(collection.query))


def changes(collection: Collection, asked: AskedSearch) -> tuple[int, Changes]:
    """How many articles the collection holds, and how its search differs now: three queries (the
    collection's own counts, the live matches outside it, the frozen articles the search no longer
    matches). Articles put in after `frozen_at` were added by hand."""
    items = collection.items.all()
    frozen = Q(added_at__lte=collection.frozen_at)
    held = items.aggregate(
        total=Count("pk"), frozen=Count("pk", filter=frozen), added=Count("pk", filter=~frozen)
    )
    live = asked.filterset.qs.order_by()
    return held["total"], Changes(
        newer=live.exclude(pk__in=items.values("article_id")).count(),
        no_longer=items.filter(frozen).exclude(article_id__in=live.values("pk")).count(),
        removed=max(0, collection.count - held["frozen"]),
        added=held["added"],
    )


def collection_page(collection: Collection, raw_page: str | None) -> CollectionPage:
    """A page of the collection's articles in its order, shown as search results (words of the search
    it was frozen from highlighted), with how the live search differs now."""
    asked = frozen_search(collection)
    articles = collection.articles()
    total, differences = changes(collection, asked)
    paginator = Paginator(articles, PER_PAGE)
    paginator.count = total  # known already: no COUNT query of its own
    number, problem = clamp_page(raw_page, paginator)
    bottom = (number - 1) * PER_PAGE
    rows = list(articles.for_list(tags=False).only(*RESULT_FIELDS)[bottom : bottom + PER_PAGE])
    results = results_of(rows, asked.query)
    return CollectionPage(
        collection,
        asked,
        paginator=paginator,
        page=Page(results, number, paginator),
        results=results,
        problems=[problem] if problem else [],
        changes=differences,
        search_url=reverse("articles:search") + (f"?{collection.query}" if collection.query else ""),
    )
