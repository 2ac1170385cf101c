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


def test_an_oldest_first_archive_pages_to_later_articles(archive, page, screenshot):
    page.goto(archive + "/archive/2019/")
    expect(page.get_by_text(re.compile(r"oldest first"))).to_be_visible()
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager.get_by_role("link", name=re.compile("Older"))).to_have_count(0)
    first_date = page.locator(".teaser time").first.get_attribute("datetime")
    pager.get_by_role("link", name=re.compile("Later")).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    assert page.locator(".teaser time").first.get_attribute("datetime") >= first_date
    expect(pager.get_by_role("link", name=re.compile("Earlier"))).to_be_visible()
    screenshot("year-page-2")


def test_best_match_pages_are_previous_and_next_with_numbers_a_jump_and_a_size(archive, page, screenshot):
    page.goto(archive + "/search/?q=said")
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager.get_by_role("link", name=re.compile("Next"))).to_be_visible()
    expect(pager.get_by_text(re.compile("Older|Newer"))).to_have_count(0)
    expect(pager.locator("[aria-current=page]")).to_have_text(re.compile(r"1$"))

    # A page number, then a jump to a page by typing it: the words are kept.
    pager.get_by_role("link", name="Page 3", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=said&page=3|page=3&q=said"))
    expect(page.get_by_text(re.compile(r"showing 41–60"))).to_be_visible()
    pager.get_by_label("Go to page").fill("2")
    pager.get_by_role("button", name="Go").click()
    expect(page).to_have_url(re.compile(r"q=said.*page=2|page=2.*q=said"))
    expect(page.get_by_text(re.compile(r"showing 21–40"))).to_be_visible()
    expect(pager.get_by_role("link", name="Previous page")).to_be_visible()

    # Fifty a page, kept in the URL; the first result shown stays on the page.
    pager.get_by_role("link", name="50 per page").click()
    expect(page).to_have_url(re.compile(r"per_page=50"))
    expect(page.locator(".result-list > li")).to_have_count(50)
    expect(page.get_by_text(re.compile(r"showing 1–50"))).to_be_visible()
    screenshot("fifty")

    # A size not offered is refused with a note, not a 500 or a page of a million.
    page.goto(archive + "/search/?q=said&per_page=100000")
    expect(page.get_by_role("status")).to_contain_text("not offered")
    expect(page.locator(".result-list > li")).to_have_count(20)


def test_the_pager_fits_a_phone(archive, phone):
    phone.goto(archive + "/search/?q=said&page=4")
    pager = phone.get_by_role("navigation", name="Pages")
    expect(pager.get_by_role("link", name=re.compile("Next"))).to_be_visible()
    box = pager.get_by_role("link", name="Page 5", exact=True).bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_the_sort_menu_shows_the_order_used(archive, page):
    page.goto(archive + "/sources/wikinews/")
    expect(page.get_by_label("Sort by")).to_have_value("newest")
    expect(page.get_by_label("Sort by").locator("option:checked")).to_have_text("Newest first")
    page.goto(archive + "/search/?q=missile")
    expect(page.get_by_label("Sort by").locator("option:checked")).to_have_text("Best match")


@pytest.mark.parametrize("path", ["/search/?q=roundup", "/archive/2024/1/4/"], ids=["search", "archive"])
def test_a_result_shows_a_few_chips_then_more(archive, page, phone, path):
    for viewer in (page, phone):
        viewer.goto(archive + path)
        result = viewer.locator(".result, .teaser").filter(has_text="Roundup of the week")
        chips = result.locator(".tags .tag")
        expect(chips.filter(visible=True)).to_have_count(6)  # three places and three topics
        more = result.get_by_text(re.compile(r"\+40 more"))
        expect(more).to_be_visible()
        expect(result.get_by_role("link", name="Place: Town 31")).to_be_hidden()
        more.click()
        expect(result.get_by_role("link", name="Place: Town 31")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
