"""Saving a search as a collection: the one place that freezes the articles a search matches.

    collection = freeze(owner=user, name="Floods, spring 2024", query="q=flood&date_from=2024-03")

The collection keeps every match's id (not only the page shown), in the search's order, and the query
string it was made from. The articles are read as the search page reads them (read_search), so a saved
search holds exactly what its page and its CSV list.
"""

from __future__ import annotations

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from articles.models import Collection, CollectionItem
from articles.selectors.search_page import match_total, read_search, search_counts

# The most articles one collection freezes. A collection is a reading list, not an export: 10,000 is
# 500 pages of results. Freezing that many is one id query (0.01-0.02 s) and inserts in batches of 1,000,
# which take the time: 0.6-1.8 s on SQLite and about 1 s on PostgreSQL, measured on a shared 2-core
# machine (`test_freeze_limit_timing` in articles/tests/test_collections.py prints the whole freeze). A
# broader search is refused with a message asking to narrow it; its CSV export still gives every match.
FREEZE_LIMIT = 10_000
# Parameters that say how a page is shown, not which articles match.
NOT_KEPT = ("page", "format", "per_page")
SCOPES = ("topic", "place", "source")


class CannotFreeze(ValueError):
    """The search cannot be saved; the message says why, in words for the reader."""


def kept_query(query: str, scope: str = "") -> QueryDict:
    """The search's parameters as they are kept: without paging or format, without empty values, and
    with the page's own topic, place or source (`scope`, as "topic:slug") as a filter."""
    params = QueryDict(query, mutable=True)
    for name in NOT_KEPT:
        params.pop(name, None)
    for name in list(params):
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            params.setlist(name, values)
        else:
            del params[name]
    kind, _, slug = scope.partition(":")
    if kind in SCOPES and slug and slug not in params.getlist(kind):
        params.setlist(kind, [*params.getlist(kind), slug])
    return params


def freeze(*, owner, name: str, query: str, scope: str = "", notes: str = "") -> Collection:
    """A new collection of `owner` holding every article the search `query` matches now.

    Raises CannotFreeze when the search matches more than FREEZE_LIMIT articles."""
    params = kept_query(query, scope)
    asked = read_search(params)
    total = match_total(asked, search_counts(asked))
    if total > FREEZE_LIMIT:
        raise CannotFreeze(
            f"This search matches {total:,} articles; a collection keeps at most {FREEZE_LIMIT:,}. "
            "Narrow it with more words, dates or a filter (the CSV export still gives every match)."
        )
    # The counts may come from the cache, or be an estimate: the ids are what is kept, and the limit
    # is checked again on them.
    ids = list(asked.filterset.qs.values_list("pk", flat=True)[: FREEZE_LIMIT + 1])
    if len(ids) > FREEZE_LIMIT:
        raise CannotFreeze(
            f"This search matches more than {FREEZE_LIMIT:,} articles, the most a collection keeps. "
            "Narrow it with more words, dates or a filter."
        )
    now = timezone.now()
    with transaction.atomic():
        collection = Collection.objects.create(
            owner=owner, name=name, notes=notes, query=params.urlencode(), count=len(ids), frozen_at=now
        )
        CollectionItem.objects.bulk_create(
            [
                CollectionItem(collection=collection, article_id=pk, position=position, added_at=now)
                for position, pk in enumerate(ids, start=1)
            ],
            batch_size=1000,
        )
    return collection
