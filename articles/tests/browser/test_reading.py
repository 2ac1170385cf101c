"""The rough edges a new reader ran into (issue 15), as that reader sees them at 1280 and 390 px: pagers
whose words match the order, the sort the page really uses, chips that stop at a few, honest empty
pages, the seed article's provenance, exports named after the search, and ways around long lists."""

import io
import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.importers.records import InputDocument
from articles.ingest import import_documents

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# One article tagged with many places and topics, as a gazetteer run can leave a long roundup.
MANY_PLACES = [f"Town {n:02d}" for n in range(1, 32)]
MANY_TOPICS = [f"Theme {n:02d}" for n in range(1, 16)]
EXTRA = [
    {
        "id": "reading:roundup",
        "title": "Roundup of the week in the provinces",
        "body": "News from every town in the provinces.",
        "published_at": "2024-01-04",
        "source": "Provincial Wire",
        "topics": [{"name": name} for name in MANY_TOPICS],
        "places": [{"name": name, "kind": "city", "country_code": "CA"} for name in MANY_PLACES],
    },
]


@pytest.fixture
def archive(live_server):
    call_command("load_demo", stdout=io.StringIO())
    lines = "\n".join(json.dumps(record) for record in EXTRA).encode()
    report = import_documents([InputDocument(name="reading.jsonl", data=lines)])
    assert report.failed == 0
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def first_title(page) -> str:
    return page.locator(".result-list .result__title, .teaser__title").first.inner_text()


def test_the_sort_menu_shows_the_order_used(archive, page):
    page.goto(archive + "/sources/wikinews/")
    expect(page.get_by_label("Sort by")).to_have_value("newest")
    expect(page.get_by_label("Sort by").locator("option:checked")).to_have_text("Newest first")
    page.goto(archive + "/search/?q=missile")
    expect(page.get_by_label("Sort by").locator("option:checked")).to_have_text("Best match")
