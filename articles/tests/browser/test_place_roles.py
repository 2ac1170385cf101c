"""The "include passing mentions" switch in a real browser: turned on, it survives a facet click and
the next page, and the form shows it on."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from articles.tests.factories import local, make_article, make_place, make_topic, tag_place

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_switch_survives_a_facet_click_and_the_next_page(live_server, page, screenshot):
    kenya = make_place("Kenya", kind="country")
    lesotho = make_place("Lesotho", kind="country")
    weather = make_topic("Weather")
    for n in range(25):  # more than a page
        article = make_article(
            f"Drought report {n}", published_at=local(2024, 2, 1) + dt.timedelta(hours=n), topics=[weather]
        )
        tag_place(article, kenya, "about", score=0.9)
        tag_place(article, lesotho, "mention", score=0.3)

    page.goto(live_server.url + "/search/")
    places = page.get_by_role("complementary").locator(
        "section", has=page.get_by_role("heading", name="Places")
    )
    expect(places.get_by_role("link", name="Kenya")).to_be_visible()
    expect(places.get_by_role("link", name="Lesotho")).to_have_count(0)

    places.get_by_role("link", name="Include passing mentions").click()
    expect(page).to_have_url(re.compile(r"places=all"))
    expect(places.get_by_role("link", name="Lesotho")).to_be_visible()
    expect(page.get_by_label("Include passing mentions")).to_be_checked()

    page.get_by_role("complementary").get_by_role("link", name="Weather").click()
    expect(page).to_have_url(re.compile(r"(?=.*places=all)(?=.*topic=weather)"))
    expect(places.get_by_role("link", name="Lesotho")).to_be_visible()

    page.get_by_role("navigation", name="Pages").get_by_role("link", name=re.compile("Older")).click()
    expect(page).to_have_url(re.compile(r"(?=.*places=all)(?=.*page=2)"))
    expect(page.get_by_label("Include passing mentions")).to_be_checked()
    expect(places.get_by_role("link", name="Lesotho")).to_be_visible()
    screenshot("passing-mentions-page-2")

    page.get_by_role("link", name=re.compile("including passing mentions")).click()  # the chip removes it
    expect(page).not_to_have_url(re.compile(r"places=all"))
    expect(places.get_by_role("link", name="Lesotho")).to_have_count(0)
