"""The rough edges a new reader ran into (issue 15), as that reader sees them at 1280 and 390 px: pagers
whose words match the order, the sort the page really uses, chips that stop at a few, honest empty
pages, the seed article's provenance, exports named after the search, and ways around long lists."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.tests.browser.conftest import PHONE
from articles.tests.browser.test_browse import EXTRA as BROWSE_EXTRA

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
ARCHIVE_EXTRA = [*BROWSE_EXTRA, *EXTRA]  # loaded once for the module by conftest's `archive`
# Each test runs in a transaction rolled back after it (never a flush, which would empty the archive).
pytestmark = pytest.mark.django_db


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


def test_an_empty_result_says_so_and_offers_a_way_out(archive, page, phone, screenshot):
    for viewer in (page, phone):
        viewer.goto(archive + "/search/?q=zzzzqqq&source=reuters")
        expect(viewer.get_by_role("heading", name="No matches")).to_be_visible()
        expect(viewer.get_by_text("Nothing in the archive matches this search.")).to_be_visible()
        expect(viewer.get_by_role("heading", name="Refine")).to_have_count(0)
        expect(viewer.get_by_role("link", name=re.compile("Export CSV|JSON"))).to_have_count(0)
        expect(viewer.get_by_role("link", name=re.compile("Refine by"))).to_have_count(0)
    screenshot("empty")
    page.locator(".empty-result").get_by_role("link", name=re.compile("Without words")).click()
    expect(page).to_have_url(re.compile(r"/search/\?source=reuters$"))
    expect(page.get_by_role("heading", name=re.compile(r"^1 match"))).to_be_visible()


def test_permalinks_carry_no_empty_parameters(archive, browser, page):
    # Typed into the form (blank dates, the sort left as it was): the URL holds only the words.
    page.goto(archive + "/topics/labour/")
    page.get_by_label("Search within Labour").fill("flight")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/topics/labour/\?q=flight$"))
    expect(page.get_by_label("Sort by").locator("option:checked")).to_have_text("Best match")

    # An old link with empty parameters lands on its clean URL; so does the form without a script.
    page.goto(archive + "/search/?q=missile&date_from=&date_to=&topic=")
    expect(page).to_have_url(re.compile(r"/search/\?q=missile$"))
    context = browser.new_context(java_script_enabled=False)
    bare = context.new_page()
    bare.goto(archive + "/search/")
    bare.get_by_label("Search for").fill("missile")
    bare.get_by_role("button", name="Search").click()
    expect(bare).to_have_url(re.compile(r"/search/\?q=missile$"))
    expect(bare.get_by_label("Sort by").locator("option:checked")).to_have_text("Best match")
    expect(bare.get_by_role("heading", name=re.compile(r"\d+ match"))).to_be_visible()
    for href in bare.locator("a[href*='?']").evaluate_all("links => links.map(a => a.href)"):
        assert not re.search(r"[?&][a-z_]+=(&|$)", href), href
    context.close()


def test_the_seed_article_is_honest_about_its_origin_and_its_ages(archive, page, phone, screenshot):
    for viewer in (page, phone):
        viewer.goto(archive + "/search/?q=%22Patriot+missiles%22+NATO")
        viewer.get_by_role("link", name=re.compile("NATO to help buy 1,000 Patriot missiles")).first.click()
        foot = viewer.locator(".story__foot")
        # The scraped page gives no address of its own (only AP's topic hub, listed under Coverage).
        expect(foot.get_by_text(re.compile("Where this article first appeared is not known"))).to_be_visible()
        expect(foot.get_by_text("Originally published at")).to_have_count(0)
        expect(viewer.locator(".site-footer")).to_contain_text("where it first appeared when that is known")
        hospital = viewer.locator(".related__item").filter(has_text="Ontario hospital workers")
        expect(hospital.locator(".meta")).to_have_text(re.compile(r"^\s*1h ago \(as of 3 Jan 2024\)\s*$"))
    screenshot("seed")
    # A Wikinews article, whose record carries its address, still links to it.
    page.goto(archive + "/sources/wikinews/")
    page.locator(".result-list a").first.click()
    expect(page.locator(".story__foot a[href^='https://en.wikinews.org/']").first).to_be_visible()


def test_the_csv_download_is_named_after_the_search_and_keeps_the_day(archive, page):
    page.goto(archive + "/search/?q=roundup&source=provincial-wire")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    name = download.value.suggested_filename
    assert re.fullmatch(r"newsarchive-roundup-source-provincial-wire-\d{4}-\d{2}-\d{2}\.csv", name), name
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [(row["title"], row["published_at"]) for row in rows] == [
        ("Roundup of the week in the provinces", "2024-01-04")
    ]


def test_every_page_has_an_icon_and_no_request_fails(archive, page):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(archive + "/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    icon = page.request.get(archive + href)
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    legacy = page.request.get(archive + "/favicon.ico")  # followed to the same icon
    assert legacy.ok and legacy.headers["content-type"].startswith("image/svg+xml")
    page.goto(archive + "/search/?q=missile")
    page.wait_for_load_state("networkidle")
    assert failed == []


def test_the_month_table_fits_a_phone(archive, phone):
    phone.goto(archive + "/")
    table = phone.locator(".home-timeline .table-scroll")
    table.scroll_into_view_if_needed()
    assert table.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    december = phone.locator(".calendar tbody tr").first.locator("td").last
    box, width = december.bounding_box(), phone.viewport_size["width"]
    assert box["x"] + box["width"] <= width
    assert phone.locator(".calendar thead th").last.inner_text().strip() == "D"
    phone.screenshot(path=str(_artifact("month-table-phone.png")))


def _artifact(name):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def test_a_facet_shows_all_its_values_and_filters_them(archive, page, browser, screenshot):
    # Passing mentions included: the demo archive has more than a dozen places then (issue 12's default
    # view, places the stories are about, has fewer for this word).
    page.goto(archive + "/search/?q=said&places=all")
    places = page.locator(".facet").filter(has=page.get_by_role("heading", name="Places"))
    expect(places.locator("li")).to_have_count(12)
    # The box narrows the dozen shown as one types.
    first = places.locator("li a").first.inner_text()
    places.get_by_label("Filter places").fill(first[:5])
    expect(places.locator("li:visible")).not_to_have_count(12)
    expect(places.get_by_role("link", name=first)).to_be_visible()
    places.get_by_label("Filter places").fill("")
    expect(places.locator("li:visible")).to_have_count(12)

    places.get_by_role("link", name="All places in these matches").click()
    expect(page).to_have_url(re.compile(r"/search/values/place/\?q=said&places=all$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Places in “said”")
    listed = page.locator(".facet-values__list li")
    total = listed.count()
    assert total > 12
    # A name no other entry's name holds: typed whole, it is the one left, and Enter opens it.
    names = [name.lower() for name in listed.locator("a").all_inner_texts()]
    last = next(
        name
        for name in reversed(listed.locator("a").all_inner_texts())
        if sum(name.lower() in other for other in names) == 1
    )
    page.get_by_label("Filter places").fill(last)
    expect(page.get_by_role("status")).to_contain_text(f"of {total} shown; Enter opens it")
    expect(listed.filter(visible=True).first).to_contain_text(last)
    screenshot("all-places")
    page.get_by_label("Filter places").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?(?=.*q=said)(?=.*places=all).*place="))
    expect(page.locator(".chips")).to_contain_text(last)

    # Without a script there is no box, and the full list is a plain link away.
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    bare = context.new_page()
    bare.goto(archive + "/search/?q=said&places=all")
    expect(bare.get_by_label("Filter places")).to_have_count(0)
    bare.get_by_role("link", name="All places in these matches").click()
    expect(bare.locator(".facet-values__list li")).to_have_count(total)
    assert bare.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    context.close()


def test_the_places_index_lists_countries_in_columns_and_finds_a_place_by_name(
    archive, page, phone, screenshot
):
    page.goto(archive + "/places/")
    letters = page.get_by_role("navigation", name="Places by letter").get_by_role("link")
    assert letters.count() >= 5
    expect(page.get_by_role("heading", name="C", exact=True)).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    phone.goto(archive + "/places/")
    phone_height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < phone_height  # columns at 1280 px, one on a phone
    screenshot("places")

    # The box finds a place at any depth by the start of its name; without a script too (a GET form).
    page.get_by_label(re.compile("Find a place")).fill("town 07")
    page.get_by_label(re.compile("Find a place")).press("Enter")
    expect(page).to_have_url(re.compile(r"name=town\+07"))
    expect(page.get_by_role("link", name="Town 07", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Town 08", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Ukraine", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Town 07", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Town 07")

    phone.get_by_role("navigation", name="Places by letter").get_by_role("link", name="U", exact=True).click()
    expect(phone).to_have_url(re.compile(r"name=U$"))
    expect(phone.get_by_role("link", name="Ukraine", exact=True)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
