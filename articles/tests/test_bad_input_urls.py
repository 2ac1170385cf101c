"""Bad input in a URL: any path segment and any query string, on every public page, is a page or a 404
with a message, never a server error (docs/benchmarks.md, "Bad input: stop 28").

Django's test client raises what the view raised, so a 500 fails here with its traceback. The query
strings are built raw, as a browser or a bot may send them: percent-encoded bytes that are not UTF-8
(a lone surrogate's, a NUL's), `%` not followed by hex digits, a parameter repeated, a name no page
reads; the values include unicode digits, huge and negative numbers and impossible dates.
"""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import Collection, Story
from articles.tests.factories import local, make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Every parameter a public page reads (forms.py, filters.py, selectors/, views/, feeds.py, exporting.py).
NAMES = [
    "q", "date_from", "date_to", "topic", "place", "source", "sort", "page", "format", "duplicates",
    "per_page", "group", "places", "kind", "language", "name", "next",
]  # fmt: skip
EDGE_VALUES = [
    "", " ", "0", "-1", "-0", "1e9", "99999999999999999999999", "٣", "１２", "²", "0000-00-00", "2024-02-30",
    "9999-12-31", "0001-01-01", "10000-01-01", "2024-13-01", "-2024-01-01", "all", "json", "csv", "ris",
    "bibtex", "story", "none", "\x00", "a\x00b", "x" * 5000, "%", "'; --", "<script>",
]  # fmt: skip


def _encoded_bytes(data: bytes) -> str:
    return "".join(f"%{byte:02X}" for byte in data)


# A value as it stands in a query string: quoted text, raw bytes (not always UTF-8), a lone surrogate
# as CESU bytes, or percent signs that decode to nothing.
VALUE = st.one_of(
    st.sampled_from(EDGE_VALUES).map(lambda v: quote(v, safe="")),
    st.text(max_size=40).map(lambda v: quote(v, safe="")),
    st.binary(max_size=12).map(_encoded_bytes),
    st.characters(categories=["Cs"]).map(lambda c: _encoded_bytes(c.encode("utf-8", "surrogatepass"))),
    st.sampled_from(["%", "%Z", "%ZZ", "%%", "%0", "%C0%AF", "%FF%FE", "%ED%A0%80", "+", "&&", "=="]),
)
NAME = st.one_of(st.sampled_from(NAMES), st.text(max_size=8).map(lambda v: quote(v, safe="")))
QUERY = st.lists(st.tuples(NAME, VALUE), max_size=6).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@pytest.fixture
def archive(django_user_model):
    """One of each thing a page shows: an article tagged with a topic, a place within a place and a
    source, in a story with another, and a reader's collection of it."""
    source = make_source("Harbour Gazette")
    country = make_place("Freedonia", kind="country")
    town = make_place("Port Smith", parent=country, kind="city")
    topic = make_topic("Shipping")
    first = make_article("Ferries return", source=source, topics=[topic], places=[town])
    second = make_article("Ferries return again", source=source, published_at=local(2024, 2, 29, 23, 59))
    story = Story.objects.create(key="ferries", headline=second.title, article_count=2)
    story.articles.add(first, second)
    reader = django_user_model.objects.create_user("reader", password="pw")
    collection = Collection.objects.create(owner=reader, name="Ferries", share_token="tok-en_1")
    collection.add(first)
    return {
        "article": first, "story": story, "topic": topic, "place": town, "source": source,
        "collection": collection, "reader": reader,
    }  # fmt: skip


def pages(a) -> list[str]:
    """Every public page of the archive fixture (articles/urls.py and newsarchive/urls.py)."""
    return [
        "/", "/articles/", a["article"].get_absolute_url(), f"/articles/{a['article'].pk}/",
        a["story"].get_absolute_url(), "/search/", "/search/feed/", "/search/map/",
        *(f"/search/values/{kind}/" for kind in ("topic", "place", "source")),
        "/archive/", "/archive/2024/", "/archive/2024/1/", "/archive/2024/1/3/",
        "/topics/", f"/topics/{a['topic'].slug}/", f"/topics/{a['topic'].slug}/feed/",
        f"/topics/id/{a['topic'].pk}/", f"/topics/id/{a['topic'].pk}/feed/",
        "/places/", f"/places/{a['place'].slug}/", f"/places/{a['place'].slug}/within/",
        f"/places/{a['place'].slug}/feed/", f"/places/id/{a['place'].pk}/",
        f"/places/id/{a['place'].pk}/within/", f"/places/id/{a['place'].pk}/feed/",
        "/sources/", f"/sources/{a['source'].slug}/", f"/sources/{a['source'].slug}/feed/",
        f"/sources/id/{a['source'].pk}/", f"/sources/id/{a['source'].pk}/feed/",
        "/collections/", f"/collections/{a['collection'].pk}/", f"/collections/{a['collection'].pk}/edit/",
        f"/collections/shared/{a['collection'].share_token}/", "/healthz", "/accounts/login/",
    ]  # fmt: skip


