"""Keys and names (articles/keys.py): one slugify, one name key, one title key, whoever makes them."""

import ast
import json
from pathlib import Path

import pytest
from django.utils.text import slugify as django_slugify
from hypothesis import given
from hypothesis import strategies as st

from articles.enrich.gazetteer import iter_places, load_extract
from articles.enrich.service import tag_queryset
from articles.importers.jsonl import parse_jsonl
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.keys import name_key, normalise_alias, normalise_title, slugify
from articles.models import Article, Place, PlaceName, TagOrigin

PROVENCE = "Provence-Alpes-Côte d'Azur"
ARTICLES = Path(__file__).resolve().parents[1]


@given(st.text())
def test_the_one_slugify_is_djangos(text):
    assert slugify(text) == django_slugify(text)


def test_slugs_drop_apostrophes_and_fold_accents():
    assert slugify("Côte d'Ivoire") == "cote-divoire"
    assert slugify("  Café & Crème ") == "cafe-creme"
    assert slugify("U.S. Virgin Islands") == "us-virgin-islands"


def test_keys_fold_case_accents_and_punctuation():
    assert name_key("St. John's") == "st john s"
    assert name_key("KRAKÓW") == "krakow"
    assert name_key("U.S.") == "u.s."
    assert normalise_title("Côte d'Ivoire: talks “resume”") == "cote d ivoire talks resume"
    assert normalise_alias("The Associated Press") == "associated press"


def test_an_imported_place_name_and_the_gazetteer_make_the_same_slug():
    # On main the importers made "provence-alpes-cote-dazur" and the gazetteer "provence-alpes-cote-d-azur".
    line = json.dumps({"id": "k:1", "title": "T", "body": "b", "places": [PROVENCE, "Côte d'Ivoire"]})
    (record,) = parse_jsonl([line.encode()], name="a.jsonl")
    gazetteer = {row["name"]: row["slug"] for row in iter_places(load_extract())}
    assert [tag.slug for tag in record.places] == [gazetteer[PROVENCE], "cote-divoire"]


@pytest.mark.django_db
def test_a_region_named_in_an_import_is_the_gazetteers_region_not_a_copy():
    # On main the import added a second "Provence-Alpes-Côte d'Azur" (36,889 places) with the article on it.
    places_before = Place.objects.count()
    line = {"id": "k:1", "title": "Wildfires", "body": "Fires in the south.", "places": [PROVENCE]}
    report = import_documents([InputDocument("a.jsonl", json.dumps(line).encode())])
    assert report.created == 1
    assert Place.objects.count() == places_before
    region = Place.objects.get(name=PROVENCE)
    assert list(region.article_tags.values_list("article__title", flat=True)) == ["Wildfires"]


@pytest.mark.django_db
def test_places_stored_under_the_gazetteers_old_slugs_are_still_the_ones_tagged():
    """A database loaded before the one slugify keeps the gazetteer's old slugs: "u-s-virgin-islands",
    "st-john-s" (while "st-johns" is St. Johns, Arizona) and the region "tr-ndelag" (regions have no
    GeoNames id). The tagger still tags those places, and restores no copies of them."""
    renames = [
        ("us-virgin-islands", "u-s-virgin-islands"),
        ("st-johns-us", "st-johns-az"),
        ("st-johns", "st-john-s"),
        ("st-johns-az", "st-johns"),
        ("trndelag", "tr-ndelag"),
    ]
    for new, old in renames:
        assert Place.objects.filter(slug=new).update(slug=old) == 1
    places_before = Place.objects.count()
    article = Article.objects.create(
        title="Storm in Trøndelag",
        dateline="ST. JOHN'S, Newfoundland",
        body="A storm crossed the U.S. Virgin Islands. Boats stayed in port in Trøndelag, officials said.",
    )
    tag_queryset(Article.objects.filter(pk=article.pk))
    tagged = set(article.place_tags.filter(origin=TagOrigin.AUTOMATIC).values_list("place__slug", flat=True))
    assert {"u-s-virgin-islands", "st-john-s", "tr-ndelag", "norway", "canada"} <= tagged
    assert "st-johns" not in tagged
    assert Place.objects.count() == places_before


@pytest.mark.django_db
def test_a_place_name_saved_by_hand_gets_its_key():
    place = Place.objects.get(slug="canada")
    assert PlaceName.objects.create(place=place, name="Kanáda").key == "kanada"


def test_models_import_nothing_of_the_taggers():
    """Layers point down: a model that imports a tagger, even inside a function, is an upward import."""
    paths = [ARTICLES / "models.py"] if (ARTICLES / "models.py").exists() else []
    paths += sorted((ARTICLES / "models").glob("*.py"))
    assert paths
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert "enrich" not in module, f"{path.name} imports {module}"
