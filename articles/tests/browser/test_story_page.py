"""A story page on a phone: the copies of one wire story, each outlet and time, without sideways scrolling.

Runs against pytest-django's live server with three articles of its own (the demo archive is not needed).
"""

import pytest
from playwright.sync_api import expect

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.browser.conftest import ARTIFACTS
from articles.tests.test_ingest_stories import CUT_COPY, ORIGINAL, UPDATE, jsonl

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_story_page_lists_its_copies_within_a_phone_screen(live_server, phone):
    long_outlet = {"source": "The Very Long Name of a Regional Broadcaster and Its Morning Edition"}
    data = jsonl({**ORIGINAL, **long_outlet}, CUT_COPY, UPDATE)
    assert import_documents([InputDocument(name="wire.jsonl", data=data)], tag=False).failed == 0
    story = Article.objects.get(external_id="ctv:9").story
    phone.goto(live_server.url + f"/stories/{story.key}/")
    rows = phone.locator("table.copies tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first.get_by_role("link")).to_be_visible()
    box = phone.locator("#copies-title + .table-scroll")
    assert box.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    # On a phone the column heads are hidden and outlet and role share a line: "CityNews Staff Copy" read as
    # one outlet's name (stop 28's review). The role is a badge, as "Copy" is beside a search result.
    roles = rows.locator("td:last-child .badge")
    expect(roles).to_have_text(["First", "Copy", "Version"], ignore_case=True)
    assert roles.first.evaluate("badge => getComputedStyle(badge).borderTopStyle") == "solid"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "story-copies-phone.png"))
