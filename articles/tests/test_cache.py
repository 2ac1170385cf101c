"""The search and home caches (articles/selectors/cache.py): a repeat search is served from the cache,
exactly as it was; an import or an edit is searched at once; a private archive stays private."""

import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.factories import local, make_article, make_source, make_topic
from articles.tests.test_admin import form_data

pytestmark = pytest.mark.django_db
SEARCH = reverse("articles:search")


@pytest.fixture
def archive():
    economy, source = make_topic("Economy"), make_source("Reuters")
    for n in range(30):
        make_article(
            f"Harbour story {n}", published_at=local(2024, 1, 1 + n % 28), topics=[economy], source=source
        )
    make_article("Weather report", published_at=local(2024, 2, 1))
    return economy


def found(client, q: str) -> list[str]:
    """The titles a search finds, as its JSON gives them (the page marks the matched words)."""
    return [result["title"] for result in client.get(SEARCH, {"q": q, "format": "json"}).json()["results"]]


def queries(client, url, params) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize(
    "params",
    [
        {"q": "harbour"},
        {"q": "harbour", "page": "2"},
        {"topic": "economy", "format": "json"},
        {"q": "nothing"},
    ],
)
def test_a_repeat_search_runs_fewer_queries_and_shows_the_same(client, archive, params):
    first_count, first = queries(client, SEARCH, params)
    again_count, again = queries(client, SEARCH, params)
    assert again == first
    assert again_count < first_count
    assert again_count <= 2  # the archive's version, and the chosen topic's lookup


def test_a_topic_page_and_the_map_are_cached_too(client, archive):
    topic_page = reverse("articles:topic", args=["economy"])
    first_count, first = queries(client, topic_page, {"q": "harbour"})
    again_count, again = queries(client, topic_page, {"q": "harbour"})
    assert again == first and again_count < first_count
    # The same words on the search page are another search: not taken from the topic page's entry.
    assert b"Weather" not in first
    assert b"31 matches" not in queries(client, SEARCH, {"q": "harbour"})[1]
    map_url = reverse("articles:search_map")
    first_count, first = queries(client, map_url, {"q": "harbour"})
    again_count, again = queries(client, map_url, {"q": "harbour"})
    assert again == first and again_count < first_count


def test_an_import_is_searched_at_once(client, archive):
    assert found(client, "dredging") == []
    line = {
        "id": "new:1",
        "title": "Harbour dredging begins",
        "body": "Dredging.",
        "published_at": "2024-03-01",
    }
    report = import_documents([InputDocument(name="new.jsonl", data=json.dumps(line).encode())])
    assert report.summary() == "created 1, updated 0, unchanged 0, failed 0"
    assert found(client, "dredging") == ["Harbour dredging begins"]
    # A search cached before the import counts the new article too.
    assert client.get(SEARCH, {"q": "harbour", "format": "json"}).json()["count"] == 31


def test_an_admin_edit_is_searched_at_once(client, admin_client, archive):
    article = Article.objects.get(title="Weather report")
    assert found(client, "blizzard") == [] and found(client, "weather") == ["Weather report"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(url), "article_form")
    data["title"] = "Blizzard report"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert found(client, "blizzard") == ["Blizzard report"]
    assert found(client, "weather") == ["Blizzard report"]  # its body still says weather: the new title


def test_a_new_tag_refreshes_the_counts(client, archive):
    weather = make_topic("Weather")
    assert "weather" not in [
        item["slug"] for item in client.get(SEARCH, {"format": "json"}).json()["facets"]["topic"]
    ]
    Article.objects.get(title="Weather report").topics.add(weather)  # as tag_articles adds tags
    topics = client.get(SEARCH, {"format": "json"}).json()["facets"]["topic"]
    assert {"slug": "weather", "name": "Weather", "count": 1} in topics


@override_settings(ARCHIVE_PRIVATE=True)
def test_a_private_archive_search_cached_for_a_reader_is_not_shown_to_anyone_else(
    client, django_user_model, archive
):
    reader = django_user_model.objects.create_user("ada", password="a long passphrase")
    client.force_login(reader)
    assert "story 12" in client.get(SEARCH, {"q": "harbour"}).content.decode()
    client.logout()
    for params in ({"q": "harbour"}, {"q": "harbour", "format": "json"}, {"q": "harbour", "format": "csv"}):
        response = client.get(SEARCH, params)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_no_cache_when_its_time_is_zero(client, settings, archive):
    settings.SEARCH_CACHE_SECONDS = 0
    first_count, first = queries(client, SEARCH, {"q": "harbour"})
    again_count, again = queries(client, SEARCH, {"q": "harbour"})
    assert again == first and again_count == first_count


def test_an_article_deleted_in_the_admin_leaves_the_next_search(client, admin_client, archive):
    article = Article.objects.get(title="Harbour story 3")  # not the newest: no id maximum changes
    assert client.get(SEARCH, {"q": "harbour", "format": "json"}).json()["count"] == 30
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert client.get(SEARCH, {"q": "harbour", "format": "json"}).json()["count"] == 29
