"""Bad input already in the database: any values the models allow, in an article, its source, topic,
place and story, render on every page that shows them, never a 500 (docs/benchmarks.md, "Bad input:
stop 28"). test_stored_values.py pins the ends of the calendar and slugs no URL can carry, one row each;
here hypothesis draws the rows: empty and full-length text, any unicode a database stores (no NUL, no lone
surrogate: neither engine keeps those), dates at the limits or none, odd JSON in the fields kept as JSON,
a place that is its own parent, a story of one article or of none, an article whose source was deleted.
"""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    Collection,
    Place,
    RelatedLink,
    Source,
    Story,
    Topic,
)
from articles.tests.test_bad_input_urls import EVERY_PAGE, assert_answered

pytestmark = pytest.mark.django_db

STORED = st.characters(exclude_characters="\x00", exclude_categories=["Cs"])


def text(max_size: int, min_size: int = 0):
    return st.one_of(
        st.text(STORED, min_size=min_size, max_size=min(max_size, 40)),
        st.sampled_from(
            ["", " ", "<b>&amp;</b>", "\u202e\ufeff", "١٢٣", "\u2028\u2029", "{{ x }}", "%s"]
        ).filter(lambda v: len(v) >= min_size),
        st.just("W" * max_size),
    )


MOMENT = st.one_of(
    st.none(),
    st.sampled_from(
        [
            dt.datetime(1, 1, 1, tzinfo=dt.UTC),
            dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
            dt.datetime(2024, 2, 29, 23, 59, tzinfo=dt.UTC),
        ]
    ),
    st.datetimes(
        min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)
    ),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(STORED, max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(STORED, max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
ROW = st.fixed_dictionaries(
    {
        "title": text(500),
        "slug": text(200),
        "lede": text(300),
        "body": text(2000),
        "byline": text(300),
        "dateline": text(200),
        "photo_caption": text(200),
        "language": text(20),
        "url": st.sampled_from(["", "https://example.org/a?b=c&d=<e>", "javascript:alert(1)", "not a url"]),
        "kind": st.sampled_from([choice for choice, _ in Article.Kind.choices]),
        "date_precision": st.sampled_from(["", *(choice for choice, _ in Article.DatePrecision.choices)]),
        "published_at": MOMENT,
        "source_updated_at": MOMENT,
        # A top-level None is SQL NULL, which these columns refuse; JSON's null inside is kept.
        "links": JSON.filter(lambda v: v is not None),
        "extra": JSON.filter(lambda v: v is not None),
        "import_warnings": JSON.filter(lambda v: v is not None),
    }
)
TAGS = st.fixed_dictionaries(
    {
        "name": text(200, min_size=0),
        "slug": st.one_of(st.sampled_from(["", "id", "a b", "x" * 200]), st.text(STORED, max_size=20)),
        "place_parent": st.sampled_from(["none", "itself", "a chain"]),
        "story": st.sampled_from(["none", "one article", "empty", "its only article is a copy"]),
        "source": st.sampled_from(["none", "kept", "deleted"]),
        "headline": text(500),
    }
)


def rows(row: dict, tags: dict, n: int) -> Article:
    """One article with the drawn values, tagged, in a story and a collection, with a related link."""
    source = Source.objects.create(name=f"{tags['name']} {n}"[:200], slug=f"{tags['slug']}{n}"[:200])
    article = Article.objects.create(**row, source=source, external_id=f"rows:{n}")
    if tags["source"] == "deleted":
        source.delete()
    elif tags["source"] == "none":
        Article.objects.filter(pk=article.pk).update(source=None)
    topic = Topic.objects.create(name=tags["name"], slug=f"{tags['slug']}-{n}"[:200])
    place = Place.objects.create(name=tags["name"], slug=f"{tags['slug']}_{n}"[:200])
    if tags["place_parent"] == "itself":
        Place.objects.filter(pk=place.pk).update(parent=place)
    elif tags["place_parent"] == "a chain":
        top = Place.objects.create(name=f"Top {n}", slug=f"top-{n}", parent=place)
        Place.objects.filter(pk=place.pk).update(parent=top)  # a cycle of two
    ArticleTopic.objects.create(article=article, topic=topic, evidence=tags["headline"])
    ArticlePlace.objects.create(article=article, place=place, role="about", evidence=tags["headline"])
    if tags["story"] != "none":
        story = Story.objects.create(key=f"rows-{n}", headline=tags["headline"], article_count=1)
        if tags["story"] != "empty":
            role = "copy" if tags["story"] == "its only article is a copy" else "first"
            Article.objects.filter(pk=article.pk).update(story=story, story_role=role)
    RelatedLink.objects.create(
        article=article, title=tags["headline"], section=tags["name"][:200], position=0
    )
    return article


def pages(article: Article) -> list[str]:
    article.refresh_from_db()
    urls = [
        "/", "/articles/", article.get_absolute_url(), "/archive/", "/search/", "/search/?sort=oldest",
        "/search/?format=json", "/search/?format=csv", "/search/?format=ris", "/search/?format=bibtex",
        "/search/feed/", "/search/map/", "/search/values/topic/", "/search/values/place/",
        "/search/values/source/", "/topics/", "/places/", "/places/?places=all", "/sources/", "/collections/",
    ]  # fmt: skip
    if article.published_on:
        day = article.published_on
        urls += [f"/archive/{day.year}/", f"/archive/{day.year}/{day.month}/", f"/archive/{day:%Y/%m/%d}/"]
    for tag in [*article.topics.all(), *article.places.all(), *Place.objects.filter(slug__startswith="top-")]:
        urls += [tag.get_absolute_url(), tag.get_absolute_url().rstrip("/") + "/feed/"]
    urls += [place.get_absolute_url() + "within/" for place in article.places.all()]
    urls += [story.get_absolute_url() for story in Story.objects.all()]
    urls += [source.get_absolute_url() for source in Source.objects.all()]
    for model, pk in [
        ("article", article.pk),
        *(("place", place.pk) for place in Place.objects.filter(articles=article)),
        *(("topic", topic.pk) for topic in article.topics.all()),
        *(("story", story.pk) for story in Story.objects.all()),
        *(("source", source.pk) for source in Source.objects.all()),
    ]:
        urls += [
            f"/admin/articles/{model}/",
            f"/admin/articles/{model}/{pk}/change/",
            f"/admin/articles/{model}/?q=W",
        ]
    collection = Collection.objects.first()
    return [*urls, collection.get_absolute_url()]


# The article's change page was a 500 on import_warnings that were not a list (fixed in admin.py).
@example(
    row={
        **dict.fromkeys(
            ["title", "slug", "lede", "body", "byline", "dateline", "photo_caption", "language", "url"], ""
        ),
        **{"kind": "article", "date_precision": "", "published_at": None, "source_updated_at": None},
        **{"links": {}, "extra": 0, "import_warnings": 4864},
    },
    tags={"name": "", "slug": "", "place_parent": "none", "story": "none", "source": "none", "headline": ""},
    picks=EVERY_PAGE,
)
# The CSV and JSON Lines exports were a 500 on a day- or month-precise date whose local day is before
# year 1 (fixed in exporting.published_text).
@example(
    row={
        **dict.fromkeys(
            ["title", "slug", "lede", "body", "byline", "dateline", "photo_caption", "language", "url"], ""
        ),
        **{"kind": "article", "date_precision": "month", "source_updated_at": None},
        **{
            "published_at": dt.datetime(1, 1, 1, tzinfo=dt.UTC),
            "links": [],
            "extra": {},
            "import_warnings": [],
        },
    },
    tags={
        "name": "",
        "slug": "",
        "place_parent": "none",
        "story": "one article",
        "source": "kept",
        "headline": "",
    },
    picks=EVERY_PAGE,
)
# The feeds were a 500 on an update at 9999-12-31 23:59:59.999999 (fixed in feeds.AddedAtomFeed).
@example(
    row={
        **dict.fromkeys(
            ["title", "slug", "lede", "body", "byline", "dateline", "photo_caption", "language", "url"], ""
        ),
        **{"kind": "article", "date_precision": "", "published_at": dt.datetime(1, 1, 1, tzinfo=dt.UTC)},
        **{"source_updated_at": dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)},
        **{"links": [], "extra": [], "import_warnings": []},
    },
    tags={"name": "", "slug": "", "place_parent": "none", "story": "none", "source": "none", "headline": ""},
    picks=EVERY_PAGE,
)
# The slowest of the four modules (36 s on SQLite, 46 s on PostgreSQL at load 6.5): CI runs it in its
# PostgreSQL run only (conftest.py); none of what it found depended on the engine.
@pytest.mark.postgresql_in_ci
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=ROW, tags=TAGS, picks=st.lists(st.integers(0, 199), min_size=8, max_size=8))
@example(
    row={
        **dict.fromkeys(
            ["title", "slug", "lede", "body", "byline", "dateline", "photo_caption", "language", "url"], ""
        ),
        **{"kind": "article", "date_precision": "", "published_at": None, "source_updated_at": None},
        **{"links": {"": None}, "extra": [], "import_warnings": "x"},
    },
    tags={
        "name": "",
        "slug": "",
        "place_parent": "itself",
        "story": "empty",
        "source": "deleted",
        "headline": "",
    },
    picks=EVERY_PAGE,
)
def test_any_stored_values_render_on_every_page(admin_client, admin_user, row, tags, picks):
    with transaction.atomic():
        article = rows(row, tags, 1)
        collection = Collection.objects.create(owner=admin_user, name=tags["name"][:200] or "x")
        collection.add(article)
        every = pages(article)
        # Eight of the ~50 pages an example (all of them took 6 s an example); the explicit examples, all.
        for url in every if picks == EVERY_PAGE else sorted({every[pick % len(every)] for pick in picks}):
            response = admin_client.get(url)
            assert_answered(response, url)
            # Only an empty period of the date archive is a 404 (an article of another kind is not listed).
            assert response.status_code == 200 or url.startswith("/archive/"), (url, response.status_code)
        transaction.set_rollback(True)
