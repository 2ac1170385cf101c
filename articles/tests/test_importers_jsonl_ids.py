"""A JSON Lines record whose id is empty or only spaces is keyed as one with no id, and says so: until stop 27
an id of spaces was keyed as the bare "source:", so every such record of a file became one article, each
overwriting the last, and an empty id was replaced without a word. A date given as a number says which forms
are read."""

import json

import pytest

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article

pytestmark = pytest.mark.django_db


def record(n: int, **fields) -> dict:
    return {
        "title": f"Harbour report {n}",
        "body": f"Dredgers went back to work in the harbour, officials said ({n}).",
        "source": "Reuters",
        "published_at": "2024-02-01",
        **fields,
    }


def run(*records: dict):
    payload = "\n".join(json.dumps(r) for r in records).encode()
    return import_documents([InputDocument("feed.jsonl", payload)], tag=False)


def test_records_with_an_id_of_spaces_are_articles_of_their_own_and_say_how_they_are_keyed():
    report = run(record(1, id="  "), record(2, id="   "), record(3, id=""), record(4, id=None))

    assert (report.created, report.updated, report.failed) == (4, 0, 0)
    assert Article.objects.count() == 4
    assert not Article.objects.filter(external_id="reuters:").exists()
    warned = [w for item in report.items for w in item.warnings if "'id' is empty" in w]
    assert warned == ["'id' is empty; the article is keyed by its title and body"] * 4


def test_an_empty_id_beside_a_url_is_keyed_by_the_url_and_a_second_import_finds_it_unchanged():
    url = "https://www.harbour-news.com/dredging"
    first = run(record(1, id="", url=url), record(2, id=" "))
    assert "'id' is empty; the article is keyed by its url" in first.items[0].warnings
    assert Article.objects.filter(external_id=url).exists()

    again = run(record(1, id="", url=url), record(2, id=" "))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_date_given_as_a_number_says_which_forms_are_read():
    report = run(record(1, id="d1", published_at=1700000000))
    assert report.failed == 1
    assert report.items[0].message == (
        "'published_at' is not a date: 1700000000 (a number is not read as a date: "
        "write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)"
    )
