"""How a search's newest matches are read (articles/selectors/newest.py): from the date index when the
database knows its words are common, else from the index of words, fenced; the page is the same either
way. A few dozen articles with their statistics (ANALYZE) stand for a million; the windows are small.
"""

import math

import pytest
from django.db import connection

from articles import fulltext
from articles.models import Article
from articles.selectors import newest, search_page
from articles.tests.factories import local, make_article, make_topic

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")


@pytest.fixture(autouse=True)
def _small(settings, monkeypatch):
    settings.SEARCH_CACHE_SECONDS = 0  # the same search is asked under different plans
    monkeypatch.setattr(search_page, "RANK_WINDOW", 10)


def _archive(count=60, *, every=2, old_only=False, topic=None):
    """`count` articles an hour apart, newest last; every `every`-th about the harbour (with
    `old_only`, only in the older half)."""
    for n in range(count):
        about = n % every == 0 and not (old_only and n >= count // 2)
        make_article(
            title=f"Story {n}" + (" harbour" if about and n % 3 == 0 else ""),
            body=("The harbour was busy. Ships came in. " if about else "The market was quiet. ")
            + f"Item {n}.",
            published_at=local(2020, 1, 1 + n // 24, hour=n % 24),
            topics=[topic] if topic else [],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Article._meta.db_table}")


def _share(text):
    return fulltext.known_share(Article.objects.all(), fulltext.read_query(text))


def test_known_shares_come_from_the_statistics_of_common_words():
    _archive(60, every=2)
    if connection.vendor != "postgresql":
        assert _share("harbour") is None  # SQLite keeps no statistics of words
        return
    assert _share("harbour") == pytest.approx(0.5, abs=0.02)
    assert _share("harbour ships") == pytest.approx(0.25, abs=0.02)  # taken as independent
    # Not known: a phrase (its share is not its words'), OR, exclusions, a word never seen.
    for text in ('"harbour was"', "harbour OR market", "harbour -market", "harbour zebra", ""):
        assert _share(text) is None, text


def _walks(monkeypatch) -> list:
    walked = []
    walk = newest._walk_newest
    monkeypatch.setattr(newest, "_walk_newest", lambda *args: walked.append(walk(*args)) or walked[-1])
    return walked


def _results(client, url):
    data = client.get(url).json()
    return data["count"], data["best_match_among_newest"], [result["title"] for result in data["results"]]


@pytest.mark.parametrize("old_only", [False, True])
def test_a_common_word_gives_the_same_page_read_newest_first_or_not(old_only, client, monkeypatch):
    """Read newest first within the bound, or (too few there: the word is common in older articles only)
    from the index of words: the same page as the plain plan."""
    monkeypatch.setattr(search_page, "RANK_WINDOW", 4)  # the bound: the newest 4 / share × 2 articles
    _archive(80, every=2, old_only=old_only)
    walked = _walks(monkeypatch)
    url = "/search/?q=harbour&format=json"
    read = _results(client, url)
    monkeypatch.setattr(newest, "WALK_FROM_SHARE", 2.0)  # never walk
    assert _results(client, url) == read
    count, window, titles = read
    assert count == (20 if old_only else 40) and window == 4 and len(titles) == 4
    if connection.vendor == "postgresql":
        found = walked[0]
        assert (found is None) if old_only else (len(found) == 4)  # too few among the newest: not walked
    else:
        assert walked == []


def test_filters_beside_the_words_are_not_walked(client, monkeypatch):
    economy = make_topic("Economy")
    _archive(40, every=2, topic=economy)
    walked = _walks(monkeypatch)
    read = _results(client, "/search/?q=harbour&topic=economy&format=json")
    assert walked == [] and read[0] == 20 and len(read[2]) == 10


@postgres_only
def test_the_word_index_path_is_fenced_from_the_date_index():
    """With sorting made dear, the planner reads an ordered index if it may: the plain query walks the
    date index (what made a phrase guessed common read 902,000 rows), the fenced one cannot."""
    _archive(60, every=2)
    matches = fulltext.search(Article.objects.all(), fulltext.read_query('"harbour was"'))

    def plan(ids) -> str:
        sql, params = Article.objects.filter(pk__in=ids).values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    assert "article_newest" in plan(matches.newest_first().values("pk")[:10])
    assert "article_newest" not in plan(newest._from_word_index(matches, 10))


@postgres_only
def test_a_common_word_is_read_from_the_date_index_within_the_bound():
    _archive(60, every=2)
    statements = []
    with connection.execute_wrapper(lambda run, sql, *rest: statements.append(sql) or run(sql, *rest)):
        found = newest._walk_newest(fulltext.search(Article.objects.all(), "harbour"), "harbour", 10)
    assert len(found) == 10
    newest_first = list(
        fulltext.search(Article.objects.all(), "harbour").newest_first().values_list("pk", flat=True)[:10]
    )
    assert found == newest_first
    # The bound: the last of the newest 10 / share × WALK_SAFETY articles (30 here), read first.
    rows = math.ceil(10 / _share("harbour") * newest.WALK_SAFETY)
    assert rows < 60 and f"OFFSET {rows - 1}" in statements[1]


@postgres_only
def test_the_walked_newest_ids_are_one_parameter(client, monkeypatch):
    """The walk's ids go to the ranking query as one array: a list made one placeholder per id (5,000,
    about 150 ms of Python a broad word's page, issue 16 stop 26). The page is the one the index of words
    gives."""
    monkeypatch.setattr(search_page, "RANK_WINDOW", 30)  # more than a page: the page's own ids are a list
    _archive(120, every=2)
    walked = _walks(monkeypatch)
    statements = []

    def capture(run, sql, params, *rest):
        statements.append((sql, params))
        return run(sql, params, *rest)

    url = "/search/?q=harbour&format=json"
    with connection.execute_wrapper(capture):
        read = _results(client, url)
    assert len(walked[0]) == 30 and read[1] == 30
    ids = set(walked[0])
    assert not any(ids <= {p for p in params or () if isinstance(p, int)} for _, params in statements)
    assert any("unnest(" in sql for sql, _ in statements)
    monkeypatch.setattr(newest, "WALK_FROM_SHARE", 2.0)  # never walk
    assert _results(client, url) == read
