"""A search as data: JSON (one page, with facets) and CSV (every match, streamed, safe in a spreadsheet)."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.urls import reverse

from articles.exporting import CSV_COLUMNS, safe_cell
from articles.tests.factories import local, make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def economy():
    topic = make_topic("Economy")
    source = make_source("Reuters")
    for i in range(25):
        make_article(
            f"Economy story {i:02d}",
            published_at=local(2024, 1, i + 1, 0),
            topics=[topic],
            places=[make_place(f"City {i}")] if i == 0 else [],
            source=source,
            url=f"https://example.com/economy-{i:02d}",
        )
    make_article("Unrelated", published_at=local(2024, 3, 1))
    return topic


def get_csv(client, params) -> list[dict]:
    response = client.get(reverse("articles:search"), {**params, "format": "csv"})
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


class TestJson:
    def test_shape(self, client, economy):
        response = client.get(reverse("articles:search"), {"topic": "economy", "format": "json"})
        data = response.json()
        assert data["count"] == 25 and len(data["results"]) == 20
        first = data["results"][0]
        assert set(first) == {*CSV_COLUMNS, "snippet"}  # the CSV's columns, meaning the same
        assert (
            first["title"] == "Economy story 24"
            and first["source"] == "Reuters"
            and first["topics"] == ["Economy"]
        )
        assert first["archive_url"].startswith("http://testserver/articles/")
        assert first["url"] == "https://example.com/economy-24"
        assert first["published_at"] == "2024-01-25T00:00:00-05:00"
        assert {"topic", "place", "source", "year"} <= set(data["facets"])
        assert data["facets"]["source"] == [{"slug": "reuters", "name": "Reuters", "count": 25}]
        assert data["facets"]["year"] == [{"value": "2024", "count": 25}]

    def test_page_is_respected(self, client, economy):
        data = client.get(
            reverse("articles:search"), {"topic": "economy", "format": "json", "page": 2}
        ).json()
        assert len(data["results"]) == 5 and data["page"] == 2

    def test_problems_are_reported(self, client, economy):
        data = client.get(reverse("articles:search"), {"topic": "nope", "format": "json"}).json()
        assert data["problems"] == ["There is no topic called “nope”; it was left out of the search."]


class TestCsv:
    def test_every_match_not_one_page(self, client, economy):
        rows = get_csv(client, {"topic": "economy", "page": 2})
        assert len(rows) == 25
        assert list(rows[0]) == CSV_COLUMNS
        assert rows[0]["title"] == "Economy story 24" and rows[0]["topics"] == "Economy"
        assert rows[-1]["places"] == "City 0"
        assert rows[0]["archive_url"].startswith("http://testserver/articles/")
        assert rows[0]["url"] == "https://example.com/economy-24"

    def test_csv_queries_do_not_grow_per_row(self, client, economy, django_assert_num_queries):
        # the list, then topics and places prefetched once per chunk, plus resolving the topic slug
        with django_assert_num_queries(4):
            get_csv(client, {"topic": "economy"})

    def test_formula_injection_is_neutralised(self, client):
        make_article('=HYPERLINK("http://evil","click")', byline="+1 555", dateline="@SUM(A1)")
        make_article("-2+3", byline="\tTabbed")
        rows = get_csv(client, {})
        titles = {row["title"] for row in rows}
        assert '\'=HYPERLINK("http://evil","click")' in titles and "'-2+3" in titles
        assert {row["byline"] for row in rows} == {"'+1 555", "'\tTabbed"}
        assert "'@SUM(A1)" in {row["dateline"] for row in rows}

    @pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\tx", "\rx"])
    def test_safe_cell(self, value):
        assert safe_cell(value) == "'" + value

    def test_safe_cell_leaves_ordinary_values(self):
        assert safe_cell("Plain title") == "Plain title" and safe_cell(42) == 42


def test_the_command_and_the_search_page_write_the_same_columns_meaning_the_same(client, tmp_path):
    """`url` is where the article first appeared, `archive_url` its page here, and times are in the
    site's time zone, whichever writes the CSV (docs/import-format.md, "Exports")."""
    utc_evening = dt.datetime(2024, 3, 4, 23, 30, tzinfo=dt.UTC)  # 18:30 in Toronto
    article = make_article(
        "Harbour reopens",
        url="https://example.com/harbour",
        published_at=utc_evening,
        source=make_source("AP"),
    )
    downloaded = get_csv(client, {"q": "harbour"})
    call_command(
        "export_articles",
        "--format",
        "csv",
        "--site-url",
        "http://testserver/",
        "-o",
        str(tmp_path / "a.csv"),
    )
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert reader.fieldnames == CSV_COLUMNS
        exported = list(reader)
    assert exported == downloaded
    [row] = exported
    assert row["url"] == "https://example.com/harbour"
    assert row["archive_url"] == "http://testserver" + article.get_absolute_url()
    assert row["published_at"] == "2024-03-04T18:30:00-05:00"
    # The search page's JSON gives the same values under the same names.
    [result] = client.get(reverse("articles:search"), {"q": "harbour", "format": "json"}).json()["results"]
    assert {name: str(result[name] or "") for name in CSV_COLUMNS} == row


def test_a_day_or_a_month_is_exported_as_that_not_as_midnight(client):
    """A source that gave only the day (or month) gets "2024-01-02" ("2024-01"), not local midnight
    with an offset, in the CSV and the JSON alike; a time keeps its offset."""
    make_article("Harbour day", published_at=local(2024, 1, 2), date_precision="day")
    make_article("Harbour month", published_at=local(2024, 2, 1), date_precision="month")
    make_article("Harbour moment", published_at=local(2024, 3, 4, 18, 30))
    expected = {
        "Harbour day": "2024-01-02",
        "Harbour month": "2024-02",
        "Harbour moment": "2024-03-04T18:30:00-05:00",
    }
    rows = get_csv(client, {"q": "harbour"})
    assert {row["title"]: row["published_at"] for row in rows} == expected
    results = client.get(reverse("articles:search"), {"q": "harbour", "format": "json"}).json()["results"]
    assert {result["title"]: result["published_at"] for result in results} == expected


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "newsarchive-search-2026-12-02.csv"),
        (
            {"q": 'Patriot "missiles"', "topic": "economy", "date_from": "2024"},
            "newsarchive-patriot-missiles-topic-economy-2024-2026-12-02.csv",
        ),
        ({"q": '../../etc/passwd"; x=\r\n'}, "newsarchive-etcpasswd-x-2026-12-02.csv"),
        ({"q": "Kraków ü 東京"}, "newsarchive-krakow-u-2026-12-02.csv"),
        ({"q": "word " * 40}, "newsarchive-" + ("word-" * 12).rstrip("-") + "-2026-12-02.csv"),
    ],
)
def test_the_csv_is_named_after_the_search_and_the_day(client, economy, params, name, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 12, 2))
    response = client.get(reverse("articles:search"), {**params, "format": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_topic_pages_csv_is_named_after_the_topic(client, economy, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 12, 2))
    response = client.get(reverse("articles:topic", args=["economy"]), {"format": "csv"})
    assert (
        response["Content-Disposition"] == 'attachment; filename="newsarchive-topic-economy-2026-12-02.csv"'
    )
