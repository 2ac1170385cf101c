"""Faults: two imports of the same files at once, an import killed midway, a database that goes away.

The import tests run `manage.py import_articles` in real second processes against the test database.
PostgreSQL's test database is shared as it is; SQLite's is in memory, which another process cannot
open, so for SQLite the test copies it to a file, lets the processes work on that file, and copies the
result back before checking it.
"""

import contextlib
import datetime as dt
import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

from articles import ingest
from articles.ingest import matching
from articles.models import Article, ArticleTopic, ImportBatch, RelatedLink, imports
from articles.tests.factories import make_article, make_topic

from .conftest import REPO

TIMEOUT = 300  # seconds: a hung subprocess fails the test instead of hanging the suite


def record(n: int) -> dict:
    return {
        "id": f"fault:{n}",
        "title": f"Harbour report number {n}",
        "body": f"Ferries left the harbour on day {n}.\n\nThe port authority counted {n * 7} crossings.",
        "published_at": "2024-02-01T10:00:00+00:00",
        "source": "Harbour Gazette",
        "topics": ["shipping", {"name": "Ports", "slug": "ports", "score": 0.5}],
        "related": [{"title": f"Crossings on day {n - 1}"}, {"title": "Port authority budget"}],
    }


def write_records(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(record(n)) + "\n" for n in range(1, count + 1)), encoding="utf-8")
    return path


class SharedDatabase:
    """The test database as a second process reaches it: its DATABASE_URL, and a count of what it holds."""

    def __init__(self, tmp_path: Path):
        self.file = tmp_path / "test.sqlite3" if connection.vendor == "sqlite" else None

    def __enter__(self):
        if self.file:
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.file)) as target:
                connection.connection.backup(target)
        return self

    def __exit__(self, *exc):
        if self.file:
            with contextlib.closing(sqlite3.connect(self.file)) as source:
                source.backup(connection.connection)

    @property
    def url(self) -> str:
        if self.file:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        credentials = quote(s["USER"] or "", safe="") + (
            f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
        )
        return f"postgres://{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"

    def articles(self) -> int:
        """Articles committed so far, as another connection sees them."""
        if self.file:
            with contextlib.closing(sqlite3.connect(self.file, timeout=20)) as db:
                return db.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
        return Article.objects.count()

    def start_import(self, *paths: Path) -> subprocess.Popen:
        env = {
            key: value for key, value in os.environ.items() if key not in ("DATABASE_REPLICA_URLS", "DEBUG")
        }
        env.update(DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE="newsarchive.settings", LOG_LEVEL="WARNING")
        command = [sys.executable, "manage.py", "import_articles", "--no-tag", *map(str, paths)]
        return subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, f"import failed ({process.returncode}):\n{out}\n{err}"
    return out


def assert_complete(count: int) -> None:
    """Every input record is one article, none is missing a part."""
    assert Article.objects.count() == count
    assert Article.objects.values("external_id").distinct().count() == count
    assert not Article.objects.filter(body="").exists()
    for name, related in (("topic_tags", ArticleTopic), ("related_links", RelatedLink)):
        per_article = related.objects.values("article").distinct().count()
        assert per_article == count, f"{count - per_article} articles without {name}"
        assert related.objects.count() == 2 * count


@pytest.mark.postgresql_in_ci
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_files_at_once_give_each_article_once(tmp_path):
    # Big enough for several chunks each, so that the two processes overlap.
    path = write_records(tmp_path / "same.jsonl", 1500)
    with SharedDatabase(tmp_path) as db:
        first, second = db.start_import(path), db.start_import(path)
        outputs = [finish(first), finish(second)]
    assert all(out.strip().endswith("failed 0") for out in outputs), outputs
    assert_complete(1500)
    batches = list(ImportBatch.objects.all())
    assert [b.status for b in batches] == ["finished", "finished"]
    assert [b.failed for b in batches] == [0, 0]
    assert sum(b.created for b in batches) == 1500
    assert all(b.created + b.updated + b.unchanged == 1500 for b in batches)


