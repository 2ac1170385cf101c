"""What a researcher does in a real browser: search, refine, page through, read, follow a link.

Every test runs against the live server with the demo archive (the seed page and 293 Wikinews
articles) plus a few tagged articles, and saves screenshots under test-artifacts/.
"""

import re

import pytest
from playwright.sync_api import expect

# The seed page prints "Air Transat flight attendants reject tentative contract deal" under "Top Stories";
# archiving that story makes the printed link lead to it.
EXTRA = [
    {
        "id": "browser:1",
        "title": "Air Transat flight attendants reject tentative contract deal",
        "body": "Flight attendants at Air Transat voted to reject a deal.\n\nTalks resume next week.",
        "published_at": "2024-01-03T12:00:00-05:00",
        "source": "The Canadian Press",
        "topics": [{"name": "Labour", "slug": "labour"}],
        "places": [{"name": "Canada", "slug": "canada", "kind": "country", "country_code": "CA"}],
    },
    {
        "id": "browser:2",
        "title": "Patriot missile deliveries to Ukraine speed up",
        "body": "Allies said missile deliveries would arrive within weeks.",
        "published_at": "2024-01-05T09:00:00-05:00",
        "source": "Reuters",
        "topics": [{"name": "Conflict, war and peace", "slug": "conflict-war-and-peace"}],
        "places": [{"name": "Ukraine", "slug": "ukraine", "kind": "country", "country_code": "UA"}],
    },
]
ARCHIVE_EXTRA = EXTRA  # loaded once for the module by conftest's `archive`
# Each test runs in a transaction rolled back after it (never a flush, which would empty the archive).
pytestmark = pytest.mark.django_db

VIEWPORT_PHONE = {"width": 360, "height": 780}


def test_search_refine_page_through_and_read(archive, page, screenshot):
    page.goto(archive + "/")
    page.get_by_role("searchbox").first.fill("missile")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=missile"))
    heading = page.get_by_role("heading", name=re.compile(r"\d+ match"))
    expect(heading).to_be_visible()
    total = int(re.search(r"(\d+) match", heading.inner_text())[1])
    assert total >= 3
    expect(page.locator("mark").first).to_be_visible()
    screenshot("results")

    # Add a facet: the Reuters source. The filter shows as a chip and the matches narrow.
    page.locator(".facets").get_by_role("link", name="Reuters").click()
    expect(page).to_have_url(re.compile(r"source=reuters"))
    expect(page.get_by_role("heading", name=re.compile(r"^1 match"))).to_be_visible()
    chip = page.locator(".chips").get_by_role("link", name=re.compile("Reuters"))
    expect(chip).to_be_visible()
    screenshot("refined")

    # Remove it again: back to every match, and the words are kept.
    chip.click()
    expect(page.get_by_role("heading", name=re.compile(rf"^{total} match"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=missile"))
    expect(page).not_to_have_url(re.compile(r"source="))

    # Open the first result: its article page has the headline.
    first = page.locator(".result-list a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    screenshot("article")


def test_paging_keeps_every_filter(archive, page, screenshot):
    page.goto(archive + "/search/?source=wikinews&sort=oldest")
    expect(page.get_by_text(re.compile(r"Page 1 of \d+"))).to_be_visible()
    first_on_page_one = page.locator(".result-list a").first.inner_text()
    page.get_by_role("link", name=re.compile("Later")).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(r"source=wikinews"))
    expect(page).to_have_url(re.compile(r"sort=oldest"))
    expect(page.get_by_text(re.compile(r"Page 2 of \d+"))).to_be_visible()
    assert page.locator(".result-list a").first.inner_text() != first_on_page_one
    screenshot("page-2")


def test_a_related_link_leads_to_the_archived_story(archive, page, screenshot):
    page.goto(archive + "/search/?q=%22Patriot+missiles%22+NATO")
    page.get_by_role("link", name=re.compile("NATO to help buy 1,000 Patriot missiles")).first.click()
    related = page.locator(".related")
    expect(related.get_by_role("heading", name="Top Stories")).to_be_visible()
    expect(related.get_by_text("2:33")).to_be_visible()
    screenshot("related")
    related.get_by_role("link", name="Air Transat flight attendants reject tentative contract deal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Air Transat flight attendants reject tentative contract deal"
    )
    expect(page.get_by_role("link", name="Labour")).to_be_visible()


def test_topic_and_place_links_lead_to_filtered_pages(archive, page):
    page.goto(archive + "/search/?q=deliveries")
    page.locator(".result-list a").first.click()
    page.get_by_role("link", name="Ukraine").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ukraine")
    expect(page.get_by_role("link", name=re.compile("Patriot missile deliveries"))).to_be_visible()


def test_date_archive_browses_by_year_month_and_day(archive, page, screenshot):
    page.goto(archive + "/archive/")
    page.get_by_role("link", name="2024").first.click()
    expect(page).to_have_url(re.compile(r"/archive/2024/$"))
    page.get_by_role("link", name=re.compile("January")).first.click()
    expect(page).to_have_url(re.compile(r"/archive/2024/1/$"))
    expect(page.get_by_role("link", name=re.compile("NATO to help buy"))).to_be_visible()
    screenshot("archive-month")


def test_the_keyboard_can_skip_the_timeline_to_the_results(archive, page):
    # Every bar is a link: a keyboard went through a bar a month (or a day) before the first result.
    page.goto(archive + "/search/?q=election")
    skip = page.get_by_role("link", name=re.compile(r"Skip the chart's \d+ bars to the results"))
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first_result = page.locator(".result-list .result__title a").first
    expect(first_result).to_be_focused()


def test_the_keyboard_can_jump_to_the_facets_on_a_wide_screen(archive, page):
    # On a wide screen the facets sit beside the results, after them in the tab order: a keyboard went
    # through the chart's bars and every result's links, 207 stops, before the first topic (stop 25's
    # review). The phone's "Refine" link is there too, shown when it has the focus.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(archive + "/search/?q=election")
    page.get_by_role("link", name=re.compile(r"^Show every copy|^Sign in to save")).last.focus()
    page.keyboard.press("Tab")
    jump = page.get_by_role("link", name="Refine by date, topic, place or source ↓")
    expect(jump).to_be_focused()
    expect(jump).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".facets a").first).to_be_focused()


def test_each_narrowing_field_is_described_by_its_own_help(archive, page):
    # A screen reader read the Pages help with the Language box and nothing with the Pages list; and
    # inputmode=numeric gave phones a keypad of digits alone, with no "-" for 2024-01-31 (stop 27).
    page.goto(archive + "/search/")
    expect(page.locator("#id_kind")).to_have_accessible_description(re.compile(r"digests, galleries"))
    expect(page.locator("#id_language")).to_have_accessible_description(
        re.compile(r"^Language: a two-letter code")
    )
    expect(page.locator("#id_language")).not_to_have_accessible_description(re.compile(r"galleries"))
    for box in ("#id_date_from", "#id_date_to"):
        expect(page.locator(box)).to_have_accessible_description(re.compile(r"a month \(2024-01\)"))
        assert page.locator(box).get_attribute("inputmode") in (None, "text")


def test_search_works_without_javascript(browser, archive):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(archive + "/search/")
    page.get_by_label("Search for").fill('"air assault"')
    page.get_by_label("From").fill("2024")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=re.compile(r"^1 match"))).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/search/?q=missile", "/search/?q=election&page=2", "ARTICLE"],
    ids=["home", "search", "search-pages", "article"],
)
def test_no_sideways_scrolling_on_a_phone(browser, archive, path, request):
    context = browser.new_context(viewport=VIEWPORT_PHONE)
    page = context.new_page()
    if path == "ARTICLE":
        page.goto(archive + "/search/?q=NATO+Patriot")
        page.locator(".result-list .result__title a").first.click()
        page.wait_for_url(re.compile(r"/articles/"))
        page.wait_for_load_state()
    else:
        page.goto(archive + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(_artifact(f"{request.node.name}.png")), full_page=True)
    context.close()
    assert overflow <= 0


