"""Pages never trust stored values: rows written straight into the database, past every check an import
makes (by hand, by another tool, by an import older than its checks), still render everywhere.

Moments at the ends of the calendar (their local time is outside years 1 to 9999), slugs no URL can
carry, odd text. On PostgreSQL also values psycopg cannot read at all (year 10000, 'infinity', BC), which
an older import stored for "9999-12-31T23:59:59-05:00" and which took most of the site down.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from articles.local_time import local_iso, localtime
from articles.models import Article, ArticlePlace, ArticleTopic, Place, Source, Topic

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
LAST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
BAD_SLUGS = ["a b/c?d#e", "../../etc", ""]
ODD_TEXT = "Odd \u202e\ufeff text \U0001f600 <b>&amp;</b> \u00a0\u2028 end"
POSTGRES = connection.vendor == "postgresql"


def odd_article(n: int, **fields) -> Article:
    defaults = {
        "title": f"{ODD_TEXT} {n}",
        "title_key": "",
        "slug": BAD_SLUGS[n % len(BAD_SLUGS)],
        "body": f"Oddity {n}. {ODD_TEXT}",
        "external_id": f"odd:{n}",
        "fingerprint": f"odd{n}",
        "date_precision": "time",
    }
    return Article(**{**defaults, **fields})


@pytest.fixture
def odd_rows():
    """Sources, topics and places with slugs no URL can carry, and articles at the ends of time, written
    with bulk_create (no save(), no import) and raw SQL."""
    sources = Source.objects.bulk_create(
        Source(name=f"Odd source {n}", slug=slug) for n, slug in enumerate(BAD_SLUGS)
    )
    topics = Topic.objects.bulk_create(
        Topic(name=f"Odd topic {n}", slug=slug) for n, slug in enumerate(BAD_SLUGS)
    )
    places = Place.objects.bulk_create(
        Place(name=f"Odd place {n}", slug=slug) for n, slug in enumerate(BAD_SLUGS)
    )
    articles = Article.objects.bulk_create(
        [
            odd_article(
                0,
                published_at=FIRST,
                published_on=dt.date(1, 1, 1),
                source_updated_at=FIRST,
                source=sources[0],
            ),
            odd_article(
                1,
                published_at=LAST,
                published_on=dt.date(9999, 12, 31),
                source_updated_at=LAST,
                source=sources[1],
            ),
            odd_article(2, published_at=None, source=sources[2], date_precision=""),
            odd_article(3, published_at=FIRST, published_on=None, date_precision="month"),
            odd_article(4, published_at=LAST, published_on=dt.date(9999, 12, 31), date_precision="day"),
        ]
    )
    for article, topic, place in zip(articles, topics * 2, places * 2, strict=False):
        ArticleTopic.objects.create(article=article, topic=topic)
        ArticlePlace.objects.create(article=article, place=place)
    raw = articles[3]
    with connection.cursor() as cursor:
        # The ends of the calendar in raw SQL, as another tool would write them.
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET published_at = %s, source_updated_at = %s, slug = %s "
            "WHERE id = %s",
            [LAST, FIRST, "", raw.pk],
        )
        if POSTGRES:
            # What psycopg cannot read: the year 10000 (an older import's 9999-12-31T23:59:59-05:00),
            # infinity, BC. Read as the first or last moment Python knows.
            beyond = Article.objects.bulk_create(
                [odd_article(n, published_at=LAST, source=sources[0]) for n in (5, 6, 7)]
            )
            for article, moment, day in zip(
                beyond,
                ["10000-01-01 04:59:59+00", "infinity", "0044-03-15 12:00:00+00 BC"],
                ["10000-01-01", "infinity", "0044-03-15 BC"],
                strict=True,
            ):
                cursor.execute(
                    f"UPDATE {Article._meta.db_table} SET published_at = %s::timestamptz, "
                    "source_updated_at = %s::timestamptz, published_on = %s::date WHERE id = %s",
                    [moment, moment, day, article.pk],
                )
                ArticleTopic.objects.create(article=article, topic=topics[0])
    return {
        "sources": sources,
        "topics": topics,
        "places": places,
        "articles": Article.objects.order_by("pk"),
    }


PUBLIC_PAGES = [
    "/", "/articles/", "/articles/?page=2", "/archive/", "/archive/1/", "/archive/1/1/", "/archive/1/1/1/",
    "/archive/9999/", "/archive/9999/12/", "/archive/9999/12/31/", "/search/", "/search/?q=oddity",
    "/search/?format=json", "/search/?q=oddity&format=json", "/search/?format=csv",
    "/search/?q=oddity&format=csv", "/search/?sort=oldest", "/search/?sort=newest&q=oddity",
    "/search/feed/", "/search/feed/?q=oddity", "/topics/", "/places/", "/sources/", "/search/map/",
    "/search/map/?q=oddity",
]  # fmt: skip


def pages_of(rows) -> list[str]:
    """Every public page, the pages of each odd row, and the admin's article pages."""
    urls = list(PUBLIC_PAGES)
    for kind in ("sources", "topics", "places"):
        for obj in rows[kind]:
            urls += [
                obj.get_absolute_url(),
                obj.get_absolute_url() + "feed/",
                obj.get_absolute_url() + "?q=oddity",
            ]
    for article in rows["articles"]:
        urls += [
            article.get_absolute_url(),
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:articles_article_delete", args=[article.pk]),
        ]
    changelist = reverse("admin:articles_article_changelist")
    return [
        *urls,
        changelist,
        changelist + "?q=odd",
        changelist + "?o=2",
        changelist + "?published_on__year=1",
    ]


