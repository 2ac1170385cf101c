"""A reader saves a search as a collection in a real browser, opens it, and finds it unchanged after an
import; the article page's "Add to collection" and the collection's "Remove" (articles/views/collections.py)."""

import re

import pytest
from playwright.sync_api import expect

from articles.tests.factories import local, make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_saves_a_search_and_opens_the_collection(
    live_server, page, axe, screenshot, django_user_model
):
    for day in (1, 2, 3):
        make_article(f"Flood warning {day} for the valley", published_at=local(2024, 3, day))
    festival = make_article("Harvest festival opens", published_at=local(2024, 3, 4))
    django_user_model.objects.create_user("ada", password="a long passphrase")

    page.goto(live_server.url + "/search/?q=flood")
    page.get_by_role("link", name="Sign in to save these results").click()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=flood$"))
    expect(page.get_by_text("Follow this search")).to_be_visible()
    screenshot("search")

    page.get_by_label("Save these results as").fill("Valley floods")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/collections/\d+/$"))
    expect(page.get_by_role("heading", name="Valley floods")).to_be_visible()
    expect(page.get_by_text("Saved 3 articles as “Valley floods”.")).to_be_visible()
    expect(page.get_by_text(re.compile("which then matched 3 articles"))).to_be_visible()
    expect(page.locator(".result__title")).to_have_count(3)
    collection_url = page.url
    assert axe() == []
    screenshot("collection")

    # New matches arrive; the collection keeps its three and says how the live search differs.
    make_article("Flood waters recede", published_at=local(2024, 3, 9))
    page.reload()
    expect(page.locator(".result__title")).to_have_count(3)
    expect(page.get_by_role("link", name="1 newer match since")).to_be_visible()

    # Add an article from its page, then remove it again from the collection.
    page.goto(live_server.url + festival.get_absolute_url())
    page.get_by_label("Add to collection").select_option(label="Valley floods")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Added to “Valley floods”.")).to_be_visible()
    page.goto(collection_url)
    expect(page.locator(".result__title")).to_have_count(4)
    page.get_by_role("button", name="Remove “Harvest festival opens” from this collection").click()
    expect(page.locator(".result__title")).to_have_count(3)

    page.get_by_role("link", name="My collections").first.click()
    expect(page.get_by_role("link", name="Valley floods")).to_be_visible()
    expect(page.get_by_text(re.compile("3 articles · saved"))).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(collection_url)
    screenshot("collection-phone")
