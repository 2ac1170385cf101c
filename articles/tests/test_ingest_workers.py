"""A big import tags in worker processes: the same tags as in process, a failing worker loses nothing,
and a killed import takes its workers with it."""

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from django.db import connection

from articles.enrich.workers import TagPool
from articles.importers.records import InputDocument
from articles.ingest import import_documents, service
from articles.models import Article, ArticlePlace, ArticleTopic, TagOrigin

from .conftest import REPO
from .test_faults import TIMEOUT, SharedDatabase

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
        TagPool,
        "submit",
        lambda pool, job, records, *args: (
            submitted.append(len(records)) or real_submit(pool, job, records, *args)
        ),
    )

    report = big_import()

    assert report.summary() == "created 30, updated 0, unchanged 0, failed 0"
    assert sum(submitted) >= 20  # most chunks were tagged by the worker
    parallel = automatic_tags()
    assert parallel  # places and topics were found
    assert not multiprocessing.active_children()  # the pool is shut down with the import
    assert in_process_tags(settings) == parallel


def test_a_failing_worker_falls_back_to_tagging_in_process(big_import, monkeypatch, settings, caplog):
    def failing_submit(pool, *args):
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


def test_a_record_that_cannot_be_stored_fails_alone_when_workers_prepare_the_records(monkeypatch, settings):
    """Records are prepared in the worker too: one whose date is out of range is refused with the
    message it gets in process, and the others of its chunk are stored and tagged."""
    monkeypatch.setattr(service, "CHUNK_SIZE", 4)
    monkeypatch.setattr(service, "PARALLEL_AFTER", 8)
    lines = records(30).decode().splitlines()
    bad = json.loads(lines[21])
    bad["published_at"] = "1700-01-01T00:00:00+00:00"
    lines[21] = json.dumps(bad)
    reports = {}
    for workers in (1, 0):
        Article.objects.all().delete()
        settings.IMPORT_TAG_WORKERS = workers
        report = import_documents([InputDocument(name="big.jsonl", data="\n".join(lines).encode())], tag=True)
        failed = [(item.name, item.message) for item in report.items if item.status == "failed"]
        reports[workers] = (report.summary(), failed, automatic_tags())

    summary, failed, tags = reports[1]
    assert summary == "created 29, updated 0, unchanged 0, failed 1"
    assert failed == [("big.jsonl line 22 (id workers:21)", failed[0][1])] and "1700" in failed[0][1]
    assert reports[1] == reports[0]


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


def test_new_records_are_parsed_in_the_worker_and_one_that_fails_to_parse_fails_alone(
    monkeypatch, settings, tmp_path
):
    """A first import of JSON Lines starts its worker with its first chunk, and the worker parses the
    records (the importer only identifies them): one whose body is no text fails there, alone, with the
    parser's message, and the import's report and tags are those of an import parsing in process. The
    importer never loads the gazetteer: the worker sends what finds its places' stored rows."""
    from articles.enrich import gazetteer
    from articles.enrich import service as tagging
    from articles.importers import jsonl

    monkeypatch.setattr(service, "CHUNK_SIZE", 4)
    monkeypatch.setattr(service, "FIRST_CHUNK", 4)
    monkeypatch.setattr(service, "PARALLEL_NEW", 4)
    parsed_in = tmp_path / "pids"
    real_record = jsonl._record

    def record(*args, **kwargs):
        with parsed_in.open("a") as out:
            print(os.getpid(), file=out)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(jsonl, "_record", record)  # called by the parse (`_result`) wherever it runs
    lines = records(30).decode().splitlines()
    bad = json.loads(lines[13])
    bad["body"] = {"text": "an object, not text"}
    lines[13] = json.dumps(bad)
    reports = {}
    for workers in (1, 0):
        Article.objects.all().delete()
        parsed_in.write_text("")
        settings.IMPORT_TAG_WORKERS = workers
        tagging._gazetteer.cache_clear()
        gazetteer.default_gazetteer.cache_clear()
        report = import_documents([InputDocument(name="big.jsonl", data="\n".join(lines).encode())], tag=True)
        assert gazetteer.default_gazetteer.cache_info().currsize == (0 if workers else 1)
        pids = parsed_in.read_text().split()
        items = [(item.name, item.status, item.message) for item in report.items]
        reports[workers] = (report.summary(), sorted(items), automatic_tags())
        if workers:
            assert len(pids) == 30 and str(os.getpid()) not in pids  # all parsed in the worker
        else:
            assert pids == [str(os.getpid())] * 30

    summary, items, tags = reports[1]
    assert summary == "created 29, updated 0, unchanged 0, failed 1"
    assert [item for item in items if item[1] == "failed"] == [
        ("big.jsonl line 14 (id workers:13)", "failed", "'body' must be text, not an object")
    ]
    assert tags
    assert reports[1] == reports[0]


# -- a command import killed with its workers running ------------------------------------------------


def children(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (from /proc; zombies are dead)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return False


def other_sessions(since) -> list[tuple]:
    """Sessions on the test database opened since `since` (the killed import's and its worker's) that are
    still there: they should be gone. Whether one was left "idle in transaction" (with locks) or just
    "idle" depends on where the kill fell. Sessions opened before (this process's own, other tests'
    idle ones) are not the import's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, query FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_start >= %s",
            [since],
        )
        return cursor.fetchall()


def database_now():
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def start_import(db: SharedDatabase, path: Path, output: Path) -> subprocess.Popen:
    """`manage.py import_articles` with tagging in one worker process, as a second process.

    Its output goes to a file: a worker that outlived it would hold a pipe open, and reading it to the end
    would never end.
    """
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_REPLICA_URLS", "DEBUG")}
    env.update(
        DATABASE_URL=db.url,
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
        LOG_LEVEL="WARNING",
        IMPORT_TAG_WORKERS="1",
    )
    command = [sys.executable, "manage.py", "import_articles", str(path)]
    with output.open("w") as out:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_in_ci
def test_a_killed_import_takes_its_tagging_worker_with_it_and_a_rerun_does_not_wait(tmp_path):
    """kill -9 of a command import left its forked tagging worker alive (PPID 1) holding the import's
    PostgreSQL connection "idle in transaction" with a lock on articles_article: the rerun waited."""
    count = 3000
    path = tmp_path / "big.jsonl"
    path.write_bytes(records(count))
    with SharedDatabase(tmp_path) as db:
        since = database_now() if connection.vendor == "postgresql" else None
        process = start_import(db, path, tmp_path / "killed.txt")
        assert wait_for(lambda: children(process.pid) or process.poll() is not None, timeout=TIMEOUT)
        workers = children(process.pid)
        process.kill()
        process.wait(timeout=TIMEOUT)
        assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
        assert workers, "the import started no tagging worker"
        try:
            assert wait_for(lambda: not any(alive(pid) for pid in workers)), (
                "a tagging worker outlived its import"
            )
        finally:
            for pid in workers:  # a test that fails leaves nothing running
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if connection.vendor == "postgresql":
            assert wait_for(lambda: not other_sessions(since)), other_sessions(since)
        rerun = start_import(db, path, tmp_path / "rerun.txt")
        rerun.wait(timeout=TIMEOUT)
        out = (tmp_path / "rerun.txt").read_text()
        assert rerun.returncode == 0, out
    assert out.strip().endswith("failed 0"), out
    assert Article.objects.count() == count
