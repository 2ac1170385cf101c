"""A search as data: JSON (one page, with facets) and CSV (every match, streamed, safe in a spreadsheet)."""

import csv
import datetime as dt
import io
import os
import re
import sys

import bibtexparser
import pytest
import rispy
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.citing import Author, Citation
from articles.exporting import CSV_COLUMNS, bibtex_record, ris_record, safe_cell
from articles.models import Article
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
            "newsarchive-patriot-missiles-topic-economy-from-2024-2026-12-02.csv",
        ),
        # which end each date is (a search up to 2024 is not one from 2024; stop 24's review)
        ({"date_to": "2024"}, "newsarchive-to-2024-2026-12-02.csv"),
        (
            {"date_from": "2024-01", "date_to": "2024-03"},
            "newsarchive-from-2024-01-to-2024-03-2026-12-02.csv",
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


def get_download(client, path, params, output) -> str:
    response = client.get(path, {**params, "format": output})
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def bibtex_value(entry, name: str) -> str:
    """A field as a reader would print it: the LaTeX escapes undone."""
    field = entry.fields_dict.get(name)
    return re.sub(
        r"\\textbackslash\{\}|\\\^\{\}|\\~\{\}|\\([{}%&$#_])",
        lambda m: m[1] or {"\\textbackslash{}": "\\", "\\^{}": "^", "\\~{}": "~"}[m[0]],
        field.value if field else "",
    )


class TestReferenceManagerExports:
    def test_ris_has_every_match_with_its_fields(self, client, economy):
        reuters = Article.objects.get(title="Economy story 00")
        Article.objects.filter(pk=reuters.pk).update(
            byline="By Jane Roe and John Doe, Reuters", lede="Rates rose."
        )
        text = get_download(client, reverse("articles:search"), {"topic": "economy", "page": 2}, "ris")
        records = rispy.loads(text)
        assert len(records) == 25  # every match, not one page
        assert {record["title"] for record in records} == {f"Economy story {i:02d}" for i in range(25)}
        record = next(record for record in records if record["title"] == "Economy story 00")
        assert record["type_of_reference"] == "NEWS"
        assert record["authors"] == ["Roe, Jane", "Doe, John"]
        assert record["secondary_title"] == "Reuters"
        assert record["year"] == "2024" and record["date"] == "2024/01/01"
        assert record["abstract"] == "Rates rose."
        assert record["keywords"] == ["Economy", "City 0"]
        archive = "http://testserver" + reuters.get_absolute_url()
        assert record["urls"] == ["https://example.com/economy-00", archive]
        assert record["access_date"] == timezone.localdate().strftime("%Y/%m/%d")

    def test_bibtex_has_every_match_with_its_fields(self, client, economy):
        month = Article.objects.get(title="Economy story 03")
        Article.objects.filter(pk=month.pk).update(date_precision="month", byline="Mary Major")
        # A topic's own page exports the same way.
        text = get_download(client, economy.get_absolute_url(), {}, "bibtex")
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []
        assert len(library.entries) == 25 and len({entry.key for entry in library.entries}) == 25
        entry = next(entry for entry in library.entries if bibtex_value(entry, "title") == "Economy story 03")
        assert entry.entry_type == "article"
        assert bibtex_value(entry, "author") == "Major, Mary"
        assert bibtex_value(entry, "journal") == "Reuters"
        assert bibtex_value(entry, "year") == "2024" and bibtex_value(entry, "month") == "jan"
        assert bibtex_value(entry, "date") == "2024-01"  # known to the month only
        assert bibtex_value(entry, "url") == "https://example.com/economy-03"
        archive = "http://testserver" + month.get_absolute_url()
        assert archive in bibtex_value(entry, "note")
        assert bibtex_value(entry, "keywords") == "Economy"

    def test_the_search_page_links_to_both(self, client, economy):
        page = client.get(reverse("articles:search"), {"topic": "economy"}).content.decode()
        assert "format=ris" in page and "format=bibtex" in page
        page = client.get(economy.get_absolute_url()).content.decode()
        assert "format=ris" in page and "format=bibtex" in page

    def test_no_match_is_an_empty_file(self, client, economy):
        assert get_download(client, reverse("articles:search"), {"q": "zzzznothing"}, "ris") == ""
        assert get_download(client, reverse("articles:search"), {"q": "zzzznothing"}, "bibtex") == ""


TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=80)


@settings(max_examples=150, deadline=None)
@given(title=TEXT, outlet=TEXT, abstract=TEXT, keyword=TEXT, url=TEXT)
@example(title="t", outlet="o", abstract="", keyword="k", url="\\")  # a backslash before \url's closing brace
def test_odd_text_stays_valid_ris_and_bibtex(title, outlet, abstract, keyword, url):
    """Braces, %, backslashes, newlines, control characters and any Unicode in a title or an outlet
    give one record that reads back with the same words (whitespace runs as one space)."""
    cite = Citation(
        title=title, authors=(Author("Jane", "Roe"),), outlet=outlet, date=(2024, 1, 3),
        url=url, archive_url="http://testserver/articles/1/x/", accessed=dt.date(2026, 12, 2),
        abstract=abstract, keywords=(keyword,), language="en", key="newsarchive1",
    )  # fmt: skip
    [record] = rispy.loads(ris_record(cite))
    one_line = lambda value: " ".join(value.replace("\x00", "").split()) or None  # noqa: E731
    assert record.get("title") == one_line(re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", "", title))
    assert record["authors"] == ["Roe, Jane"] and record["date"] == "2024/01/03"

    library = bibtexparser.parse_string(bibtex_record(cite))
    assert library.failed_blocks == []
    [entry] = library.entries
    expected = re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", "", title)
    assert bibtex_value(entry, "title") == (one_line(expected) or "")
    assert bibtex_value(entry, "author") == "Roe, Jane" and bibtex_value(entry, "year") == "2024"


def test_the_command_writes_ris_and_bibtex_for_every_article(tmp_path, economy):
    for output in ("ris", "bibtex"):
        path = tmp_path / f"all.{output}"
        err = io.StringIO()
        call_command(
            "export_articles", "--format", output, "--site-url", "https://news.example.org/", "-o", str(path),
            stderr=err,
        )  # fmt: skip
        text = path.read_text(encoding="utf-8")
        if output == "ris":
            titles = [record["title"] for record in rispy.loads(text)]
            assert "https://news.example.org/articles/" in text
        else:
            library = bibtexparser.parse_string(text)
            assert library.failed_blocks == []
            titles = [bibtex_value(entry, "title") for entry in library.entries]
        assert sorted(titles) == sorted(Article.objects.values_list("title", flat=True))
        assert "Wrote 26 articles" in err.getvalue()


def test_the_command_stops_quietly_when_its_reader_stops(economy, monkeypatch, capsys):
    # `export_articles --format bibtex | head` : the reader closes the pipe after a few lines. The command
    # stops with exit status 1 and no traceback, instead of a BrokenPipeError.
    read_end, write_end = os.pipe()
    os.close(read_end)
    pipe = io.TextIOWrapper(os.fdopen(write_end, "wb"), encoding="utf-8", write_through=True)
    monkeypatch.setattr(sys, "stdout", pipe)
    with pytest.raises(SystemExit) as stopped:
        call_command("export_articles", "--format", "bibtex")
    assert stopped.value.code == 1
    assert "Traceback" not in capsys.readouterr().err
    pipe.write("still writable")  # standard output now goes nowhere instead of raising again
