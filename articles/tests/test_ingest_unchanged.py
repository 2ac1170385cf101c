"""A re-import skips what it can of a record the archive holds unchanged (ingest/unchanged.py): the
JSON Lines line is read only as far as what identifies it, and the report is the one an import that
parses every record whole gives."""

import json

import pytest
from django.db import transaction

from articles.importers import jsonl as jsonl_parser
from articles.importers import jsonl_identify
from articles.importers.records import IdentifiedRecord, InputDocument
from articles.ingest import import_documents, service, writer
from articles.models import Article

pytestmark = pytest.mark.django_db


def line(n: int, **extra) -> dict:
    return {
        "id": f"u{n}",
        "title": f"  Harbour   dredging resumes, report {n} ",
        "body": f"Dredgers went back to work in the harbour on Monday, officials said ({n}).\n\n"
        "The channel had silted up over the winter, and ships waited offshore for days.",
        "source": "Reuters",
        "published_at": "2024-02-01T10:00:00+00:00",
        **extra,
    }


def data(*lines: dict | str) -> bytes:
    return "\n".join(item if isinstance(item, str) else json.dumps(item) for item in lines).encode()


def run(payload: bytes, name: str = "feed.jsonl"):
    return import_documents([InputDocument(name=name, data=payload)], tag=True)


def items(report) -> list[tuple]:
    return [
        (item.name, item.status, item.title, item.message, item.warnings, item.article_id)
        for item in report.items
    ]


def as_before(payload: bytes, monkeypatch) -> tuple[str, list[tuple]]:
    """The report of an import that parses every record whole (the import before this change), rolled back."""
    with monkeypatch.context() as patched:
        patched.setattr(jsonl_identify, "identified", lambda *args, **kwargs: None)
        with pytest.raises(_RolledBack), transaction.atomic():
            report = run(payload)
            raise _RolledBack(report)
    return _RolledBack.last.summary(), items(_RolledBack.last)


class _RolledBack(Exception):
    last = None

    def __init__(self, report):
        super().__init__()
        _RolledBack.last = report


def test_an_unchanged_record_is_not_parsed_again_and_is_reported_as_before(monkeypatch):
    lines = [line(n) for n in range(6)]
    lines[2].pop("source")  # the source is found in the url
    lines[2]["url"] = "https://www.harbour-news.com/dredging"
    lines[4].pop("source")
    lines[4]["body"] += "\n\nREUTER"  # or in the body's signoff
    lines[5]["title"] = ""  # a title from the body: read whole
    lines[3]["_line"] = 7  # names its item by its line
    run(data(*lines))
    expected = as_before(data(*lines), monkeypatch)

    parsed = []
    real = jsonl_parser._record
    monkeypatch.setattr(
        jsonl_parser, "_record", lambda obj, **kw: parsed.append(obj["id"]) or real(obj, **kw)
    )
    detected = []
    monkeypatch.setattr(jsonl_parser, "detect_language", lambda *texts: detected.append(texts) or "en")
    report = run(data(*lines))

    assert (report.summary(), items(report)) == expected
    assert report.summary() == "created 0, updated 0, unchanged 6, failed 0"
    assert parsed == ["u5"] and len(detected) == 1
    assert report.items[0].title == "Harbour dredging resumes, report 0"
    assert [item.name for item in report.items if "u3" in item.name] == ["feed.jsonl line 7 (id u3)"]


def test_changed_new_and_broken_records_are_read_whole_and_reported_in_the_same_order(monkeypatch):
    run(data(*[line(n) for n in range(4)]))
    again = data(
        line(0),
        line(1, body="Dredging resumed."),  # changed
        "{not json",
        line(2),
        line(9),  # new
        line(8, published_at="yesterday"),  # new, and fails
        line(3),
    )
    expected = as_before(again, monkeypatch)

    report = run(again)

    assert (report.summary(), [i[:5] for i in items(report)]) == (expected[0], [i[:5] for i in expected[1]])
    assert report.summary() == "created 1, updated 1, unchanged 3, failed 2"


def test_an_id_written_earlier_in_the_same_import_is_read_whole():
    """The archive holds the later line; the earlier one updates the article first, so the later one
    is no longer unchanged when it is written, and updates it back."""
    run(data(line(1, title="Second version")))
    report = run(data(line(1, title="First version"), line(1, title="Second version")))
    assert report.summary() == "created 0, updated 2, unchanged 0, failed 0"
    assert Article.objects.get().title == "Second version"


def test_an_unchanged_record_outside_the_archive_years_fails_as_before(monkeypatch, settings):
    run(data(line(1, published_at="1850-01-01T10:00:00+00:00"), line(2)))
    settings.ARCHIVE_EARLIEST_YEAR = 1900
    expected = as_before(data(line(1, published_at="1850-01-01T10:00:00+00:00"), line(2)), monkeypatch)
    report = run(data(line(1, published_at="1850-01-01T10:00:00+00:00"), line(2)))
    assert (report.summary(), items(report)) == expected
    assert report.summary() == "created 0, updated 0, unchanged 1, failed 1"


def test_identified_records_give_what_a_whole_parse_gives():
    """`parse()` of an IdentifiedRecord is the record the parser gives without `identify`; a record
    the parser cannot identify cheaply comes whole."""
    payload = data(
        line(1),
        line(2, id=None, url="https://example.org/a"),
        line(3, title=""),
        line(4, id=True),
        line(5, source=None, body="Text.\n\n- AP"),
    )
    whole = list(jsonl_parser.parse_jsonl(payload, name="f.jsonl"))
    identified = list(jsonl_parser.parse_jsonl(payload, name="f.jsonl", identify=jsonl_identify.identified))
    assert [type(entry).__name__ for entry in identified] == [
        "IdentifiedRecord",
        "IdentifiedRecord",
        "ArticleRecord",
        "ParseFailure",
        "IdentifiedRecord",
    ]
    assert [entry.parse() if isinstance(entry, IdentifiedRecord) else entry for entry in identified] == whole
    for entry, record in [(identified[0], whole[0]), (identified[1], whole[1]), (identified[4], whole[4])]:
        assert (entry.external_id, entry.source, entry.original) == (
            record.external_id,
            record.source,
            record.original,
        )
        assert entry.title == record.title


def test_a_worker_does_not_tag_a_record_held_unchanged():
    record = next(jsonl_parser.parse_jsonl(data(line(1)), name="f.jsonl", identify=jsonl_identify.identified))
    chunk = writer.prepare_ahead([("f.jsonl: reuters:u1", record, "")], {})
    (item,) = chunk.prepared
    assert item.found is None and item.bands is None
    assert item.fields["title"] == "Harbour dredging resumes, report 1"


def test_the_window_reads_the_stored_hashes_once_per_window(monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(service, "CHUNK_SIZE", 4)
    payload = data(*[line(n) for n in range(12)])
    run(payload)
    with django_assert_max_num_queries(20):
        report = run(payload)
    assert report.unchanged == 12
