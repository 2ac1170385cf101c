"""Imports as background jobs (issue 10, case 3): statuses, heartbeat, cancel, undo, the worker.

Most tests run tasks at once (conftest's immediate backend); the `worker` tests enqueue into the real
database backend and run them with its own `db_worker` command, as production does.
"""

from __future__ import annotations

import datetime as dt
import json
import signal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.importers.records import InputDocument
from articles.ingest import import_documents, service, undo, writer
from articles.models import Article, ArticleTopic, ImportBatch, ImportItem, RelatedLink, Topic

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/articles/article/import/"


def line(external_id: str, title: str, body: str = "Body text of the story.", **extra) -> dict:
    return {"id": external_id, "title": title, "body": body, "published_at": "2024-03-01T10:00:00Z", **extra}


def jsonl(*records: dict) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def run(*records: dict, **kwargs):
    return import_documents([InputDocument("wire.jsonl", jsonl(*records))], tag=False, **kwargs)


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return settings.IMPORT_STAGING_DIR


def upload(client, data: bytes, name: str = "wire.jsonl"):
    return client.post(
        IMPORT_URL, {"files": [SimpleUploadedFile(name, data)], "format": "auto", "default_source": ""}
    )


# -- statuses and heartbeat ------------------------------------------------------------------------


def test_a_command_import_runs_and_finishes_with_a_heartbeat():
    report = run(line("a", "One"), line("b", "Two"))
    batch = ImportBatch.objects.get(pk=report.batch.pk)
    assert batch.status == "finished" and batch.get_status_display() == "Finished"
    assert batch.running_since <= batch.heartbeat_at <= batch.finished_at
    assert (batch.created, batch.done) == (2, 2)


def test_an_import_that_stops_ends_failed_with_its_reason(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(writer.Writer, "submit", broken)
    report = run(line("a", "One"))
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "the disk went away" in batch.message
    assert batch.finished_at is not None and report.failed == 1


def test_an_import_that_cannot_start_ends_failed_not_queued(client, monkeypatch):
    """The worker's first write refused (SQLite locked, say): the batch says so rather than wait for ever."""
    from django.db import OperationalError

    from articles import tasks

    def refused(*args, **kwargs):
        raise OperationalError("database table is locked")

    client.force_login(User.objects.create_superuser("boss", password="pw"))
    preview_url = upload(client, jsonl(line("a", "One")))["Location"]
    monkeypatch.setattr(tasks, "import_documents", refused)
    client.post(preview_url, {"confirm": "Import"})  # the task runs at once here (tests' backend)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "database table is locked" in batch.message


def test_a_running_batch_whose_heartbeat_stopped_is_interrupted_and_a_live_one_is_not(admin_client):
    now = timezone.now()
    stale = ImportBatch.objects.create(
        status="running", running_since=now, heartbeat_at=now - dt.timedelta(minutes=6)
    )
    live = ImportBatch.objects.create(
        status="running", running_since=now, heartbeat_at=now - dt.timedelta(seconds=30)
    )
    page = admin_client.get(IMPORT_URL).content.decode()
    assert f"Import #{stale.pk}" in page and "was interrupted" in page
    assert f"Import #{live.pk}" not in page
    stale.refresh_from_db()
    live.refresh_from_db()
    assert (stale.status, live.status) == ("interrupted", "running")
    assert "No sign of life" in stale.message
    # Its own progress page says so too.
    state = admin_client.get(reverse("admin:articles_importbatch_progress_json", args=[stale.pk])).json()
    assert (state["status"], state["ended"]) == ("interrupted", True)


def test_cancelling_stops_after_the_current_chunk_which_is_written_whole(monkeypatch):
    monkeypatch.setattr(service, "CHUNK_SIZE", 2)
    batch = ImportBatch.objects.create()

    def cancel_after_first_chunk(done, total, report):
        # Asked while the second chunk is on its way: that one is written whole, nothing after it.
        ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)

    records = [line(f"c{n}", f"Story {n}") for n in range(10)]
    run(*records, batch=batch, progress=cancel_after_first_chunk)
    batch.refresh_from_db()
    assert batch.status == "cancelled" and "stopped after a whole chunk" in batch.message
    assert sorted(Article.objects.values_list("external_id", flat=True)) == [
        "wire:c0",
        "wire:c1",
        "wire:c2",
        "wire:c3",
    ]
    assert batch.created == 4


def test_a_small_import_s_progress_page_moves_before_it_ends():
    # The counts the progress page shows are saved after each chunk; the first chunks are small (50,
    # then 100, ...) so that a few hundred files do not read "0 of 320" until the very end.
    batch = ImportBatch.objects.create()
    seen = []

    def watch(done, total, report):
        seen.append(ImportBatch.objects.get(pk=batch.pk).created)

    run(*(line(f"p{n}", f"Story {n}") for n in range(320)), batch=batch, progress=watch)
    assert seen[:2] == [50, 150]
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("finished", 320)


