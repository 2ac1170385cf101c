"""The places within places that the place facet counts by (PlaceWithin, kept by the triggers of migration
0022): after a place is moved, merged, deleted or loaded, its facet counts and what clicking them gives
still agree with the parents as they are."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse

from articles import facets
from articles.filters import ArticleFilter
from articles.models import Article, ArticlePlace, Place, PlaceWithin
from articles.tests.factories import make_article, make_place

pytestmark = pytest.mark.django_db


def place_counts() -> dict[str, int]:
    """The place facet of every article, each count checked against what clicking it gives."""
    place_facet = facets.tag_facets(Article.objects.all(), QueryDict(), {}, limit=100)[1]
    counts = {item.key: item.count for item in place_facet.items}
    for slug, count in counts.items():
        assert ArticleFilter(QueryDict(f"place={slug}")).qs.count() == count, slug
    return counts


def walked() -> set[tuple[int, int]]:
    """Every (place, place it lies within) pair, walked up `parent` from scratch."""
    parents = dict(Place.objects.values_list("pk", "parent_id"))
    pairs = set()
    for pk in parents:
        above = pk
        while above is not None and (pk, above) not in pairs:
            pairs.add((pk, above))
            above = parents.get(above)
    return pairs


def stored() -> set[tuple[int, int]]:
    return set(PlaceWithin.objects.values_list("place_id", "ancestor_id"))


@pytest.fixture
def land():
    """Northland > Westshire > Portville; Northland > Eastshire; one article about each of the three."""
    north = make_place("Northland")
    west, east = make_place("Westshire", parent=north), make_place("Eastshire", parent=north)
    port = make_place("Portville", parent=west)
    for place in (port, west, east):
        make_article(places=[place])
    return SimpleNamespace(north=north, west=west, east=east, port=port)


def test_a_place_moved_to_another_parent_counts_under_it(land):
    assert place_counts() == {"northland": 3, "westshire": 2, "portville": 1, "eastshire": 1}
    land.port.parent = land.east
    land.port.save()
    assert place_counts() == {"northland": 3, "eastshire": 2, "westshire": 1, "portville": 1}
    # A bulk update moves a whole branch: Westshire out of Northland, Portville under Westshire again.
    Place.objects.filter(pk=land.west.pk).update(parent=None)
    Place.objects.filter(pk=land.port.pk).update(parent=land.west)
    assert place_counts() == {"westshire": 2, "northland": 1, "eastshire": 1, "portville": 1}
    assert stored() == walked()


def test_a_merged_place_leaves_its_articles_and_the_places_within_it_to_the_one_kept(land):
    # An editor merges Westshire into Eastshire: its tags and places go to Eastshire, then it is deleted.
    ArticlePlace.objects.filter(place=land.west).update(place=land.east)
    Place.objects.filter(parent=land.west).update(parent=land.east)
    land.west.delete()
    assert place_counts() == {"northland": 3, "eastshire": 3, "portville": 1}
    assert stored() == walked()


def test_a_deleted_parent_leaves_the_places_within_it_counted_on_their_own(land):
    land.north.delete()  # its children's parent is set to none
    assert place_counts() == {"westshire": 2, "eastshire": 1, "portville": 1}
    assert not PlaceWithin.objects.filter(ancestor_id=land.north.pk).exists()
    assert stored() == walked()


def test_a_parent_changed_in_the_admin_counts_at_once(land, admin_client):
    url = reverse("admin:articles_place_change", args=[land.port.pk])
    form = {
        "name": "Portville", "slug": "portville", "kind": "", "country_code": "", "parent": land.east.pk,
        "latitude": "", "longitude": "", "geonames_id": "", "population": "", "description": "",
        "names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0", "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert place_counts() == {"northland": 3, "eastshire": 2, "westshire": 1, "portville": 1}


def test_a_parent_cycle_made_and_broken_counts_as_the_parents_say(land):
    # Nonsense an editor can type (Northland within Portville): counted as the place filter walks it.
    Place.objects.filter(pk=land.north.pk).update(parent=land.port)
    assert stored() == walked()
    assert place_counts() == {"northland": 3, "westshire": 3, "portville": 3, "eastshire": 1}
    Place.objects.filter(pk=land.north.pk).update(parent=None)
    assert stored() == walked()
    assert place_counts() == {"northland": 3, "westshire": 2, "portville": 1, "eastshire": 1}


def test_places_loaded_children_first_count_under_their_parents(land):
    # A fixture or a gazetteer load may write a place before its parent (the key is checked at commit).
    with transaction.atomic(), connection.constraint_checks_disabled():
        town = Place.objects.create(name="Harbourtown", slug="harbourtown", parent_id=land.port.pk + 1000)
        Place.objects.bulk_create(
            [Place(pk=land.port.pk + 1000, name="Bayholm", slug="bayholm", parent=land.west)]
        )
    make_article(places=[town])
    assert stored() == walked()
    assert place_counts() == {"northland": 4, "westshire": 3, "bayholm": 1, "harbourtown": 1, "portville": 1,
                              "eastshire": 1}  # fmt: skip


def test_the_migration_fills_the_table_for_the_places_already_there(land):
    Place.objects.filter(pk=land.north.pk).update(parent=land.port)  # a cycle has no top to walk down from
    make_place("Islet")
    PlaceWithin.objects.all().delete()
    import_module("articles.migrations.0022_perf19_place_within").fill(
        apps, SimpleNamespace(connection=connection)
    )
    assert stored() == walked()