def _artifact(name):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


PAGE_TYPES = {
    "home": "/",
    "search": "/search/?q=missile",
    "search-empty": "/search/?q=zzzzqqq",
    "search-bad-input": "/search/?date_from=2024-13&topic=nope&page=abc",
    "list": "/articles/",
    "archive": "/archive/",
    "archive-year": "/archive/2024/",
    "archive-month": "/archive/2024/1/",
    "archive-day": "/archive/2024/1/3/",
    "topics": "/topics/",
    "topic": "/topics/labour/",
    "places": "/places/",
    "place": "/places/ukraine/",
    "sources": "/sources/",
    "source": "/sources/reuters/",
    "not-found": "/articles/999999/nothing/",
    "facet-values": "/search/values/place/?q=missile",
    "search-page-3": "/search/?q=said&page=3&per_page=50",
}


@pytest.mark.parametrize("name", [*PAGE_TYPES, "article"])
def test_no_serious_accessibility_violations(archive, page, axe, screenshot, name):
    if name == "article":
        page.goto(archive + "/search/?q=NATO+Patriot")
        page.locator(".result-list .result__title a").first.click()
        page.wait_for_url(re.compile(r"/articles/"))
        page.wait_for_load_state()
    else:
        page.goto(archive + PAGE_TYPES[name])
    screenshot(name)
    assert axe() == []


def test_the_accessibility_check_itself_finds_violations(page, axe):
    # Guards the scans above against passing because axe did not run.
    page.set_content("<html><body><img src='x.png'><input type='text'><a href='#'></a></body></html>")
    found = {violation["id"] for violation in axe()}
    assert {"image-alt", "label"} <= found


@pytest.mark.parametrize("path", ["/", "/search/", "/topics/labour/"], ids=["home", "search", "topic"])
def test_the_search_box_example_fits_on_a_phone(browser, archive, path):
    """Stop 28's review: at 360 px the search page's example was cut to `e.g. patriot missiles, "air defence`."""
    context = browser.new_context(viewport=VIEWPORT_PHONE)
    page = context.new_page()
    page.goto(archive + path)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('input[type=search][placeholder]')].map((box) => {
            const style = getComputedStyle(box, '::placeholder');
            const pen = document.createElement('canvas').getContext('2d');
            pen.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return {placeholder: box.placeholder, width: pen.measureText(box.placeholder).width, room};
        })"""
    )
    context.close()
    assert boxes
    for box in boxes:
        assert box["width"] <= box["room"], box
