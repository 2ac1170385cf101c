"""The places index: a level of the place tree at a time, each place with the articles about it or about
any place within it.

Drawing the whole tree of tagged places in one page did not scale: on a generated archive of 200,000
articles the page listed 18,889 places and took 10-15 s to render, for a counting query of 0.7 s
(docs/benchmarks.md, "Places index at scale"). So `/places/` lists the top of the tree (countries, and
regions without one), and each place's list (`/places/<slug>/within/`) the places directly within it; a
name prefix finds a place at any depth. One query counts a list, cached under the archive's version:
at 100,000 articles the index's first request took 0.16-0.46 s over HTTP, a repeat 0.02-0.06 s.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Case, IntegerField, Q, Value, When

from articles.filters import descendants_sql
from articles.keys import fold
from articles.models import Article, ArticlePlace, Place
from articles.selectors.cache import cached


@dataclass(frozen=True)
class Counted:
    """A listed place: its own fields, `n` archived articles tagged with it or a place within it, exact
    copies included, as its page counts them, `within` places directly within it that have articles
    (themselves or below them), the name of the place it lies in, and `copies` among the `n`."""

    pk: int
    name: str
    display_name: str
    slug: str
    kind: str
    n: int
    within: int
    parent_name: str
    copies: int = 0

    @property
    def place(self) -> Place:
        return Place(
            pk=self.pk, name=self.name, display_name=self.display_name, slug=self.slug, kind=self.kind
        )

    @property
    def initial(self) -> str:
        """The letter the place is listed under, accents aside ("Österreich" under O)."""
        letter = fold(self.name)[:1].upper()
        return letter if letter.isalpha() else "#"


def listed_places(*, within: Place | None = None, prefix: str = "", mentions: bool = False) -> list[Counted]:
    """The places directly within `within` (the top of the tree without it) that have articles, or, with
    a `prefix`, every such place at any depth (within `within`) whose name starts with it; by name."""
    places = Place.objects.order_by()
    if prefix:
        if within is not None:
            places = places.filter(pk__in=descendants_sql(Place, [within.pk])).exclude(pk=within.pk)
        places = places.filter(name__istartswith=prefix)
    else:
        places = places.filter(parent=within) if within is not None else places.filter(parent__isnull=True)

    def count() -> list[Counted]:
        return sorted(_counted(places, mentions), key=lambda place: (fold(place.name), place.pk))

    key = (within.pk if within else None, prefix.casefold(), mentions)
    return cached("place-index", key, count, settings.SEARCH_CACHE_SECONDS)


def _counted(places, mentions: bool) -> list[Counted]:
    """One query: each of `places` with the distinct archived articles tagged (by a tag pages show, see
    ArticlePlaceQuerySet.shown) with it or a place below it; places with none are left out."""
    table = _place_table()
    listed_sql, listed_params = places.values("id").query.sql_with_params()
    tags_sql, tags_params = _tags(mentions)
    # UNION (not UNION ALL) stops at rows already seen, so a parent cycle cannot loop forever. `step` is
    # the place directly within `top` that `id` lies in: "N places within" counts those, as the place's own
    # list (one level down) shows them, not every place at every depth below.
    sql = (
        f"WITH RECURSIVE tree(top, step, id) AS (SELECT id, id, id FROM ({listed_sql}) listed "
        "UNION SELECT tree.top, CASE WHEN tree.id = tree.top THEN child.id ELSE tree.step END, child.id "
        f"FROM {table} child JOIN tree ON child.parent_id = tree.id) "
        "SELECT p.id, p.name, p.display_name, p.slug, p.kind, COUNT(DISTINCT t.article_id), "
        "COUNT(DISTINCT CASE WHEN tree.step <> tree.top THEN tree.step END), MAX(up.name), "
        "COUNT(DISTINCT CASE WHEN t.is_copy = 1 THEN t.article_id END) "
        f"FROM tree JOIN ({tags_sql}) t ON t.place_id = tree.id JOIN {table} p ON p.id = tree.top "
        f"LEFT JOIN {table} up ON up.id = p.parent_id "
        "GROUP BY p.id, p.name, p.display_name, p.slug, p.kind"
    )
    rows = _fetch(sql, (*listed_params, *tags_params))
    return [Counted(*row[:-2], parent_name=row[-2] or "", copies=row[-1]) for row in rows]


def most_places(limit: int, mentions: bool = False) -> list[dict]:
    """The `limit` places with the most archived articles tagged with them or a place below them, at any
    depth (a country, a region, a city), counted as each place's page and list count them; one query."""
    table = _place_table()
    tags_sql, tags_params = _tags(mentions)
    # Upwards from each tagged place: (tagged place, itself or a place it lies in), cycles stopped by UNION.
    sql = (
        f"WITH RECURSIVE tags AS ({tags_sql}), up(id, top) AS (SELECT DISTINCT place_id, place_id FROM tags "
        f"UNION SELECT up.id, p.parent_id FROM up JOIN {table} p ON p.id = up.top WHERE p.parent_id IS NOT NULL) "
        "SELECT p.id, p.name, p.display_name, p.slug, COUNT(DISTINCT tags.article_id) AS n, "
        "COUNT(DISTINCT CASE WHEN tags.is_copy = 1 THEN tags.article_id END) "
        f"FROM tags JOIN up ON up.id = tags.place_id JOIN {table} p ON p.id = up.top "
        "GROUP BY p.id, p.name, p.display_name, p.slug ORDER BY n DESC, p.display_name, p.id LIMIT %s"
    )
    rows = _fetch(sql, (*tags_params, limit))
    return [
        {"pk": pk, "name": name, "display_name": shown, "slug": slug, "n": n, "copies": copies}
        for pk, name, shown, slug, n, copies in rows
    ]


def _place_table() -> str:
    return connections[router.db_for_read(Place)].ops.quote_name(Place._meta.db_table)


def _tags(mentions: bool) -> tuple[str, tuple]:
    """(place_id, article_id, is_copy) of the tags pages show, of archived articles, `is_copy` 1 for an exact
    copy of another: SQL and its parameters."""
    # The pages of other kinds (digests, galleries, stubs: few) are left out by an anti-join, which a
    # place's page lists only when asked (`kind=`): a place named only in a digest said "1 article" and
    # showed none. Copies are found the same way, among the few of them (2% of a wire archive, by their
    # index), not by a look-up of each tag's article: 1.3 s of 2.7 at 208,427 tags (docs/benchmarks.md).
    other_kinds = Article.objects.filter(~Q(kind=Article.Kind.ARTICLE)).values("pk")
    copies = Article.objects.filter(duplicate_of__isnull=False).values("pk")
    copy = Case(When(article_id__in=copies, then=Value(1)), default=Value(0), output_field=IntegerField())
    tags = ArticlePlace.objects.shown(mentions).exclude(article_id__in=other_kinds).order_by()
    return tags.values("place_id", "article_id", is_copy=copy).query.sql_with_params()


def _fetch(sql: str, params: tuple) -> list[tuple]:
    using = router.db_for_read(Place)
    postgres = connections[using].vendor == "postgresql"
    with (
        transaction.atomic(using=using) if postgres else nullcontext(),
        connections[using].cursor() as cursor,
    ):
        if postgres:
            # The planner cannot tell how many rows a recursive query gives (ten times too many here),
            # so it compiles this one (JIT): 0.56 s of 1.08 at 208,427 tags, for a plan it runs once.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()
