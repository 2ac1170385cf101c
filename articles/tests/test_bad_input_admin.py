"""Bad input in the admin's URLs: any query string on every change list (its search, filters, date
drill-down, ordering and page), any object id in a change, history or delete address, and any id or
token in the import pages' own addresses is a page, a redirect or a 404, never a server error
(docs/benchmarks.md, "Bad input: stop 28"). Uploads are tested in test_admin_import_parts.py and
test_bad_input.py; rows with odd values in test_bad_input_rows.py.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import ImportBatch, Story
from articles.tests.factories import local, make_article, make_place, make_source, make_topic
from articles.tests.test_bad_input_urls import VALUE, assert_answered

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

MODELS = ["article", "source", "topic", "place", "importbatch", "importitem", "story"]

# What a change list reads: its own parameters, each model's filters and date drill-down (admin.py,
# admin_stories.py), and lookups a hand-edited address may add.
NAMES = [
    "q", "o", "p", "e", "all", "_popup", "_to_field", "_changelist_filters",
    "kind", "kind__exact", "status", "status__exact", "via__exact", "format__exact", "tag_origin",
    "story_role", "source__id__exact", "topics__id__exact", "places__id__exact", "duplicate_of__isnull",
    "published_on__year", "published_on__month", "published_on__day", "started_at__year",
    "started_at__month", "started_at__day", "first_published_at__year", "first_published_at__month",
    "first_published_at__day", "id__in", "pk", "title__regex", "password",
]  # fmt: skip
NAME = st.one_of(st.sampled_from(NAMES), st.text(max_size=8).map(lambda v: quote(v, safe="")))
QUERY = st.lists(st.tuples(NAME, VALUE), max_size=5).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@pytest.fixture
def archive():
    source = make_source("Harbour Gazette")
    article = make_article(
        "Ferries return", source=source, topics=[make_topic("Shipping")], places=[make_place("Port Smith")]
    )
    story = Story.objects.create(key="ferries", headline=article.title, article_count=1)
    story.articles.add(article)
    batch = ImportBatch.objects.create(status=ImportBatch.Status.FINISHED, started_at=local(2024, 1, 3))
    return {"article": article, "batch": batch}


@settings(FUZZ)
@given(query=QUERY, model=st.sampled_from(MODELS))
@example(query="q=%00", model="article")
@example(query="q=%00", model="place")
@example(query="published_on__year=9999&published_on__month=12&published_on__day=31", model="article")
@example(query="published_on__year=9999", model="article")
@example(query="started_at__year=0&started_at__month=0", model="importbatch")
@example(query="first_published_at__year=99999999999999999999", model="story")
@example(query="first_published_at__year=9999&first_published_at__month=12", model="story")
@example(query="started_at__year=9999&started_at__month=12&started_at__day=31", model="importbatch")
@example(query="o=%FF&p=-1&tag_origin=%00&story_role=x", model="article")
def test_any_query_string_on_a_change_list_is_answered(admin_client, archive, query, model):
    url = f"/admin/articles/{model}/"
    assert_answered(admin_client.get(f"{url}?{query}"), url)


SEGMENT = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.text(min_size=1, max_size=20).map(lambda v: quote(v, safe="")),
    st.binary(min_size=1, max_size=8).map(lambda b: "".join(f"%{x:02X}" for x in b)),
)


@settings(FUZZ)
@given(segment=SEGMENT, model=st.sampled_from(MODELS))
@example(segment="%00", model="article")
@example(segment="99999999999999999999", model="place")
@example(segment="-1", model="importbatch")
def test_any_object_id_in_an_admin_address_is_answered(admin_client, archive, segment, model):
    for shape in [
        "/admin/articles/{m}/{s}/change/",
        "/admin/articles/{m}/{s}/history/",
        "/admin/articles/{m}/{s}/delete/",
        "/admin/articles/{m}/{s}/",
        "/admin/articles/importbatch/{s}/progress/",
        "/admin/articles/importbatch/{s}/progress.json",
        "/admin/articles/importbatch/{s}/undo/",
        "/admin/articles/article/import/{s}/",
        "/admin/articles/article/import/{s}/status.json",
    ]:
        url = shape.format(m=model, s=segment)
        assert_answered(admin_client.get(url), url)


def test_an_odd_date_drill_down_explains_itself(admin_client, archive):
    """Django's change list sends an impossible filter to `?e=1`, which says so."""
    response = admin_client.get("/admin/articles/article/?published_on__year=2024&published_on__month=13")
    assert response.status_code == 302 and response.url.endswith("?e=1")


@pytest.mark.parametrize(
    "drill",
    [
        "year=9999",
        "year=9999&published_on__month=12",
        "year=9999&published_on__month=12&published_on__day=31",
    ],
)
def test_the_calendars_last_period_lists_its_articles(admin_client, drill):
    """9999's year, December and last day were a 500 (Django asks for the period after it)."""
    make_article("The last day", published_at=local(9999, 12, 31, 12))
    make_article(
        "An earlier day", published_at=local(9999, 1, 2, 12) if "month" not in drill else local(2024, 1, 3)
    )
    response = admin_client.get(f"/admin/articles/article/?published_on__{drill}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The last day" in page and ("month" in drill or "An earlier day" in page)
