"""Searches that match much of the archive: the number of matches estimated from blocks of ids, and best
match picked among the newest matches (facets.BROAD_ABOVE, selectors.search_page.RANK_WINDOW).

The thresholds are made small here, and the database's guess (search.estimate_count) large, so that a
few dozen articles stand for a million.
"""

import pytest
from django.db import connection

from articles import facets, fulltext, second_connection
from articles.models import Article
from articles.selectors import search_page
from articles.tests.factories import local, make_article, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    """These tests change thresholds, or SEARCH_ALONGSIDE, between identical searches: each is searched."""
    settings.SEARCH_CACHE_SECONDS = 0


@pytest.fixture
def broad(monkeypatch):
    monkeypatch.setattr(facets, "BROAD_ABOVE", 10)
    monkeypatch.setattr(facets, "SAMPLE_IDS", 20)
    monkeypatch.setattr(facets, "SAMPLE_BLOCKS", 4)
    monkeypatch.setattr(fulltext, "estimate_count", lambda queryset: 1_000_000)


def _archive(count=60, *, every=1, topic=None):
    """`count` articles a day apart, every `every`-th about the harbour."""
    for n in range(count):
        about = n % every == 0
        make_article(
            title=f"Story {n}",
            body=("The harbour was busy. " if about else "The market was quiet. ") + f"Item {n}.",
            published_at=local(2020, 1, 1 + n % 28, hour=n % 24),
            topics=[topic] if topic else [],
        )


def test_a_broad_search_says_about_how_many_and_counts_facets_from_the_sample(broad, client):
    economy = make_topic("Economy")
    _archive(60, every=2, topic=economy)
    page = client.get("/search/?q=harbour").content.decode()
    assert "About 30 matches" in page  # 10 matches in 20 sampled ids of 60, scaled
    data = client.get("/search/?q=harbour&format=json").json()
    assert data["count"] == 30 and data["count_is_estimate"] is True
    topics = {item["slug"]: item["count"] for item in data["facets"]["topic"]}
    assert topics["economy"] == 30
    assert sum(bar["count"] for bar in data["facets"]["timeline"]["bars"]) == 30


def test_a_guess_too_high_is_corrected_by_an_exact_count(broad, client):
    _archive(60, every=20)  # 3 matches: the sample finds 1, so about 3, not above BROAD_ABOVE
    page = client.get("/search/?q=harbour").content.decode()
    assert "3 matches" in page and "About 3" not in page
    assert client.get("/search/?q=harbour&format=json").json()["count_is_estimate"] is False


def test_best_match_is_picked_among_the_newest_when_too_many_match(broad, monkeypatch, client):
    make_article(title="Harbour harbour harbour", body="Harbour news.", published_at=local(2001, 1, 1))
    _archive(40)
    monkeypatch.setattr(search_page, "RANK_WINDOW", 10)
    data = client.get("/search/?q=harbour&format=json").json()
    assert data["best_match_among_newest"] == 10
    titles = [result["title"] for result in data["results"]]
    assert len(titles) == 10 and "Harbour harbour harbour" not in titles
    assert data["num_pages"] == 1
    page = client.get("/search/?q=harbour").content.decode()
    assert "picked from the newest 10 of them" in page and "sort=newest" in page
    # Newest first still pages through every match.
    newest = client.get("/search/?q=harbour&sort=newest&format=json").json()
    assert newest["num_pages"] == 3 and newest["best_match_among_newest"] is None
    # With a window larger than the matches, the best match over all of them comes first.
    monkeypatch.setattr(search_page, "RANK_WINDOW", 1000)
    data = client.get("/search/?q=harbour&format=json").json()
    assert data["results"][0]["title"] == "Harbour harbour harbour"
    assert data["best_match_among_newest"] is None


def test_small_archives_are_always_counted_exactly(broad, client):
    _archive(30)  # fewer ids than twice the sample: blocks would save nothing
    data = client.get("/search/?q=harbour&format=json").json()
    assert data["count"] == 30 and data["count_is_estimate"] is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's guess is PostgreSQL's")
def test_postgresql_guesses_from_its_statistics():
    _archive(50, every=5)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")
    assert fulltext.estimate_count(Article.objects.all()) == 50
    guess = fulltext.estimate_count(fulltext.search(Article.objects.all(), "harbour"))
    assert 1 <= guess <= 50


def test_sqlite_makes_no_guess():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert fulltext.estimate_count(Article.objects.all()) is None


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL only")


