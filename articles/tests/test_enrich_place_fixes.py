"""What a reader sees of the place fixes of issue 12: the capital written "Washington, DC", one Baghdad,
one Vatican, and Kosovo on the map."""

import json

import pytest

from articles.enrich.gazetteer import default_gazetteer
from articles.enrich.places import tag_places
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article, Place

pytestmark = pytest.mark.django_db


def shown_places(lines: list[dict]) -> dict[str, list[str]]:
    """The display names of each imported article's places as chips and facets show them (no mentions)."""
    data = "\n".join(json.dumps(line) for line in lines).encode()
    import_documents([InputDocument("fixes.jsonl", data)])
    return {
        article.external_id: sorted(
            t.place.display_name for t in article.place_tags.shown().select_related("place")
        )
        for article in Article.objects.all()
    }


def test_washington_dc_is_the_capital_not_the_state():
    shown = shown_places(
        [
            {"id": "t:1", "title": "Crowds gather in Washington, DC",
             "body": "Thousands marched in the US capital of Washington, DC on Saturday."},
            {"id": "t:2", "title": "Rally in Washington, D.C.",
             "body": "Supporters of the US president rallied in Washington, D.C. at the weekend."},
            {"id": "t:3", "title": "Groups hold rally in Washington D.C.",
             "body": "Supporters of the US president gathered in the U.S. capital, Washington D.C., on Saturday."},
        ]
    )  # fmt: skip
    for names in shown.values():
        assert "Washington, D.C." in names
        assert "Washington (state)" not in names


def test_a_city_and_its_namesake_region_show_as_one_place():
    shown = shown_places(
        [
            {"id": "t:1", "title": "Bomb in Baghdad", "body": "A car bomb exploded in Baghdad, Iraq, on Monday."},
            {"id": "t:2", "title": "Seoul talks", "body": "South Korea hosted the talks in Seoul this week."},
        ]
    )  # fmt: skip
    assert [name for name in shown["t:1"] if name.startswith("Baghdad")] == ["Baghdad, Iraq"]
    assert len([name for name in shown["t:2"] if name.startswith("Seoul")]) == 1
    assert "Iraq" in shown["t:1"]


def test_vatican_city_is_the_vatican():
    shown = shown_places(
        [{"id": "t:1", "title": "Pope addresses crowds in Vatican City",
          "body": "Pope Francis spoke in Vatican City on Sunday. The Vatican said more would follow."}]
    )  # fmt: skip
    assert [name for name in shown["t:1"] if name.startswith("Vatican")] == ["Vatican"]


def test_a_dateline_city_adds_its_country_but_not_its_namesake_region():
    tags = tag_places(
        default_gazetteer(), title="Talks resume", body="Officials met again.", dateline="ALEPPO"
    )
    assert [t.slug for t in tags] == ["aleppo-sy", "syria"]


def test_kosovo_has_coordinates_for_the_map():
    kosovo = Place.objects.get(slug="kosovo")
    assert kosovo.latitude is not None and kosovo.longitude is not None
    assert 41 < kosovo.latitude < 44 and 20 < kosovo.longitude < 22
