"""A big import tags in worker processes: the same tags as in process, and a failing worker loses nothing."""

import json
import multiprocessing
from concurrent.futures import Future

import pytest

from articles.enrich.workers import TagPool
from articles.importers.records import InputDocument
from articles.ingest import import_documents, service
from articles.models import Article, ArticlePlace, ArticleTopic, TagOrigin

pytestmark = pytest.mark.django_db

TEXTS = [
    (
        "Cocoa rains in Bahia",
        "ILHEUS, Brazil",
        "Showers in Bahia helped the cocoa crop, Brazilian traders said.",
    ),
    ("Opec talks", "VIENNA", "Oil ministers from Saudi Arabia and Iran met in Vienna on output quotas."),
    (
        "Yen steady",
        "TOKYO",
        "The yen was steady against the dollar in Tokyo as the Bank of Japan held rates.",
    ),
    ("Wheat sale", "WASHINGTON", "The U.S. Agriculture Department sold wheat to Egypt and Morocco, it said."),
    (
        "Election called",
        "OTTAWA",
        "Canada's prime minister called an election; voters in Quebec go to the polls.",
    ),
]


def records(count: int) -> bytes:
    lines = []
    for n in range(count):
        title, dateline, body = TEXTS[n % len(TEXTS)]
        lines.append(
            {
                "id": f"workers:{n}",
                "title": f"{title} {n}",
                "dateline": dateline,
                "body": body,
                "source": "Reuters",
                "published_at": "1987-03-02T10:00:00+00:00",
            }
        )
    return "\n".join(json.dumps(line) for line in lines).encode()


def automatic_tags() -> list[tuple]:
    topics = ArticleTopic.objects.filter(origin=TagOrigin.AUTOMATIC).values_list(
        "article__external_id", "topic__slug", "score", "evidence"
    )
    places = ArticlePlace.objects.filter(origin=TagOrigin.AUTOMATIC).values_list(
        "article__external_id", "place__slug", "role", "score", "count", "evidence"
    )
    return sorted(topics) + sorted(places)


@pytest.fixture
def big_import(monkeypatch, settings):
    """Chunks of 4 records, workers from the 8th record on: a small file takes the parallel path."""
    monkeypatch.setattr(service, "CHUNK_SIZE", 4)
    monkeypatch.setattr(service, "PARALLEL_AFTER", 8)
    settings.IMPORT_TAG_WORKERS = 1

    def run(count: int = 30):
        return import_documents([InputDocument(name="big.jsonl", data=records(count))], tag=True)

    return run


def in_process_tags(settings, count: int = 30) -> list[tuple]:
    Article.objects.all().delete()
    settings.IMPORT_TAG_WORKERS = 0
    import_documents([InputDocument(name="big.jsonl", data=records(count))], tag=True)
    return automatic_tags()


def test_workers_give_the_tags_tagging_in_process_gives(big_import, monkeypatch, settings):
    submitted = []
    real_submit = TagPool.submit
    monkeypatch.setattr(
        TagPool, "submit", lambda pool, rows: submitted.append(len(rows)) or real_submit(pool, rows)
    )

    report = big_import()

    assert report.summary() == "created 30, updated 0, unchanged 0, failed 0"
    assert sum(submitted) >= 20  # most chunks were tagged by the worker
    parallel = automatic_tags()
    assert parallel  # places and topics were found
    assert not multiprocessing.active_children()  # the pool is shut down with the import
    assert in_process_tags(settings) == parallel


def test_a_failing_worker_falls_back_to_tagging_in_process(big_import, monkeypatch, settings, caplog):
    def failing_submit(pool, rows):
        future = Future()
        future.set_exception(RuntimeError("worker died"))
        return future

    monkeypatch.setattr(TagPool, "submit", failing_submit)

    report = big_import()

    assert report.summary() == "created 30, updated 0, unchanged 0, failed 0"
    assert "tagging in a worker process failed" in caplog.text
    assert not multiprocessing.active_children()
    tags = automatic_tags()
    assert in_process_tags(settings) == tags


def test_a_reimport_of_unchanged_records_starts_no_workers(big_import, monkeypatch):
    big_import()
    started = []
    monkeypatch.setattr(TagPool, "__init__", lambda pool, *args: started.append(args))

    report = big_import()

    assert report.summary() == "created 0, updated 0, unchanged 30, failed 0"
    assert started == []


def test_a_small_import_starts_no_workers(monkeypatch, settings):
    settings.IMPORT_TAG_WORKERS = 1
    started = []
    monkeypatch.setattr(TagPool, "__init__", lambda pool, *args: started.append(args))

    import_documents([InputDocument(name="small.jsonl", data=records(10))], tag=True)

    assert started == []
