"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

They skip, saying why, when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (CI), which turns
the skip into a failure. Screenshots go to test-artifacts/ at the top of the repository, or to the
folder TEST_ARTIFACTS names (relative to the repository; CI gives its SQLite and PostgreSQL runs one each).
"""

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the live server's database work happens
# in its own thread, and test set-up here is ordinary synchronous ORM code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / os.environ.get("TEST_ARTIFACTS", "test-artifacts")
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Marks the browser tests, and runs the modules that share one loaded `archive` after every other test.

    pytest-django runs plain database tests first, then those that flush the database (transactional and
    live-server tests), then tests without a database. `archive` empties the database when its module
    ends, which would take the data migrations' rows (groups, topics) from the plain tests after it; at
    the end it takes nothing anyone still needs. Each module's tests stay together, in file order.
    """
    browser_tests = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    # (other folders have `archive` fixtures of their own: bench's smoke test does)
    shared = [item for item in browser_tests if "archive" in getattr(item, "fixturenames", ())]
    if shared:
        ids = {id(item) for item in shared}
        items[:] = [item for item in items if id(item) not in ids] + shared


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"needs Chromium at {CHROMIUM} (`make browser` installs it)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def archive(request, django_db_setup, django_db_blocker):
    """The demo archive (the seed page and the Wikinews set) plus the module's ARCHIVE_EXTRA records,
    served by a live server of its own; returns its URL.

    Loaded once per module and emptied when the module ends, as pytest-django's live_server empties the
    database after each test: loading the demo takes seconds, and the tests that use this fixture only
    read. They carry a plain django_db mark (each test in a transaction rolled back after it); never
    transaction=True or live_server, whose flush after each test would empty the archive for the next one.
    A test that writes uses live_server and data of its own instead (test_story_page.py).
    """
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    from articles.importers.records import InputDocument
    from articles.ingest import import_documents

    records = getattr(request.module, "ARCHIVE_EXTRA", [])
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        if records:
            data = "\n".join(json.dumps(record) for record in records).encode()
            report = import_documents([InputDocument(name=f"{request.module.__name__}.jsonl", data=data)])
            assert report.failed == 0, report
    address = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    server = LiveServer(address)
    server._live_server_modified_settings.enable()
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            _empty_databases()
            connections.close_all()  # this thread's, the replica's among them: none outlives the module


def _empty_databases():
    from django.conf import settings

    for alias, config in settings.DATABASES.items():
        if not config.get("TEST", {}).get("MIRROR"):
            call_command("flush", database=alias, interactive=False, verbosity=0)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A page in a phone-sized window (390 x 844), beside or instead of `page`."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves test-artifacts/<test>-<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def axe(page):
    """axe(): run axe-core on the current page; returns the serious and critical violations."""
    source = AXE.read_text(encoding="utf-8")

    def run() -> list[dict]:
        page.add_script_tag(content=source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:5]],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run