@pytest.mark.postgresql_in_ci
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_leaves_whole_articles_and_running_it_again_completes_it(
    tmp_path, admin_client, monkeypatch
):
    count = 4000
    path = write_records(tmp_path / "many.jsonl", count)
    with SharedDatabase(tmp_path) as db:
        process = db.start_import(path)
        deadline = time.monotonic() + TIMEOUT
        while db.articles() == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=TIMEOUT)
        assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
        written = db.articles()
        assert 0 < written < count
    # Only whole chunks were committed: each article that is there has all its parts.
    assert_complete(written)
    killed = ImportBatch.objects.get()
    assert (killed.status, killed.finished_at) == ("running", None)

    # An editor is told about it on the import page (its heartbeat has stopped), and it says so itself.
    monkeypatch.setattr(imports, "INTERRUPTED_AFTER", dt.timedelta(0))
    page = admin_client.get(reverse("admin:articles_article_import"))
    assert f"Import #{killed.pk}" in page.text and "was interrupted" in page.text
    killed.refresh_from_db()
    assert killed.status == "interrupted" and killed.finished_at is not None

    with SharedDatabase(tmp_path) as db:
        out = finish(db.start_import(path))
    assert out.strip().endswith(f"created {count - written}, updated 0, unchanged {written}, failed 0")
    assert_complete(count)
    page = admin_client.get(reverse("admin:articles_article_import"))
    assert f"Import #{killed.pk}" in page.text  # still: it never finished, the new import did


@pytest.mark.django_db
def test_a_chunk_that_fails_after_inserting_its_articles_still_stores_the_good_ones(monkeypatch, tmp_path):
    from django.db import DatabaseError

    from articles.importers.containers import iter_documents

    real = matching.store_related

    def store_related(items, *, replace):
        if any(item.record.external_id == "fault:2" for item in items):
            raise DatabaseError("simulated failure after the articles were inserted")
        return real(items, replace=replace)

    monkeypatch.setattr(matching, "store_related", store_related)
    report = ingest.import_documents(iter_documents([write_records(tmp_path / "three.jsonl", 3)]), tag=False)
    assert (report.created, report.failed) == (2, 1)
    assert set(Article.objects.values_list("external_id", flat=True)) == {"fault:1", "fault:3"}
    assert RelatedLink.objects.count() == 4


# -- the database goes away during a request ---------------------------------------------------------


@contextlib.contextmanager
def database_down():
    error = OperationalError("could not connect to server: Connection refused")
    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error),
        mock.patch("django.db.backends.utils.CursorWrapper.executemany", side_effect=error),
    ):
        yield


@pytest.fixture
def archive(db):
    topic = make_topic("Shipping")
    make_article("Storm closes port", topics=[topic])
    return topic


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search/?q=storm",
        "/search/?q=storm&format=json",
        "/search/feed/?q=storm",
        "/topics/shipping/",
    ],
)
def test_a_database_that_goes_away_gives_a_clear_503_page(client, archive, url):
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"]
    text = response.content.decode()
    assert "database" in text.lower() and "try again" in text.lower()
    assert "Traceback" not in text and "OperationalError" not in text and "Connection refused" not in text


def test_a_private_archive_whose_database_goes_away_gives_a_503_to_a_signed_in_reader(
    archive, django_user_model
):
    # The private-archive middleware reads the session and the user before any view runs.
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    with override_settings(ARCHIVE_PRIVATE=True), database_down():
        response = client.get("/search/?q=storm")
    assert response.status_code == 503
    assert "try again" in response.content.decode().lower()


def test_csv_export_when_the_database_is_down_gives_the_503_page(client, archive):
    with database_down():
        response = client.get("/search/", {"q": "storm", "format": "csv"})
    assert response.status_code == 503


def test_csv_export_that_loses_the_database_midway_ends_short_with_status_200(client, archive, monkeypatch):
    # The CSV export streams: once the 200 and the first rows have gone out, the status cannot change
    # any more. The download stops early; the server logs the error.
    monkeypatch.setattr("articles.exporting.CSV_CHUNK", 1)
    make_article("Storm closes a second port")
    response = client.get("/search/", {"q": "storm", "format": "csv"})
    assert response.status_code == 200
    stream = iter(response.streaming_content)
    assert next(stream).startswith(b"id,external_id,")
    assert b"Storm" in next(stream)
    with database_down(), pytest.raises(OperationalError):
        next(stream)
    # The export's server-side cursor (PostgreSQL) is closed here, inside this test's transaction, not
    # by a later garbage collection in another test's, where it no longer exists.
    gc.collect()
