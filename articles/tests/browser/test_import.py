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
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ImportBatch, Source
from articles.staging import Staging

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def sign_in_as_boss(page, live_server, django_user_model) -> None:
    """The browser signed in as a superuser, through a session the test client made."""
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("boss", password="pw"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


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
    sign_in_as_boss(page, live_server, django_user_model)

    page.goto(live_server.url + "/admin/articles/article/import/")
    page.locator("#id_files").set_input_files(str(upload))
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


def test_the_preview_shows_source_date_and_tags_and_the_batch_is_named_in_local_time(
    live_server, page, axe, screenshot, settings, tmp_path, django_user_model
):
    # Issue 15: the preview showed neither the source, date and tags nor that a new source would be
    # created; the batch was named in UTC beside its fields in local time.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    settings.AUTO_TAG_ON_IMPORT = True
    records = [
        {
            "id": "storm",
            "title": "Storm closes port of Halifax",
            "body": "The storm closed the port of Halifax, Nova Scotia, on Wednesday. Ferries stayed in.",
            "dateline": "HALIFAX",
            "source": "Dockside Weekly",
            "published_at": "2024-01-03T14:37:00-05:00",
            "topics": ["Shipping"],
        },
        {
            "id": "strike",
            "title": "Dock strike",
            "body": "Crews stop.",
            "source": "Dockside Weekly",
            "date": "2024-02",
        },
    ]
    upload = tmp_path / "wire.jsonl"
    upload.write_text("".join(json.dumps(record) + "\n" for record in records))
    sign_in_as_boss(page, live_server, django_user_model)

    page.goto(live_server.url + "/admin/articles/article/import/")
    expect(page.get_by_text("kept for 24 hours")).to_be_visible()
    page.locator("#id_files").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    # The preview is queued once the upload has come back; only then has the worker something to run.
    expect(page.get_by_role("heading", name="Import articles: preparing the preview")).to_be_visible()
    run_worker()
    expect(page.get_by_text("2 would be created")).to_be_visible()
    warning = page.locator("#import-new-sources")
    expect(warning).to_contain_text("1 new source will be created")
    expect(warning).to_contain_text("Dockside Weekly (2 articles)")
    storm = page.locator("table.import-items tr", has_text="Storm closes port of Halifax")
    expect(storm.locator(".import-source")).to_contain_text("new source: Dockside Weekly will be created")
    expect(storm.locator(".import-date")).to_have_text("3 January 2024, 2:37 p.m.")
    expect(storm.locator(".import-topics")).to_contain_text("Shipping")
    expect(storm.locator(".import-places")).to_contain_text("Halifax auto")  # found by the tagger
    strike = page.locator("table.import-items tr", has_text="Dock strike")
    expect(strike.locator(".import-date")).to_have_text("February 2024 (month only)")
    screenshot("preview-details")
    assert axe() == []
    # On a phone (stop 28's review) the nine columns made the whole page scroll sideways, the admin's header
    # and buttons a third of its width; the table scrolls in its own box now, which keys can scroll too.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    box = page.locator(".import-items-scroll")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())  # keys scroll it (smoothly)
    screenshot("preview-phone")
    assert axe() == []
    page.set_viewport_size({"width": 1280, "height": 900})
    assert Article.objects.count() == 0 and not Source.objects.filter(name="Dockside Weekly").exists()

    page.get_by_role("button", name="Import 2 articles").click()
    # The import is queued once the progress page opens; only then has the worker something to run.
    expect(page).to_have_url(re.compile(r"/admin/articles/importbatch/\d+/progress/$"))
    progress = page.url
    # This test is about the preview and the batch's name, not the live bar (the test above follows it):
    # the page is left while the worker runs, because the test database (SQLite in memory, shared by
    # the live server's threads) locks a table being read by the page's polling at once, with no wait,
    # and the import's first write then fails (a production SQLite file waits for the lock instead).
    page.goto("about:blank")
    run_worker()
    page.goto(progress)
    expect(page.locator("#import-status")).to_have_text("Finished")
    batch = ImportBatch.objects.get()
    local = timezone.localtime(batch.started_at)
    assert local.utcoffset()  # America/Toronto: a name in UTC would differ
    page.goto(live_server.url + f"/admin/articles/importbatch/{batch.pk}/change/")
    expect(page.locator("body")).to_contain_text(f"Import #{batch.pk} ({local:%Y-%m-%d %H:%M})")
    expect(page.locator("body")).not_to_contain_text(f"({batch.started_at:%Y-%m-%d %H:%M})")


def test_a_folder_is_sent_in_parts_with_a_progress_bar_and_previewed_once(
    live_server, page, axe, screenshot, settings, tmp_path, django_user_model
):
    # A folder of more files than one request may carry: the page sends it in parts (two files each
    # here), skips what the import command skips in a folder, and opens one preview of the whole.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    settings.IMPORT_MAX_FILES = 2
    folder = tmp_path / "crawl"
    (folder / "2024").mkdir(parents=True)
    titles = [
        "Harbour storm closes the port",
        "Council approves new library budget",
        "Old river bridge reopens after repairs",
        "Schools shut as snow blankets the valley",
        "Regional rail strike enters its second week",
    ]
    for number, title in enumerate(titles):
        where = folder / "2024" if number % 2 else folder
        (where / f"page{number}.txt").write_text(
            f" date 2024-03-0{number + 1} {title}\n\nOfficials said on Wednesday that the matter would be"
            f" discussed at length by the regional council, which meets again next month.\n"
        )
    (folder / "README.md").write_text("# Crawled on 3 March\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    sign_in_as_boss(page, live_server, django_user_model)

    page.goto(live_server.url + "/admin/articles/article/import/")
    page.locator("#id_folder").set_input_files(str(folder))
    expect(page.locator("#upload-text")).to_have_text(
        re.compile(r"^7 files \(\d+ bytes\) will be sent in 4 parts\.$")
    )
    screenshot("folder-chosen")
    assert axe() == []
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Import articles: preparing the preview")).to_be_visible()
    expect(page.get_by_text("5 files (")).to_be_visible()  # the note and the hidden file were left out
    run_worker()
    expect(page.get_by_text("5 would be created")).to_be_visible()
    page.get_by_role("button", name="Import 5 articles").click()
    run_worker()
    expect(page.locator("#import-status")).to_have_text("Finished")
    assert set(Article.objects.values_list("title", flat=True)) == set(titles)


def test_a_chosen_folder_is_sized_in_the_units_the_limits_and_the_preview_use(
    live_server, page, tmp_path, django_user_model
):
    # The page said "1 files (1.5 KB)" beside limits in MiB and a preview in KiB (stop 24's review).
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "page.txt").write_text(
        " date 2024-03-01 Harbour storm closes the port\n\n" + "Officials said so. " * 78
    )
    assert (folder / "page.txt").stat().st_size == 1530
    sign_in_as_boss(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/articles/article/import/")
    page.locator("#id_folder").set_input_files(str(folder))
    expect(page.locator("#upload-text")).to_have_text("1 file (1.5 KiB) will be sent in 1 part.")


def test_a_folder_is_sent_in_the_order_the_import_command_reads_it(
    live_server, page, settings, tmp_path, django_user_model
):
    # The browser lists a folder's files in whatever order its file system gives; the preview and the
    # report listed 320 pages shuffled (stop 24's review). They follow the command's order now.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, never run
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    folder = tmp_path / "crawl"
    (folder / "m").mkdir(parents=True)
    words = ["kilo", "alfa", "quebec", "echo", "xray", "golf", "mike", "charlie", "zulu", "oscar"]
    paths = [
        folder / "m" / f"{word}.txt" if number % 3 == 0 else folder / f"{word}.txt"
        for number, word in enumerate(words)
    ]
    for path in paths:
        path.write_text(f" date 2024-03-01 Report {path.name}\n\nThe council met on Friday.\n")
    sign_in_as_boss(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/articles/article/import/")
    page.locator("#id_folder").set_input_files(str(folder))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Import articles: preparing the preview")).to_be_visible()
    token = page.url.rstrip("/").rsplit("/", 1)[-1]
    stored = [entry["name"] for entry in Staging(token).manifest["files"]]
    # depth first in name order, as articles.importers.containers walks a folder: alfa, charlie, golf,
    # m/echo, m/kilo, m/mike, m/oscar, quebec, ... each named by its path in the folder chosen
    expected = sorted(paths, key=lambda path: path.relative_to(folder).parts)
    assert stored == [path.relative_to(folder).as_posix() for path in expected]
    assert "m/echo.txt" in stored


READABLE = """cell => {
    // Readable: nothing clips the cell unless the clipping box scrolls (a box that clips hides it for good).
    // A box that scrolls shows the cell in turn: from there on, the box's own edge must not be clipped.
    let right = cell.getBoundingClientRect().right;
    for (let box = cell.parentElement; box; box = box.parentElement) {
        const overflow = getComputedStyle(box).overflowX;
        if (overflow === "auto" || overflow === "scroll") right = box.getBoundingClientRect().right;
        if ((overflow === "hidden" || overflow === "clip") && right > box.getBoundingClientRect().right + 1) return false;
    }
    return right <= window.innerWidth;
}"""


def test_a_batch_report_can_be_read_on_a_phone(live_server, page, screenshot, django_user_model):
    """Stop 28's review: at 360 px the report's tables ran past the admin's form row, which clips them, so a
    failure's message was cut off mid-word with no way to scroll to the rest."""
    batch = ImportBatch.objects.create(via="admin", status="finished", total=2, failed=2)
    message = "'published_at' is not a date: 'not a date' (write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)"
    batch.items.create(name="small.jsonl line 4", status="failed", message=message)
    batch.items.create(
        name="broken.txt", status="failed", message="not a text file (it looks like binary data)"
    )
    sign_in_as_boss(page, live_server, django_user_model)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + f"/admin/articles/importbatch/{batch.pk}/change/")
    cell = page.locator("td", has_text="is not a date")
    expect(cell).to_be_visible()
    assert cell.evaluate(READABLE)
    box = page.get_by_role("region", name="Failed items")
    box.focus()
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the table is wider than the phone
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())  # keys scroll it (smoothly)
    screenshot("report-phone")