def read_whole(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def assert_answered(response, url: str) -> None:
    """A page, a redirect, or a refusal that says what was wrong: anything but a server error."""
    assert response.status_code in (200, 301, 302, 400, 403, 404), (url, response.status_code)
    body = read_whole(response)
    if response.status_code == 404:
        # The 404 page, or an empty period of the date archive that says so and links to the nearest.
        said = ("We could not find that page", "No articles are archived for this")
        assert any(words in body for words in said), (url, body[:300])


# Each example asks four of the pages (all of them, ~40, made each example 5 s); the explicit ones all.
EVERY_PAGE = list(range(60))


@settings(FUZZ, max_examples=30)
@given(query=QUERY, signed_in=st.booleans(), picks=st.lists(st.integers(0, 59), min_size=4, max_size=4))
@example(query="q=%00&page=%ED%A0%80&page=2&format=csv", signed_in=True, picks=EVERY_PAGE)
@example(query="date_from=0000-00-00&date_to=2024-02-30&per_page=-1", signed_in=False, picks=EVERY_PAGE)
@example(query="format=json&page=99999999999999999999999&sort=%FF", signed_in=False, picks=EVERY_PAGE)
def test_any_query_string_on_any_page_is_answered(client, archive, query, signed_in, picks):
    if signed_in:
        client.force_login(archive["reader"])
    every = pages(archive)
    for url in sorted({every[pick % len(every)] for pick in picks}):
        response = client.get(f"{url}?{query}")
        assert_answered(response, url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            assert "Server error" not in read_whole(response)


# Path segments: any text (percent-encoded as a browser does), any bytes, any number of digits.
SEGMENT = st.one_of(
    st.text(min_size=1, max_size=30).map(lambda v: quote(v, safe="")),
    st.binary(min_size=1, max_size=12).map(_encoded_bytes),
    st.sampled_from(["id", "..", "%2F", "%00", "-", "_", "٣", "ferries%00", "x" * 300]),
)
NUMBER = st.one_of(
    st.integers(0, 10**40).map(str),
    st.sampled_from(["0", "0000", "00001", "9223372036854775807", "9223372036854775808", "2147483648"]),
)
SHAPES = [
    "/articles/{n}/{s}/", "/articles/{n}/", "/stories/{s}/", "/search/values/{s}/", "/archive/{n}/",
    "/archive/{n}/{m}/", "/archive/{n}/{m}/{d}/", "/topics/{s}/", "/topics/{s}/feed/", "/topics/id/{n}/",
    "/topics/id/{n}/feed/", "/places/{s}/", "/places/{s}/within/", "/places/{s}/feed/", "/places/id/{n}/",
    "/places/id/{n}/within/", "/places/id/{n}/feed/", "/sources/{s}/", "/sources/{s}/feed/",
    "/sources/id/{n}/", "/sources/id/{n}/feed/", "/collections/{n}/", "/collections/{n}/edit/",
    "/collections/shared/{s}/", "/{s}", "/{s}/", "/admin/{s}/",
]  # fmt: skip


@settings(FUZZ, max_examples=20)
@given(segment=SEGMENT, number=NUMBER, month=NUMBER, day=NUMBER, signed_in=st.booleans())
@example(segment="ferries", number="2024", month="2", day="30", signed_in=False)
@example(segment="%00", number="0000", month="00", day="00", signed_in=False)
@example(segment="x", number="99999999999999999999", month="1", day="1", signed_in=True)
def test_any_path_segment_is_a_page_or_a_404(client, archive, segment, number, month, day, signed_in):
    if signed_in:
        client.force_login(archive["reader"])
    for shape in SHAPES:
        url = shape.format(s=segment, n=number, m=month, d=day)
        assert_answered(client.get(url), url)


def test_a_404_says_what_was_not_found(client, archive):
    response = client.get("/topics/no-such-topic/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert User.objects.count() == 1  # nothing was written by reading
