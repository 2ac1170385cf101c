"""Page kinds and languages in the archive (issue 14): imported, stored, filtered, exported."""

import json

import pytest
from django.http import QueryDict
from django.urls import reverse

from articles.filters import ArticleFilter
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.selectors.overview import refresh_overviews
from articles.tests.factories import make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db


def titles(query: str) -> set[str]:
    return {article.title for article in ArticleFilter(QueryDict(query)).qs}


@pytest.fixture
def archive():
    make_article("Bridge closes for repairs", language="en")
    make_article("Harbour festival in pictures", kind="gallery", language="en")
    make_article("Morning briefing", kind="digest", language="en")
    make_article("Uus trammiliin avatakse sügisel", language="et")


def test_searches_show_articles_unless_asked_for_other_kinds(archive):
    assert titles("") == {"Bridge closes for repairs", "Uus trammiliin avatakse sügisel"}
    assert titles("kind=gallery") == {"Harbour festival in pictures"}
    assert len(titles("kind=all")) == 4


def test_language_filter(archive):
    assert titles("language=et") == {"Uus trammiliin avatakse sügisel"}
    assert titles("language=ET") == {"Uus trammiliin avatakse sügisel"}


def test_a_language_search_says_how_many_articles_have_no_language_recorded(client, archive):
    # JSON Lines records without `language` (the demo's Wikinews set) are never listed by `language=en`.
    make_article("Ferry timetable changes", language="")
    page = client.get(reverse("articles:search"), {"language": "en"}).content.decode()
    assert "Bridge closes for repairs" in page and "Ferry timetable changes" not in page
    assert "1 article in the archive has no language recorded" in page
    assert 'href="?">Search every language</a>' in page
    assert "no language recorded" not in client.get(reverse("articles:search")).content.decode()


def test_bad_kind_and_language_are_explained_not_fatal(archive):
    search = ArticleFilter(QueryDict("kind=poem&language=english"))
    assert len(search.qs) == 2
    problems = " ".join(search.problems)
    assert "Kind of page: “poem” is not one of the choices (article, " in problems and "Language:" in problems


def test_search_page_keeps_the_kind_in_its_chips_and_exports(client, archive):
    page = client.get(reverse("articles:search"), {"kind": "gallery"})
    assert page.status_code == 200
    assert "Harbour festival in pictures" in page.content.decode()
    assert page.content.decode().count("Photo gallery") >= 2  # the chip naming the kind shown, the badge
    exported = client.get(reverse("articles:search"), {"kind": "gallery", "format": "json"})
    assert exported.status_code == 200
    assert "gallery" in exported.content.decode()


def test_article_page_shows_the_language(client, archive):
    article = Article.objects.get(language="et")
    content = client.get(article.get_absolute_url()).content.decode()
    assert 'lang="et"' in content and "?language=et" in content
    assert 'lang="en">Estonian</a>' in content  # named, not coded


def test_a_page_is_imported_with_its_kind_and_language():
    page = (b" date 2024-03-01 Harbour festival (24 images)\n\nBoats and crowds at the harbour festival "
            b"on Saturday, when thousands came to see the tall ships sail in.\n")  # fmt: skip
    import_documents([InputDocument(name="gallery.txt", data=page)])
    article = Article.objects.get()
    assert (article.kind, article.language) == ("gallery", "en")


def test_an_empty_page_is_refused_with_a_message():
    report = import_documents([InputDocument(name="empty.txt", data=b" date 2024-03-01\n\nMenu\nShare\n")])
    assert not Article.objects.exists()
    assert "no readable text" in json.dumps([item.message for item in report.batch.items.all()])


def test_kind_is_in_the_json_export_and_read_back_from_json_lines(client, archive):
    rows = client.get(reverse("articles:search"), {"kind": "all", "format": "json"}).json()
    assert {row["kind"] for row in rows["results"]} >= {"gallery", "digest", "article"}
    line = json.dumps({"id": "v1", "title": "Crews battle fire", "body": "Crews worked all night.",
                       "kind": "video", "published_at": "2024-01-03"})  # fmt: skip
    import_documents([InputDocument(name="a.jsonl", data=line.encode())])
    assert Article.objects.get(external_id__endswith="v1").kind == "video"


def test_the_home_page_and_the_date_archive_list_articles_only(client, archive):
    home = client.get(reverse("articles:home")).content.decode()
    assert "Bridge closes for repairs" in home and "Harbour festival in pictures" not in home
    year = client.get(reverse("articles:archive_year", args=[2024])).content.decode()
    assert "Bridge closes for repairs" in year and "Morning briefing" not in year


def test_a_month_only_page_stays_a_month_on_its_page_and_in_exports(client):
    page = (b" date 2024-01 Harbour repairs begin after the winter storms\n\nCrews began repairing the north "
            b"pier of the harbour after the winter storms damaged its deck.\n")  # fmt: skip
    import_documents([InputDocument(name="month.txt", data=page)])
    article = Article.objects.get()
    assert article.date_precision == "month"
    assert "January 2024" in client.get(article.get_absolute_url()).content.decode()
    rows = client.get(reverse("articles:search"), {"format": "json"}).json()["results"]
    assert rows[0]["published_at"] == "2024-01"


def test_indexes_and_the_home_page_count_the_articles_a_click_lists(client):
    # A digest is kept, but a topic's, place's or source's page lists it only with `kind=`: the indexes
    # counted it, and a place named only in a digest said "1 article" over a page of 0 matches.
    economy, croatia, wire = make_topic("Economy"), make_place("Croatia"), make_source("Wire")
    make_article("Morning briefing", kind="digest", topics=[economy], places=[croatia], source=wire)
    make_article("Bridge closes for repairs", topics=[economy], source=wire)
    refresh_overviews()

    def listed(path, **params):
        return client.get(path, params).json()["count"]

    assert listed(reverse("articles:place", args=["croatia"]), format="json") == 0
    assert "Croatia" not in client.get(reverse("articles:places")).content.decode()
    topics = {topic.slug: topic.n for topic in client.get(reverse("articles:topics")).context["object_list"]}
    sources = {
        source.slug: source.n for source in client.get(reverse("articles:sources")).context["object_list"]
    }
    assert topics["economy"] == listed(reverse("articles:topic", args=["economy"]), format="json") == 1
    assert sources["wire"] == listed(reverse("articles:source", args=["wire"]), format="json") == 1
    home = client.get(reverse("articles:home")).context
    assert [(topic.slug, topic.n) for topic in home["top_topics"]] == [("economy", 1)]
    assert [place.slug for place in home["top_places"]] == []
    assert [(source.slug, source.n) for source in home["sources"]] == [("wire", 1)]
