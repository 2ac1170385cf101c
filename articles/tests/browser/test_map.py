"""The map of a search's places in a real browser: dots to click, a list to read, nothing too wide, no
serious accessibility problems. Runs against the live server with the demo archive plus a few tagged
articles; screenshots go to test-artifacts/.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

EXTRA = [
    {
        "id": "map:1",
        "title": "Patriot missile deliveries to Ukraine speed up",
        "body": "Allies said missile deliveries would arrive within weeks.",
        "published_at": "2024-01-05T09:00:00-05:00",
        "source": "Reuters",
        "places": [{"name": "Ukraine", "slug": "ukraine", "kind": "country", "country_code": "UA"}],
    },
    {
        "id": "map:2",
        "title": "Missile debris falls on Kyiv suburb",
        "body": "Debris from an intercepted missile fell on a suburb of the capital.",
        "published_at": "2024-01-06T09:00:00-05:00",
        "source": "Reuters",
        "places": [{"name": "Kyiv", "slug": "kyiv"}],
    },
]
ARCHIVE_EXTRA = EXTRA  # loaded once for the module by conftest's `archive`
# Each test runs in a transaction rolled back after it (never a flush, which would empty the archive).
pytestmark = pytest.mark.django_db


def test_click_a_dot_to_add_its_place(archive, page, screenshot, axe):
    page.goto(archive + "/search/map/?q=missile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the matches are")
    expect(page.get_by_role("link", name=re.compile(r"^Ukraine: \d+ match"))).to_have_count(1)
    dots = page.locator(".map__dot")
    assert dots.count() >= 2
    # Every dot is also in the list under the map, which is its text alternative.
    listed = page.locator(".map-places__list li")
    assert listed.count() >= dots.count()
    screenshot("map")
    assert axe() == []

    # The last dot is drawn on top of the others, so a click at its centre reaches it.
    dot = dots.last
    name = dot.get_attribute("aria-label").split(":")[0]
    dot.click()
    expect(page).to_have_url(re.compile(r"/search/\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["missile"]
    assert len(query["place"]) == 1
    expect(page.locator(".chips").get_by_role("link", name=re.compile(re.escape(name)))).to_be_visible()
    screenshot("after-click")


def test_keyboard_reaches_the_dots_and_the_back_link(archive, page):
    page.goto(archive + "/search/map/?q=missile")
    ukraine = page.get_by_role("link", name=re.compile(r"^Ukraine: \d+ match"))
    ukraine.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"place=ukraine"))
    expect(page).to_have_url(re.compile(r"q=missile"))
    page.go_back()
    page.get_by_role("link", name="Back to the list of matches").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=missile$"))


def test_the_map_fits_a_phone(archive, page, screenshot, axe):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(archive + "/search/map/")
    expect(page.locator(".map__svg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".map__svg").bounding_box()
    assert box["width"] <= 360 and box["height"] > 100
    screenshot("phone")
    assert axe() == []


def test_dots_are_big_enough_to_tap_on_a_phone(archive, page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(archive + "/search/map/?q=missile")
    dots = page.locator(".map__dot")
    assert dots.count() >= 2
    for index in range(dots.count()):
        box = dots.nth(index).bounding_box()
        assert box["width"] >= 40 and box["height"] >= 40, dots.nth(index).get_attribute("aria-label")
    # A tap a thumb's width (15 px) beside the smallest dot (drawn last, on top) still reaches it.
    dot = dots.last
    ring = dot.locator("circle:not(.map__hit)").bounding_box()
    x, y = ring["x"] + ring["width"] / 2 + 15, ring["y"] + ring["height"] / 2
    assert ring["width"] < 10  # the visible dot alone would be a 1-9 px target
    name = dot.get_attribute("aria-label").split(":")[0]
    screenshot("phone-dots")
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/search/\?.*place="))
    expect(page.locator(".chips").get_by_role("link", name=re.compile(re.escape(name)))).to_be_visible()


def test_dots_stay_small_targets_on_a_wide_screen(archive, page):
    page.goto(archive + "/search/map/?q=missile")
    box = page.locator(".map__dot").last.bounding_box()
    assert box["width"] < 40  # on a wide map a large ring would cover the neighbouring places
