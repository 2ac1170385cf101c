"""No line of JSON can crash the parser, whatever it holds.

Each hostile line becomes that line's failure with a message, or is cleaned with a warning; the good
line beside it always parses (see articles/importers/values.py, and docs/import-format.md's table).
What the database could not store is ingest's to check (test_ingest_records.py).
"""

import json

import pytest

from articles.importers.jsonl import parse_jsonl
from articles.importers.records import ArticleRecord, ParseFailure

GOOD = json.dumps({"id": "good", "title": "Harbour reopens", "body": "The harbour reopened on Monday."})


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
        ("[" * 100_000, "not usable JSON (nested too deeply to be read)"),
        ('{"id": "x", "title": ' + "9" * 5_000 + "}", "not usable JSON (Exceeds the limit (4300 digits)"),
        (line(topics=[{"name": "Oil", "score": 1e300}]), "'topics' item 1: 'score' 1e+300 is out of range"),
        ('{"id": "x", "title": "T", "topics": [{"name": "Oil", "score": NaN}]}', "'topics' item 1: 'score' nan is out of range"),
    ],
)  # fmt: skip
def test_a_hostile_line_fails_alone(text, message):
    failure, _ = beside_a_good_line(text)
    assert isinstance(failure, ParseFailure) and failure.name.startswith("bad.jsonl line 1")
    assert failure.message.startswith(message)


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
    assert failure == ParseFailure("deep.json", "not usable JSON (nested too deeply to be read)")