def _page(client, url):
    data = client.get(url).json()
    titles = [result["title"] for result in data["results"]]
    return data["count"], data["count_is_estimate"], titles, data["facets"], data["page"], data["problems"]


@pg_only
@pytest.mark.django_db(transaction=True)
def test_counts_side_by_side_give_the_same_page(client, settings, monkeypatch):
    started = []
    submit = second_connection.submit
    monkeypatch.setattr(second_connection, "submit", lambda work: started.append(1) or submit(work))
    monkeypatch.setattr(search_page, "SECOND_CONNECTION_ABOVE", 0)
    economy = make_topic("Economy")
    _archive(45, every=2, topic=economy)
    make_article(title="Harbour harbour", body="The harbour again.", published_at=local(2019, 5, 5))
    urls = ["/search/?q=harbour&format=json", "/search/?q=harbour&sort=oldest&format=json",
            "/search/?topic=economy&format=json", "/search/?q=harbour&page=2&format=json",
            "/search/?q=harbour&page=9&format=json", "/search/?q=harbour&page=x&format=json",
            "/search/?q=harbour&page=\u00b2&format=json"]  # fmt: skip
    settings.SEARCH_ALONGSIDE = False
    one_by_one = [_page(client, url) for url in urls]
    settings.SEARCH_ALONGSIDE = True
    side_by_side = [_page(client, url) for url in urls]
    assert side_by_side == one_by_one
    assert len(started) == 5  # not for "page=x", which is no page number
    assert side_by_side[3][4] == side_by_side[4][4] == 2 and len(side_by_side[3][2]) == 4  # the last page
    assert "only 2 pages" in side_by_side[4][5][0]
    # A search expected to match few articles is quicker on one connection.
    monkeypatch.setattr(search_page, "SECOND_CONNECTION_ABOVE", 1_000)
    assert _page(client, urls[0]) == one_by_one[0] and len(started) == 5
    assert side_by_side[0][2][0] == "Harbour harbour" and side_by_side[0][0] == 24


@pg_only
@pytest.mark.django_db(transaction=True)
def test_side_by_side_broad_search_refetches_when_the_guess_was_wrong(broad, monkeypatch, client):
    monkeypatch.setattr(search_page, "RANK_WINDOW", 10)
    make_article(title="Harbour harbour harbour", body="Harbour news.", published_at=local(2001, 1, 1))
    _archive(40)
    count, estimated, titles, *_ = _page(client, "/search/?q=harbour&format=json")
    assert estimated and len(titles) == 10 and "Harbour harbour harbour" not in titles
    # The planner expected many, the blocks found few: counted exactly, and (fewer than the window)
    # ranked over all of them.
    monkeypatch.setattr(facets, "BROAD_ABOVE", 100)
    monkeypatch.setattr(search_page, "RANK_WINDOW", 100)
    count, estimated, titles, *_ = _page(client, "/search/?q=harbour&format=json")
    assert not estimated and count == 41 and titles[0] == "Harbour harbour harbour"


@pg_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("guess", [3, 1_000_000])
def test_side_by_side_best_match_is_right_whatever_the_planner_guessed(guess, monkeypatch, client, settings):
    """A word outside ANALYZE's most common lexemes is guessed at a fixed share of the archive, whatever
    its own: the page of best matches is the one counted one by one whether the guess is too low or too
    high, and it is fetched once."""
    monkeypatch.setattr(fulltext, "estimate_count", lambda queryset: guess)
    monkeypatch.setattr(search_page, "SECOND_CONNECTION_ABOVE", 0)
    make_article(title="Harbour harbour harbour", body="Harbour news.", published_at=local(2001, 1, 1))
    _archive(40)
    fetched = []
    page_rows = search_page._page_rows
    monkeypatch.setattr(search_page, "_page_rows", lambda *args: fetched.append(1) or page_rows(*args))
    for window, oldest_found in ((10, False), (100, True)):
        monkeypatch.setattr(search_page, "RANK_WINDOW", window)
        settings.SEARCH_ALONGSIDE = False
        one_by_one = _page(client, "/search/?q=harbour&format=json")
        settings.SEARCH_ALONGSIDE = True
        fetched.clear()
        side_by_side = _page(client, "/search/?q=harbour&format=json")
        assert side_by_side == one_by_one
        assert (side_by_side[2][0] == "Harbour harbour harbour") is oldest_found
        assert len(fetched) == 1