def status(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a CSV export fails, if it does, as it streams
    return response.status_code


def test_every_page_renders_rows_written_past_the_import(admin_client, odd_rows):
    failures = {url: status(admin_client, url) for url in pages_of(odd_rows)}
    assert {url: status for url, status in failures.items() if status != 200} == {}


def test_a_slug_no_url_can_carry_is_linked_by_id(client, odd_rows):
    topic = odd_rows["topics"][1]  # "../../etc"
    assert topic.get_absolute_url() == f"/topics/id/{topic.pk}/"
    assert f'href="/topics/id/{topic.pk}/"' in client.get("/topics/").content.decode()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Odd topic 1" in page and f"/topics/id/{topic.pk}/feed/" in page
    assert client.get(f"/topics/id/{topic.pk}/feed/").content.decode().count("<entry>") >= 1
    source = odd_rows["sources"][2]  # ""
    assert client.get(f"/sources/id/{source.pk}/").status_code == 200
    assert client.get("/topics/id/999999/").status_code == 404


def test_an_article_slug_no_url_can_carry_is_made_one(client, odd_rows):
    article = odd_rows["articles"].get(external_id="odd:1")  # "../../etc"
    assert article.get_absolute_url() == f"/articles/{article.pk}/etc/"
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(f"/articles/{article.pk}/other/").url == article.get_absolute_url()
    untitled = odd_rows["articles"].filter(slug="").first()  # made from the title
    assert (
        untitled.get_absolute_url()
        == f"/articles/{untitled.pk}/odd-text-bampb-end-{untitled.external_id[4:]}/"
    )
    assert client.get(untitled.get_absolute_url()).status_code == 200


def test_moments_at_the_ends_of_the_calendar_are_shown_as_they_are(client, odd_rows):
    first = odd_rows["articles"].get(external_id="odd:0")
    page = client.get(first.get_absolute_url()).content.decode()
    # No local time in Toronto (it would be in the year 0): shown in UTC.
    assert 'datetime="0001-01-01T00:00:00+00:00"' in page and "1 January 0001" in page
    last = odd_rows["articles"].get(external_id="odd:1")
    assert 'datetime="9999-12-31T18:59:59-05:00"' in client.get(last.get_absolute_url()).content.decode()
    exported = client.get("/search/?q=oddity&sort=oldest&format=json").json()
    assert exported["results"][0]["published_at"] == "0001-01-01T00:00:00+00:00"


@pytest.mark.skipif(not POSTGRES, reason="values beyond Python's calendar are PostgreSQL's")
def test_postgres_values_beyond_pythons_calendar_read_as_its_ends(odd_rows):
    moments = dict(
        Article.objects.filter(external_id__in=["odd:5", "odd:6", "odd:7"]).values_list(
            "external_id", "published_at"
        )
    )
    assert moments == {
        "odd:5": LAST,
        "odd:6": LAST,
        "odd:7": FIRST,
    }
    days = Article.objects.filter(external_id__in=["odd:5", "odd:7"]).order_by("external_id")
    assert list(days.values_list("published_on", flat=True)) == [dt.date.max, dt.date.min]


def test_the_archive_has_a_page_for_every_year_it_holds(client, odd_rows):
    archive = client.get("/archive/").content.decode()
    assert 'href="/archive/1/"' in archive and 'href="/archive/9999/"' in archive
    assert client.get("/archive/1/").context["paginator"].count >= 1
    last_day = client.get("/archive/9999/12/31/")
    assert last_day.status_code == 200 and last_day.context["next_day"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/archive/0/",
        "/archive/10000/",
        "/archive/2024/13/",
        "/archive/2024/2/30/",
        "/archive/99999999999999999999/",
    ],
)
def test_impossible_dates_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_last_day_of_the_calendar_is_not_found_on_an_empty_archive(client):
    assert client.get("/archive/9999/12/31/").status_code == 404


def test_the_local_time_of_any_moment():
    assert localtime(FIRST) == FIRST
    assert localtime(LAST).isoformat() == "9999-12-31T18:59:59-05:00"
    assert local_iso(None) == "" and local_iso(dt.date(1, 1, 1)) == "0001-01-01"