def test_a_queued_import_cancelled_before_it_starts_writes_nothing(admin_client):
    batch = ImportBatch.objects.create(created_by=User.objects.get(username="admin"))
    page = reverse("admin:articles_importbatch_progress", args=[batch.pk])
    assert "Cancel the import" in admin_client.get(page).content.decode()
    admin_client.post(page, {"cancel": "Cancel"})
    batch.refresh_from_db()
    assert batch.status == "cancelled" and "nothing was written" in batch.message
    run(line("a", "One"), batch=batch)  # its task, when a worker gets to it
    assert Article.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "cancelled"


# -- undo ------------------------------------------------------------------------------------------


def test_undo_removes_what_the_batch_created_and_restores_what_it_updated(admin_client):
    weather, _ = Topic.objects.get_or_create(slug="weather", defaults={"name": "Weather"})
    first = run(
        line("kept", "Old title", "Old body.", topics=[{"name": "Weather", "slug": "weather"}]),
        line("other", "Untouched"),
    )
    kept = Article.objects.get(external_id="wire:kept")
    RelatedLink.objects.create(article=kept, title="An old related story", title_key="an old related story")
    before = Article.objects.filter(pk=kept.pk).values().get()

    second = run(line("kept", "New title", "New body."), line("new", "Brand new"))
    assert (second.created, second.updated) == (1, 1)
    assert Article.objects.get(external_id="wire:kept").title == "New title"
    assert not ArticleTopic.objects.filter(article=kept).exists()

    page = admin_client.get(reverse("admin:articles_importbatch_undo", args=[second.batch.pk]))
    plan = page.context["plan"]
    assert (len(plan.remove), len(plan.restore), len(plan.kept)) == (1, 1, 0)
    assert "Brand new" in page.content.decode() and "back to “Old title”" in page.content.decode()

    response = admin_client.post(reverse("admin:articles_importbatch_undo", args=[second.batch.pk]))
    assert response["Location"] == reverse("admin:articles_importbatch_progress", args=[second.batch.pk])
    assert not Article.objects.filter(external_id="wire:new").exists()
    assert Article.objects.filter(pk=kept.pk).values().get() == before
    assert list(ArticleTopic.objects.filter(article=kept).values_list("topic", flat=True)) == [weather.pk]
    assert list(RelatedLink.objects.filter(article=kept).values_list("title", flat=True)) == [
        "An old related story"
    ]
    batch = ImportBatch.objects.get(pk=second.batch.pk)
    assert batch.status == "undone" and "1 removed, 1 put back" in batch.message
    assert first.batch.articles.count() == 2
    # Once is enough.
    assert undo.plan(batch).refusal == "This import was already undone."


def test_undoing_an_older_batch_changes_the_version_cached_pages_are_kept_under():
    from articles.selectors.cache import archive_version

    older = run(line("a", "Older")).batch
    run(line("b", "Newer"))  # the newest article and batch stay: no maximum of theirs moves
    before = archive_version()
    older.refresh_from_db()
    undo.undo_batch(older)
    assert not Article.objects.filter(title="Older").exists()
    assert archive_version() != before


def test_undo_leaves_an_article_edited_since_as_it_is():
    batch = run(line("a", "Imported")).batch
    ImportBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now() - dt.timedelta(minutes=1))
    batch.refresh_from_db()
    article = Article.objects.get()
    article.title = "Corrected by an editor"
    article.save()
    plan = undo.undo_batch(batch)
    assert plan.remove == [] and [reason for _, reason in plan.kept] == ["it was edited after this import"]
    assert Article.objects.get().title == "Corrected by an editor"


def test_a_batch_from_before_undo_kept_snapshots_is_refused_with_the_reason():
    run(line("a", "One"))
    batch = run(line("a", "Two")).batch
    ImportItem.objects.filter(batch=batch).update(previous=None)
    assert "cannot be put back" in undo.plan(batch).refusal


def test_deleting_a_batch_says_it_keeps_the_articles_and_offers_undo(admin_client):
    batch = run(line("a", "One"), line("b", "Two")).batch
    page = admin_client.get(reverse("admin:articles_importbatch_delete", args=[batch.pk]))
    content = page.content.decode()
    assert page.status_code == 200 and "stay in the archive" in content
    assert reverse("admin:articles_importbatch_undo", args=[batch.pk]) in content
    admin_client.post(reverse("admin:articles_importbatch_delete", args=[batch.pk]), {"post": "yes"})
    assert not ImportBatch.objects.exists() and Article.objects.count() == 2


