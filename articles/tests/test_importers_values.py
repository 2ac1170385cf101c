"""Values checked where they enter: no line of JSON can crash the parser, whatever it holds.

Each hostile line becomes that line's failure with a message, or is cleaned with a warning; the good
line beside it always parses (see articles/importers/values.py, and docs/import-format.md's table).
"""

import datetime as dt
import json

import pytest

from articles.importers import parse_document
from articles.importers.jsonl import parse_jsonl
from articles.importers.records import ArticleRecord, InputDocument, ParseFailure
from articles.importers.values import EARLIEST_YEAR, MAX_DEPTH, latest_year

GOOD = json.dumps({"id": "good", "title": "Harbour reopens", "body": "The harbour reopened on Monday."})
RANGE = f"outside the years the archive accepts ({EARLIEST_YEAR} to {latest_year()})"


def beside_a_good_line(line: str | bytes) -> tuple[ArticleRecord | ParseFailure, ArticleRecord]:
    text = line if isinstance(line, str) else line.decode()
    first, good = parse_jsonl(f"{text}\n{GOOD}\n", name="bad.jsonl")
    assert isinstance(good, ArticleRecord) and good.title == "Harbour reopens"
    return first, good


def line(**fields) -> str:
    return json.dumps({"id": "x", "title": "T", "body": "B", **fields})


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 100_000, f"line 1: not usable JSON (nested more than {MAX_DEPTH} levels deep)"),
        ('{"id": "x", "title": ' + "9" * 5_000 + "}", "line 1: not usable JSON (Exceeds the limit (4300 digits)"),
        (line(title=10**150), "line 1: 'title' holds a number of more than 100 digits"),
        ('{"id": "x", "title": "T", "wind": 1e400}', "line 1: 'wind' holds a number too large to store"),
        ('{"id": "x", "title": NaN}', "line 1: not usable JSON (NaN is not a JSON number)"),
        ('{"id": "x", "title": "T", "n": -Infinity}', "line 1: not usable JSON (-Infinity is not a JSON number)"),
        (line(deep=json.loads("[" * 40 + "]" * 40)), f"line 1: 'deep' is nested more than {MAX_DEPTH} levels deep"),
        (line(published_at="0001-01-01T00:00:00+00:00"), f"line 1: 'published_at' is 0001-01-01T00:00:00+00:00, {RANGE}"),
        (line(published_at="9999-12-31T23:00:00-05:00"), f"line 1: 'published_at' is 9999-12-31T23:00:00-05:00, {RANGE}"),
        (line(published_at="1799-12-31"), f"line 1: 'published_at' is 1799-12-31, {RANGE}"),
        (line(topics=[{"name": "Oil", "score": 1e300}]), "line 1: 'topics' item 1: 'score' 1e+300 is out of range"),
    ],
)  # fmt: skip
def test_a_hostile_line_fails_alone(text, message):
    failure, _ = beside_a_good_line(text)
    assert isinstance(failure, ParseFailure) and failure.name == "bad.jsonl line 1"
    assert failure.message.startswith(message)


def test_a_date_out_of_range_in_updated_at_is_left_out_with_a_warning():
    record, _ = beside_a_good_line(line(published_at="2024-01-03", updated_at="9999-12-31T23:59:59"))
    assert record.updated_at is None and record.published_date == dt.date(2024, 1, 3)
    assert f"'updated_at' is 9999-12-31T23:59:59, {RANGE}; left out" in record.warnings


def test_nul_characters_are_removed_from_every_field_with_a_warning():
    record, _ = beside_a_good_line(
        line(id="a\x00b", links=["https://example.com/\x00x"], extra={"k\x00": "v\x00"})
    )
    assert record.external_id == "bad:ab" and record.links == ["https://example.com/x"]
    assert record.extra == {"extra": {"k": "v"}}
    assert "NUL characters removed from 'id'" in record.warnings
    assert "NUL characters removed from 'extra'" in record.warnings


def test_half_a_surrogate_pair_is_replaced_with_a_warning():
    record, _ = beside_a_good_line('{"id": "x", "title": "Half \\ud800 pair", "body": "B"}')
    assert record.title == "Half \ufffd pair"
    assert "broken characters (half a surrogate pair) replaced in 'title'" in record.warnings
    record.title.encode("utf-8")  # storable


def test_slugs_given_in_the_input_are_made_slugs_again():
    record, _ = beside_a_good_line(
        line(topics=[{"name": "Odd", "slug": "a b/c?d#e"}], places=[{"name": "Up", "slug": "../../etc"}])
    )
    assert [tag.slug for tag in record.topics] == ["a-bcde"]
    assert [tag.slug for tag in record.places] == ["etc"]


def test_a_date_line_that_is_no_day_on_the_calendar_is_body_text():
    record, _ = beside_a_good_line(line(body="Friday, February 30, 2019\u00a0\nThe story.", title="T"))
    assert record.published_date is None and record.date_precision == ""


def test_a_related_position_no_column_can_hold_becomes_its_place_in_the_list():
    record, _ = beside_a_good_line(
        line(related=[{"title": "A", "position": 10**12}, {"title": "B", "position": -3}])
    )
    assert [link.position for link in record.related] == [1, 2]


def test_a_json_array_nested_too_deep_fails_without_a_traceback():
    [failure] = parse_jsonl("[" * 100_000 + "]" * 100_000, name="deep.json")
    assert failure == ParseFailure("deep.json", f"not usable JSON (nested more than {MAX_DEPTH} levels deep)")


def test_a_page_dated_out_of_range_fails_with_its_name():
    page = " date 0001-01-01 Harbour reopens\n\nThe harbour reopened on Monday after the storm passed.\n"
    [failure] = parse_document(InputDocument("old.txt", page.encode()), format="page")
    assert failure == ParseFailure("old.txt", f"'date' is 0001-01-01, {RANGE}")


def test_the_years_accepted_are_the_callers_to_choose():
    old = line(published_at="1712-05-01")
    [record] = parse_jsonl(old, name="old.jsonl", years=(1700, 2030))
    assert record.published_date == dt.date(1712, 5, 1)
    [failure] = parse_jsonl(line(published_at="2031-01-01"), name="old.jsonl", years=(1700, 2030))
    assert (
        failure.message
        == "line 1: 'published_at' is 2031-01-01, outside the years the archive accepts (1700 to 2030)"
    )
