"""The Atom feed of a search: the same filters, the 50 last added, valid Atom a feed reader accepts."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.db.models import F
from django.urls import reverse

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.factories import local, make_article, make_place, make_topic, tag_place

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, params=None):
    return entries_at(client, reverse("articles:search_feed"), params)


def entries_at(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


def test_feed_of_a_filtered_search_newest_first(client):
    economy = make_topic("Economy")
    make_article("Old economy", topics=[economy], published_at=local(2023, 1, 1))
    make_article("New economy", topics=[economy], published_at=local(2024, 1, 1), byline="By A. Writer")
    make_article("Sport", published_at=local(2024, 2, 1))
    root, items = entries(client, {"topic": "economy", "sort": "oldest"})
    assert [item.find(f"{ATOM}title").text for item in items] == ["New economy", "Old economy"]
    assert root.find(f"{ATOM}subtitle").text == "The matches last added to the archive: topic Economy."
    link = items[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/articles/")
    assert items[0].find(f"{ATOM}author/{ATOM}name").text == "By A. Writer"
    assert items[0].find(f"{ATOM}category").get("term") == "Economy"


def test_feed_holds_the_newest_50(client):
    for i in range(55):
        make_article(f"Story {i}", published_at=local(2024, 1, 1) + dt.timedelta(hours=i))
    _, items = entries(client)
    assert len(items) == 50 and items[0].find(f"{ATOM}title").text == "Story 54"


def test_feed_of_a_word_search_has_highlighted_summaries(client):
    make_article("Patriot missiles", body="NATO will buy Patriot missiles.")
    make_article("Other", body="Nothing to see.")
    root, items = entries(client, {"q": "patriot"})
    assert root.find(f"{ATOM}title").text == "NewsArchive: patriot"
    assert len(items) == 1 and "<mark>" in items[0].find(f"{ATOM}summary").text


def test_feed_with_bad_input_still_works(client):
    make_article("Kept")
    _, items = entries(client, {"date_from": "nope", "topic": "missing", "page": "x"})
    assert [item.find(f"{ATOM}title").text for item in items] == ["Kept"]


def test_search_page_links_to_its_feed(client):
    make_topic("Economy")
    page = client.get(reverse("articles:search"), {"topic": "economy", "page": "1"}).content.decode()
    assert 'type="application/atom+xml"' in page and "/search/feed/?topic=economy" in page
    topic_page = client.get(reverse("articles:topic", args=["economy"]), {"q": "x"}).content.decode()
    assert 'href="/topics/economy/feed/?q=x"' in topic_page


def test_a_topic_feed_keeps_its_topic_and_adds_filters(client):
    economy, sport = make_topic("Economy"), make_topic("Sport")
    make_article("Economy only", topics=[economy])
    make_article("Sport only", topics=[sport])
    make_article("Both", topics=[economy, sport])
    root, items = entries_at(client, reverse("articles:topic_feed", args=["economy"]), {"topic": "sport"})
    assert [item.find(f"{ATOM}title").text for item in items] == ["Both"]
    assert (
        root.find(f"{ATOM}link[@rel='alternate']").get("href")
        == "http://testserver/topics/economy/?topic=sport"
    )
    assert client.get(reverse("articles:topic_feed", args=["nope"])).status_code == 404


def test_control_characters_in_stored_text_do_not_break_the_feed(client):
    make_article("Bell\x07 in the title", body="Form\x0cfeed in the body.")
    _, items = entries(client, {"q": "bell\x01"})
    assert [item.find(f"{ATOM}title").text for item in items] in ([], ["Bell in the title"])
    _, items = entries(client)
    assert items[0].find(f"{ATOM}title").text == "Bell in the title"


def test_a_topic_place_or_source_feed_is_named_after_what_it_follows(client):
    # A feed reader lists feeds by title: every topic's feed was "NewsArchive: newest articles".
    economy = make_topic("Economy")
    make_article("Economy only", topics=[economy])
    root, _ = entries_at(client, reverse("articles:topic_feed", args=["economy"]))
    assert root.find(f"{ATOM}title").text == "NewsArchive: Economy"
    assert root.find(f"{ATOM}subtitle").text == "The matches last added to the archive: topic Economy."
    root, _ = entries_at(client, reverse("articles:topic_feed", args=["economy"]), {"q": "economy"})
    assert root.find(f"{ATOM}title").text == "NewsArchive: economy · Economy"


def test_a_feed_names_every_filter_it_follows(client):
    # The subtitle named topics, places, sources and dates only: a feed of one language, of every kind
    # of page, with passing mentions or with every copy read as a feed of the whole archive.
    economy = make_topic("Economy")
    make_topic("Sport")
    make_article("Kept", language="et", topics=[economy])
    params = {
        "topic": ["economy", "sport"],
        "language": "et",
        "kind": "all",
        "places": "all",
        "group": "none",
    }
    root, items = entries(client, params)
    assert len(items) == 1
    assert root.find(f"{ATOM}subtitle").text == (
        "The matches last added to the archive: topic Economy or Sport, places including passing mentions, pages every kind, "
        "language et, every copy of each story."
    )


def test_a_feed_says_what_of_its_address_it_ignored(client):
    make_article("Kept")
    root, _ = entries(client, {"date_from": "nope"})
    subtitle = root.find(f"{ATOM}subtitle").text
    assert subtitle.startswith("The matches last added to the archive. From: “nope” is not a date")
    assert "This filter was ignored." in subtitle


def test_the_feed_is_valid_atom_when_an_article_has_no_byline_or_source(client):
    # RFC 4287: an author on the feed, or on every entry. A page with neither byline nor source has none.
    make_article("Nobody wrote this", byline="", source=None)
    root, items = entries(client)
    assert root.find(f"{ATOM}author/{ATOM}name") is not None or all(
        item.find(f"{ATOM}author/{ATOM}name") is not None for item in items
    )


def test_an_entry_keeps_its_id_when_a_reimport_changes_its_title(client):
    # The id was the article's address, slug and all: a re-import with a better headline (a newer page
    # reader) gave it a new slug, and feed readers showed the same article again as new (stop 27).
    def run(title: str) -> None:
        record = {"id": "wire:1", "title": title, "body": "The port reopened.", "published_at": "2024-03-01"}
        import_documents([InputDocument("feed.jsonl", json.dumps(record).encode() + b"\n")], tag=False)

    run("Port reopens")
    _, [before] = entries(client)
    run("Port reopens after the storm")
    _, [after] = entries(client)
    assert before.find(f"{ATOM}link").get("href") != after.find(f"{ATOM}link").get("href")
    assert before.find(f"{ATOM}id").text == after.find(f"{ATOM}id").text
    assert after.find(f"{ATOM}id").text.startswith("http://testserver/articles/")
    assert client.get(after.find(f"{ATOM}id").text).status_code == 301  # it leads to the article


def test_an_older_article_imported_after_50_newer_ones_is_in_the_feed(client):
    # "Follow this search: its Atom feed lists new matches as they are imported": the feed held the 50
    # newest by publication date, so a backfill of older articles never reached a subscriber (stop 27).
    # It holds the 50 last added; each entry keeps its article's dates; every filter still applies.
    economy = make_topic("Economy")
    country = make_place("Freedonia", kind="country")
    city = make_place("Port Ville", parent=country, kind="city")
    for i in range(50):
        make_article(
            f"Recent {i}",
            topics=[economy],
            places=[city],
            published_at=local(2024, 2, 1) + dt.timedelta(hours=i),
        )
    params = {"topic": "economy", "place": "freedonia", "group": "none", "places": "all"}
    before = client.get(reverse("articles:search_feed"), params)["Last-Modified"]
    mentioned = make_article("Backfilled from 1987", topics=[economy], published_at=local(1987, 3, 2))
    tag_place(mentioned, city, "mention")  # found only with places=all
    make_article("Backfilled elsewhere", topics=[economy], published_at=local(1987, 3, 3))  # no place
    original = make_article("A 1987 story", published_at=local(1987, 3, 1))  # not on the topic
    make_article(
        "A 1987 story", topics=[economy], places=[city], duplicate_of=original, published_at=local(1987, 3, 4)
    )
    # Imported a few minutes after the others (Last-Modified counts whole seconds).
    backfill = Article.objects.filter(published_at__year=1987)
    backfill.update(created_at=F("created_at") + dt.timedelta(minutes=5))

    root, items = entries(client, params)
    titles = [item.find(f"{ATOM}title").text for item in items]
    assert len(titles) == 50 and titles[:2] == ["A 1987 story", "Backfilled from 1987"]
    assert "Backfilled elsewhere" not in titles and "Recent 1" not in titles and "Recent 2" in titles
    # Each entry's dates are its article's; the feed's `updated` is when its newest entry came.
    assert items[1].find(f"{ATOM}published").text.startswith("1987-03-02")
    assert items[1].find(f"{ATOM}updated").text.startswith("1987-03-02")
    assert root.find(f"{ATOM}updated").text > "2024-12-31"
    assert client.get(reverse("articles:search_feed"), params)["Last-Modified"] != before
    # Grouped, without passing mentions: the copy stands for its story (its first is not on the topic).
    _, grouped = entries(client, {"topic": "economy", "place": "freedonia"})
    titles = [item.find(f"{ATOM}title").text for item in grouped]
    assert titles[:2] == ["A 1987 story", "Recent 49"] and "Backfilled from 1987" not in titles
    page = client.get(reverse("articles:search"), params).content.decode()
    assert "lists new matches as they are imported" in page
