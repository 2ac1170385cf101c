"""Readers' collections: a search saved as the articles it matched then (articles/collecting.py,
articles/views/collections.py, articles/selectors/collections.py).

Run on both engines: `DATABASE_URL=postgres://… pytest articles/tests/test_collections.py`.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles import collecting
from articles.collecting import FREEZE_LIMIT, CannotFreeze, freeze
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article, Collection
from articles.tests.factories import local, make_article, make_topic

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def jsonl(*records: dict) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def flood_record(n: int) -> dict:
    return {
        "id": f"wire:flood-{n}",
        "title": f"River flood number {n} reaches the town",
        "body": "The river flood rose overnight.\n\nResidents left their homes.",
        "published_at": f"2024-05-{n:02d}T10:00:00-04:00",
        "source": "Wire",
    }


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_user("ada", password="a long passphrase")


@pytest.fixture
def reader(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


@pytest.fixture
def floods(db) -> list[Article]:
    """Three flood stories and one about something else."""
    made = [
        make_article(f"Flood warning {n} for the valley", published_at=local(2024, 3, n)) for n in (1, 2, 3)
    ]
    make_article("Harvest festival opens", published_at=local(2024, 3, 4))
    return made


def save(client: Client, name: str = "Valley floods", query: str = "q=flood", **extra):
    return client.post("/collections/save/", {"name": name, "query": query, **extra})


def titles(response) -> list[str]:
    return [result.article.title for result in response.context["results"]]


class TestFreeze:
    def test_a_collection_frozen_before_an_import_shows_the_same_articles_after_it(self, reader, floods):
        response = save(reader, query="q=flood")
        collection = Collection.objects.get()
        assert response.status_code == 302 and response["Location"] == collection.get_absolute_url()
        before = titles(reader.get(collection.get_absolute_url()))
        assert sorted(before) == sorted(article.title for article in floods)

        report = import_documents(
            [InputDocument("more.jsonl", jsonl(flood_record(1), flood_record(2)))], tag=False
        )
        assert report.created == 2
        assert reader.get("/search/?q=flood").context["search"].total == 5  # the live search grew

        page = reader.get(collection.get_absolute_url())
        assert titles(page) == before
        html = page.content.decode()
        assert "2 newer matches since" in html
        assert "which then matched 3 articles" in html

    def test_every_match_is_kept_in_the_search_order_not_only_the_page(self, ada, db):
        made = [
            make_article(
                f"Storm report {n}",
                published_at=local(2023, 1, 1) + n * (local(2023, 1, 2) - local(2023, 1, 1)),
            )
            for n in range(45)
        ]
        collection = freeze(owner=ada, name="Storms", query="q=storm&sort=newest&page=2&format=csv")
        assert collection.count == 45
        assert collection.query == "q=storm&sort=newest"  # paging and format are not part of the search
        assert list(collection.articles().values_list("pk", flat=True)) == [a.pk for a in reversed(made)]

    def test_a_search_over_the_limit_is_refused_with_a_message(self, ada, floods, monkeypatch):
        monkeypatch.setattr(collecting, "FREEZE_LIMIT", 2)
        with pytest.raises(CannotFreeze, match="matches 3 articles; a collection keeps at most 2"):
            freeze(owner=ada, name="Too many", query="q=flood")
        assert not Collection.objects.exists()

    def test_the_limit_is_refused_on_the_page_too(self, reader, floods, monkeypatch):
        monkeypatch.setattr(collecting, "FREEZE_LIMIT", 2)
        response = save(reader)
        assert response.status_code == 400
        assert "a collection keeps at most 2" in response.content.decode()
        assert "Back to the search" in response.content.decode()

    def test_a_topic_pages_scope_is_kept_as_a_filter(self, ada, db):
        weather = make_topic("Weather events")
        inside = make_article("Flood on the plain", topics=[weather])
        make_article("Flood elsewhere")
        collection = freeze(owner=ada, name="Plain", query="q=flood", scope=f"topic:{weather.slug}")
        assert list(collection.articles()) == [inside]

    def test_the_page_names_the_filters_of_the_search_not_only_its_words(self, reader, db):
        """Stop 28's review: a search for "flood" in one topic and year was shown as 'from the search
        "flood"', as if it had been the whole archive's."""
        weather = make_topic("Weather events")
        make_article("Flood on the plain", topics=[weather], published_at=local(2024, 3, 1))
        make_article("Flood elsewhere", published_at=local(2024, 3, 2))
        save(reader, name="Plain", query=f"q=flood&topic={weather.slug}&date_from=2024")
        html = reader.get(Collection.objects.get().get_absolute_url()).content.decode()
        assert "the search “flood”</a> (From: 2024; Topic: Weather events)," in html
        assert "which then matched 1 article." in " ".join(html.split())
        save(reader, name="All weather", query=f"topic={weather.slug}")
        html = reader.get(Collection.objects.get(name="All weather").get_absolute_url()).content.decode()
        assert "a search</a> (Topic: Weather events)," in html

    def test_a_search_of_exactly_the_limit_is_frozen_whole(self, ada, db):
        """FREEZE_LIMIT matches are kept, every one (the time it takes is in collecting.py's docstring)."""
        Article.objects.bulk_create(
            [
                Article(title=f"Bulk {n}", slug=f"bulk-{n}", external_id=f"bulk:{n}")
                for n in range(FREEZE_LIMIT)
            ]
        )
        collection = freeze(owner=ada, name="All", query="")
        assert collection.count == FREEZE_LIMIT == collection.items.count()


class TestAccess:
    def test_another_reader_gets_404_and_anonymous_the_login_page(self, reader, floods):
        save(reader)
        url = Collection.objects.get().get_absolute_url()
        other = Client()
        other.force_login(User.objects.create_user("bob", password="another passphrase"))
        assert other.get(url).status_code == 404
        assert other.get(url + "?format=csv").status_code == 404
        assert other.post(url + "remove/", {"article": floods[0].pk}).status_code == 404
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"] == f"{LOGIN}?next={url}"
        assert Client().post("/collections/save/", {"name": "x"})["Location"].startswith(LOGIN)

    def test_a_collection_that_does_not_exist_is_a_404(self, reader):
        assert reader.get("/collections/999999/").status_code == 404
        assert reader.get("/collections/shared/not-a-token/").status_code == 404

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(token=st.text(min_size=1, max_size=80))
    @example(token="\x00")
    def test_any_share_token_in_the_address_is_a_404_never_a_500(self, token):
        # A NUL byte reached PostgreSQL, which refuses it in a text value: a 500 (review, stop 27).
        response = Client().get("/collections/shared/" + quote(token, safe="") + "/")
        assert response.status_code == 404

    def test_a_share_link_opens_it_read_only_and_stopping_sharing_closes_it(self, reader, floods):
        save(reader)
        collection = Collection.objects.get()
        reader.post(f"/collections/{collection.pk}/share/")
        collection.refresh_from_db()
        link = collection.share_url
        assert len(collection.share_token) >= 32
        page = Client().get(link)
        assert page.status_code == 200 and sorted(titles(page)) == sorted(a.title for a in floods)
        assert "Remove" not in page.content.decode() and "Stop sharing" not in page.content.decode()
        assert Client().get(link + "?format=csv").status_code == 200

        reader.post(f"/collections/{collection.pk}/share/", {"share": "off"})
        assert Client().get(link).status_code == 404

    def test_in_a_private_archive_a_share_link_needs_a_signed_in_reader(self, reader, floods, settings):
        save(reader)
        collection = Collection.objects.get()
        collection.share()
        settings.ARCHIVE_PRIVATE = True
        assert Client().get(collection.share_url)["Location"].startswith(LOGIN)
        other = Client()
        other.force_login(User.objects.create_user("bob", password="another passphrase"))
        assert other.get(collection.share_url).status_code == 200

    def test_my_collections_lists_only_my_own(self, reader, floods):
        save(reader, name="Mine")
        bob = User.objects.create_user("bob", password="another passphrase")
        freeze(owner=bob, name="Bob's floods", query="q=flood")
        html = reader.get("/collections/").content.decode()
        assert "Mine" in html and "3 articles" in html and "Bob" not in html
        assert 'href="/collections/"' in reader.get("/").content.decode()  # in the navigation


class TestQueries:
    def test_the_collection_page_costs_the_same_for_3_or_20_articles(self, reader, ada, db):
        """No query per article."""
        make_article("Flood on the plain", topics=[make_topic("Weather events")])
        small = freeze(owner=ada, name="Small", query="q=flood")
        for n in range(19):
            make_article(f"Flood report {n}", topics=[make_topic("Weather events")])
        large = freeze(owner=ada, name="Large", query="q=flood")
        assert (small.items.count(), large.items.count()) == (1, 20)
        reader.get(small.get_absolute_url())  # the session and the user, read once

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for collection in (small, large):
            with CaptureQueriesContext(connection) as queries:
                assert reader.get(collection.get_absolute_url()).status_code == 200
            counts.append(len(queries))
        # The session, the user, the collection, its counts, a page of articles, their snippets, their
        # tags, the live matches outside it, the frozen ones no longer matching.
        assert counts == [9, 9]


class TestChanges:
    def test_add_and_remove_single_articles(self, reader, floods):
        save(reader)
        collection = Collection.objects.get()
        other = Article.objects.get(title="Harvest festival opens")
        response = reader.post("/collections/add/", {"article": other.pk, "collection": collection.pk})
        assert response["Location"] == other.get_absolute_url()
        assert "Added to “Valley floods”" in reader.get(response["Location"]).content.decode()
        response = reader.post("/collections/add/", {"article": other.pk, "collection": collection.pk})
        assert "already in" in reader.get(response["Location"]).content.decode()
        reader.post(f"/collections/{collection.pk}/remove/", {"article": floods[0].pk})

        page = reader.get(collection.get_absolute_url())
        assert sorted(titles(page)) == sorted([floods[1].title, floods[2].title, other.title])
        html = page.content.decode()
        assert "1 added by hand since" in html
        assert "1 of the articles saved has been removed since" in html
        assert "1 newer match since" in html  # the removed flood story still matches the live search

    def test_the_article_page_offers_my_collections_only(self, reader, floods):
        save(reader, name="Valley floods")
        freeze(owner=User.objects.create_user("bob", password="x" * 12), name="Bob's", query="")
        html = reader.get(floods[0].get_absolute_url()).content.decode()
        assert "Add to collection" in html and "Valley floods" in html and "Bob&#x27;s" not in html
        assert "Add to collection" not in Client().get(floods[0].get_absolute_url()).content.decode()

    def test_adding_to_someone_elses_collection_is_a_404(self, reader, floods):
        theirs = freeze(owner=User.objects.create_user("bob", password="x" * 12), name="Bob's", query="")
        response = reader.post("/collections/add/", {"article": floods[0].pk, "collection": theirs.pk})
        assert response.status_code == 404

    def test_notes_and_name_are_edited_by_the_owner(self, reader, floods):
        save(reader)
        collection = Collection.objects.get()
        reader.post(
            f"/collections/{collection.pk}/edit/", {"name": "Floods 2024", "notes": "Check the dates."}
        )
        html = reader.get(collection.get_absolute_url()).content.decode()
        assert "Floods 2024" in html and "Check the dates." in html

    def test_no_longer_matching_articles_are_counted(self, reader, floods):
        save(reader)
        collection = Collection.objects.get()
        Article.objects.filter(pk=floods[0].pk).update(title="Dry spell in the valley")
        article = Article.objects.get(pk=floods[0].pk)
        article.body = "Nothing about water."
        article.save()
        html = reader.get(collection.get_absolute_url()).content.decode()
        assert "1 of these no longer matches the search" in html
        assert "No newer matches since" in html

    def test_delete(self, reader, floods):
        save(reader)
        collection = Collection.objects.get()
        response = reader.post(f"/collections/{collection.pk}/delete/")
        assert response["Location"] == "/collections/"
        assert not Collection.objects.exists() and Article.objects.count() == 4


class TestExports:
    def test_csv_has_every_article_in_order_and_a_named_file(self, reader, floods):
        save(reader, name="Valley floods", query="q=flood&sort=oldest")
        collection = Collection.objects.get()
        import_documents([InputDocument("more.jsonl", jsonl(flood_record(9)))], tag=False)
        response = reader.get(collection.get_absolute_url() + "?format=csv")
        assert response["Content-Disposition"] == (
            f'attachment; filename="collection-{collection.pk}-valley-floods.csv"'
        )
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert [row["title"] for row in rows] == [article.title for article in floods]

    def test_json_gives_the_page_and_the_changes(self, reader, floods):
        save(reader)
        collection = Collection.objects.get()
        import_documents([InputDocument("more.jsonl", jsonl(flood_record(9)))], tag=False)
        data = reader.get(collection.get_absolute_url() + "?format=json").json()
        assert data["name"] == "Valley floods" and data["frozen_count"] == 3 and data["newer_matches"] == 1
        assert sorted(result["title"] for result in data["results"]) == sorted(a.title for a in floods)

    def test_an_unknown_format_is_said_on_the_page(self, reader, floods):
        save(reader)
        response = reader.get(Collection.objects.get().get_absolute_url() + "?format=xlsx")
        assert response.status_code == 200 and "There is no “xlsx” format" in response.content.decode()


class TestSearchPage:
    def test_anonymous_visitors_are_asked_to_sign_in_to_save(self, client, floods):
        html = client.get("/search/?q=flood").content.decode()
        assert "Sign in to save these results" in html
        assert f'href="{LOGIN}?next=/search/%3Fq%3Dflood"' in html
        assert "Follow this search" in html and 'href="/search/feed/?q=flood"' in html

    def test_readers_see_the_save_form_with_the_search(self, reader, floods):
        html = reader.get("/search/?q=flood&sort=oldest").content.decode()
        assert 'action="/collections/save/"' in html
        assert 'name="query" value="q=flood&amp;sort=oldest"' in html

    def test_the_suggested_name_carries_the_filters_as_the_collection_will_name_them(self, reader, floods):
        """Stop 28's review: "Save these results as" offered "covid" for a search in one place too."""
        weather = make_topic("Weather events")
        make_article("Flood in the valley", topics=[weather], published_at=local(2024, 3, 1))

        def suggested(url: str) -> str:
            html = reader.get(url).content.decode()
            return html.split('id="collection-name"', 1)[1].split('value="', 1)[1].split('"', 1)[0]

        assert suggested("/search/?q=flood") == "flood"
        assert suggested(f"/search/?q=flood&topic={weather.slug}&date_from=2024") == (
            "flood (From: 2024; Topic: Weather events)"
        )
        assert suggested(f"/search/?topic={weather.slug}") == "Topic: Weather events"
        assert suggested(f"/topics/{weather.slug}/?q=flood") == "flood (Topic: Weather events)"
        # the collection saved under it says the same of its search
        save(reader, name=suggested(f"/search/?q=flood&topic={weather.slug}&date_from=2024"),
             query=f"q=flood&topic={weather.slug}&date_from=2024")  # fmt: skip
        html = reader.get(Collection.objects.get().get_absolute_url()).content.decode()
        assert "(From: 2024; Topic: Weather events)" in html


class TestBadInput:
    def test_a_name_of_10000_characters_is_refused_with_a_message(self, reader, floods):
        response = save(reader, name="x" * 10_000)
        assert response.status_code == 400
        assert "A name can be at most 200 characters" in response.content.decode()
        assert not Collection.objects.exists()

    def test_odd_query_strings_save_what_the_search_page_would_show(self, reader, floods):
        response = save(reader, query="q=%ZZflood&&=&date_from=2024-13&topic=&page=abc&sort=sideways")
        assert response.status_code == 302
        assert Collection.objects.get().query == "q=%25ZZflood&date_from=2024-13&sort=sideways"

    def test_bad_article_and_collection_ids(self, reader, floods):
        save(reader)
        pk = Collection.objects.get().pk
        assert reader.post("/collections/add/", {"article": "abc", "collection": pk}).status_code == 404
        response = reader.post("/collections/add/", {"article": floods[0].pk, "collection": "x"})
        assert response.status_code == 302
        assert reader.post(f"/collections/{pk}/remove/", {"article": "9" * 30}).status_code == 302
        assert reader.get(f"/collections/{pk}/?page=banana").status_code == 200
        assert reader.get("/collections/save/")["Location"] == "/collections/"

    def test_a_change_reached_by_a_link_or_after_signing_in_again_leads_back_with_a_note(
        self, reader, floods
    ):
        # A reader whose session ran out posts "Save", signs in, and is sent back to the form's address
        # by GET: that was a blank "405" page.
        save(reader)
        pk = Collection.objects.get().pk
        signed_out = Client()
        response = signed_out.post("/collections/save/", {"name": "Floods", "query": "q=flood"})
        assert response.status_code == 302 and "next=/collections/save/" in response["Location"]
        page = reader.get("/collections/save/", follow=True)
        assert page.status_code == 200 and page.redirect_chain == [("/collections/", 302)]
        assert "Nothing was changed" in page.content.decode()
        for action in ("edit", "remove", "share", "delete"):
            page = reader.get(f"/collections/{pk}/{action}/", follow=True)
            assert page.redirect_chain == [(f"/collections/{pk}/", 302)] and page.status_code == 200
        assert Collection.objects.get().pk == pk  # nothing deleted

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        name=st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
        query=st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
        scope=st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
        notes=st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    )
    def test_any_save_or_edit_form_input_gives_a_page_never_a_500(
        self, reader, floods, name, query, scope, notes
    ):
        response = save(reader, name=name, query=query, scope=scope)
        assert response.status_code in (302, 400)
        if response.status_code == 302:
            page = reader.get(response["Location"])
            assert page.status_code == 200
            pk = response["Location"].rstrip("/").rsplit("/", 1)[1]
            edited = reader.post(f"/collections/{pk}/edit/", {"name": name, "notes": notes})
            assert edited.status_code in (302, 400)
            assert reader.get(f"/collections/{pk}/?format=json").status_code == 200
        else:
            assert "could not be saved" in response.content.decode()


@pytest.mark.parametrize("output", ["ris", "bibtex"])
def test_a_collection_exports_for_a_reference_manager(client, output):
    """Every article of the collection, in the formats the search page offers (the same writers)."""
    import bibtexparser
    import rispy

    owner = User.objects.create_user("rika", password="a long passphrase")
    client.force_login(owner)
    for title in ("Harbour strike ends", "Harbour strike begins"):
        make_article(title)
    collection = freeze(owner=owner, name="Harbour", query="q=harbour")
    response = client.get(collection.get_absolute_url(), {"format": output})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    if output == "ris":
        titles = [record["title"] for record in rispy.loads(text)]
    else:
        titles = [entry["title"] for entry in bibtexparser.parse_string(text).entries]
    assert sorted(titles) == ["Harbour strike begins", "Harbour strike ends"]
    assert response["Content-Disposition"].endswith(f'.{"ris" if output == "ris" else "bib"}"')