# -- the admin upload ------------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused_from_its_content_length_before_the_body_is_read(
    admin_client, settings, staging_dir
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    # The body claims 2 GB but holds a few bytes: reading it would fail (the test client refuses to
    # read past what was sent), so only a refusal from the header alone answers cleanly.
    response = admin_client.generic(
        "POST",
        IMPORT_URL,
        b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 303 and response["Location"] == IMPORT_URL
    page = admin_client.get(IMPORT_URL).content.decode()
    assert "The upload is 2.0\xa0GB; the limit is 1000\xa0bytes" in page
    assert not staging_dir.exists()


def test_an_upload_returns_at_once_and_the_preview_waits_for_a_worker(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = upload(admin_client, jsonl(line("a", "One")))
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    content = page.content.decode()
    assert "Preparing the preview" in content and '<meta http-equiv="refresh"' in content
    assert "js/import_waiting.js" in content
    status = admin_client.get(response["Location"] + "status.json").json()
    assert status["ready"] is False
    assert DBTaskResult.objects.get().task_path == "articles.tasks.preview_upload"


@pytest.fixture
def worker():
    """Runs the database backend's own worker command until the queue is empty."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    return run_worker


# The worker closes the connection between tasks (close_old_connections), as in production: a test
# transaction would be lost with it on PostgreSQL, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_and_its_worker_run_the_preview_and_the_import(admin_client, settings, worker):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    data = jsonl(line("a", "One"), line("b", "Two"), {"id": "c", "title": ""})
    preview_url = upload(admin_client, data)["Location"]
    worker()
    preview = admin_client.get(preview_url)
    assert preview.context["counts"]["created"] == 2 and preview.context["counts"]["failed"] == 1

    progress_url = admin_client.post(preview_url, {"confirm": "Import"})["Location"]
    batch = ImportBatch.objects.get()
    assert batch.status == "queued" and batch.total == 3 and Article.objects.count() == 0
    page = admin_client.get(progress_url).content.decode()
    assert "Queued" in page and "js/import_progress.js" in page and 'http-equiv="refresh"' in page

    worker()
    state = admin_client.get(reverse("admin:articles_importbatch_progress_json", args=[batch.pk])).json()
    assert state["status"] == "finished" and state["ended"] is True
    assert (state["done"], state["total"], state["percent"]) == (3, 3, 100)
    assert (state["created"], state["failed"]) == (2, 1)
    assert Article.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    page = admin_client.get(progress_url).content.decode()
    assert "Finished" in page and 'http-equiv="refresh"' not in page and "Undo this import" in page


def test_the_progress_page_is_its_importers_or_a_report_readers(client, settings):
    owner = User.objects.create_user("owner", password="pw", is_staff=True)
    stranger = User.objects.create_user("stranger", password="pw", is_staff=True)
    permission = Permission.objects.get(codename="import_articles")
    owner.user_permissions.add(permission)
    stranger.user_permissions.add(permission)
    batch = ImportBatch.objects.create(created_by=owner)
    url = reverse("admin:articles_importbatch_progress", args=[batch.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 200


# -- migration 0008 --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_0008_maps_old_statuses_and_reverses():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("articles", "0007_canonical_partial_indexes")], [("articles", "0008_import_jobs")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("articles", "ImportBatch")
    done, running = old.objects.create(status="done"), old.objects.create(status="running")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # A batch left "running" before there was a heartbeat had stopped: nothing can say otherwise.
    # (Read as 0008 left the table: later migrations add columns the current model reads.)
    migrated = executor.loader.project_state(after).apps.get_model("articles", "ImportBatch")
    assert migrated.objects.get(pk=done.pk).status == "finished"
    assert migrated.objects.get(pk=running.pk).status == "interrupted"

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    rows = dict(old.objects.values_list("pk", "status"))
    assert rows == {done.pk: "done", running.pk: "running"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_preview_discarded_while_it_is_made_stops_quietly(monkeypatch):
    from articles.staging import Staging
    from articles.tasks import preview_upload

    staging = Staging.create(
        [SimpleUploadedFile("wire.jsonl", jsonl(*[line(f"d{n}", f"Story {n}") for n in range(1200)]))],
        user=User.objects.create_user("ed"),
        format="auto",
        default_source="",
    )
    real = Staging.save_progress

    def discard_then_save(self, progress):
        staging.delete()  # the admin pressed "Discard this upload" meanwhile
        real(self, progress)

    monkeypatch.setattr(Staging, "save_progress", discard_then_save)
    result = preview_upload.enqueue(staging.token)
    assert result.status == "SUCCESSFUL" and not staging.path.exists()
