"""An editor imports a file in the admin, in a real browser, with the import running in the worker.

The tasks go through the real database backend; the test runs its worker (`db_worker --batch`) at the
moments a production worker would pick them up, and the pages' own scripts notice and move on.
"""

import json
import re
import signal

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from articles.models import Article, ImportBatch

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def test_an_upload_is_previewed_imported_and_followed_to_finished(
    live_server, page, axe, screenshot, settings, tmp_path, django_user_model
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    records = [
        {"id": "one", "title": "Harbour storm closes the port", "body": "Ferries stayed in."},
        {"id": "two", "title": "Council approves library budget", "body": "After a long debate."},
        {"id": "three", "title": ""},
    ]
    upload = tmp_path / "wire.jsonl"
    upload.write_text("".join(json.dumps(record) + "\n" for record in records))
    user = django_user_model.objects.create_superuser("boss", password="pw")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/admin/articles/article/import/")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    # The upload came back at once; the preview waits for a worker.
    expect(page.get_by_role("heading", name="Import articles: preparing the preview")).to_be_visible()
    screenshot("preparing")

    run_worker()
    expect(page.get_by_text("2 would be created")).to_be_visible()  # the page reloaded itself
    page.get_by_role("button", name="Import 2 articles").click()
    expect(page).to_have_url(re.compile(r"/admin/articles/importbatch/\d+/progress/$"))
    expect(page.locator("#import-status")).to_have_text("Queued")
    assert Article.objects.count() == 0

    run_worker()
    expect(page.locator("#import-status")).to_have_text("Finished")
    expect(page.locator("#import-created")).to_have_text("2")
    expect(page.locator("#import-failed")).to_have_text("1")
    expect(page.locator("#import-done")).to_have_text("3")
    expect(page.locator("#import-bar")).to_have_attribute("value", "3")
    expect(page.get_by_role("link", name="Undo this import")).to_be_visible()
    screenshot("finished")
    assert axe() == []
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created, batch.failed, batch.total) == ("finished", 2, 1, 3)

    # Undo, from its preview: both articles go.
    page.get_by_role("link", name="Undo this import").click()
    expect(page.get_by_text("2 created articles removed")).to_be_visible()
    page.get_by_role("button", name=f"Undo import #{batch.pk}").click()
    expect(page.locator("#import-status")).to_have_text("Being undone")
    run_worker()
    expect(page.locator("#import-status")).to_have_text("Undone")
    assert Article.objects.count() == 0
