"""Citing from the article page, as a researcher's browser and Zotero's connector see it: the meta
tags read off the rendered page, the Cite box's copy buttons (under the site's real CSP), the page
without JavaScript, and the RIS/BibTeX downloads from a search."""

import re
from pathlib import Path

import pytest
import rispy
from playwright.sync_api import expect

from articles.tests.factories import local, make_article, make_source, make_topic

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

MLA = (
    "Roe, Jane, and John Doe. “Harbour Reopens After the Storm.” The Chronicle Herald, 4 Jan. 2024, "
    "https://example.com/harbour."
)


@pytest.fixture
def article(live_server):
    return make_article(
        "Harbour reopens after the storm",
        byline="By Jane Roe and John Doe, The Chronicle Herald",
        source=make_source("The Chronicle Herald"),
        url="https://example.com/harbour",
        published_at=local(2024, 1, 4, 0),
        date_precision="day",
        topics=[make_topic("Weather")],
    )


def test_meta_tags_and_copy_button(browser, live_server, article, request):
    # The site's own Content-Security-Policy applies: the copy script is a static file.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Security Policy" in message.text else None
    )
    page.goto(live_server.url + article.get_absolute_url())

    def meta(name):
        return page.locator(f'meta[name="{name}"]').evaluate_all("tags => tags.map(tag => tag.content)")

    assert meta("citation_title") == ["Harbour reopens after the storm"]
    assert meta("citation_author") == ["Roe, Jane", "Doe, John"]
    assert meta("citation_publication_date") == ["2024/01/04"]
    assert meta("citation_journal_title") == ["The Chronicle Herald"]
    assert meta("citation_public_url") == [live_server.url + article.get_absolute_url()]
    assert meta("citation_fulltext_html_url") == ["https://example.com/harbour"]

    box = page.get_by_role("region", name="Cite")
    expect(box.get_by_role("heading", name="MLA (9th edition)")).to_be_visible()
    expect(page.locator("#cite-mla")).to_have_text(MLA)
    box.get_by_role("button", name="Copy MLA").click()
    button = box.locator('button[data-copy="cite-mla"]')  # its name changes when it is pressed
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == MLA
    assert errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def test_citations_are_text_without_javascript(browser, live_server, article):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("#cite-mla")).to_have_text(MLA)
    expect(page.get_by_role("button", name="Copy MLA")).to_be_hidden()
    context.close()


def test_search_downloads_ris(page, live_server, article):
    page.goto(live_server.url + "/search/?q=harbour")
    with page.expect_download() as download:
        page.get_by_role("link", name="RIS").click()
    assert re.search(r"\.ris$", download.value.suggested_filename)
    [record] = rispy.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert record["title"] == "Harbour reopens after the storm"
    assert record["authors"] == ["Roe, Jane", "Doe, John"]
