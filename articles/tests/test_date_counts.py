"""A day, month or year counted the same way wherever a researcher meets it: the home page's calendar,
the date archive it leads to and a search of the same dates, exact copies included and said. The
calendar and the date archive left copies out, silently, while the dated search counted them: a click on
"2" in the calendar opened a search of "3 articles (1 exact copy)" (stop 28)."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.selectors import overview
from articles.tests.factories import local, make_article, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    wire, echo = make_source("Wire"), make_source("Daily Echo")
    first = make_article("Port closes", source=wire, published_at=local(2024, 1, 3, 9))
    make_article(
        "Port closes", body=first.body, source=echo, duplicate_of=first, published_at=local(2024, 1, 3, 11)
    )
    make_article("Budget passes", source=wire, published_at=local(2024, 1, 3, 15))
    make_article("Storm warning", source=wire, published_at=local(2024, 2, 7, 8))


def words(client, url: str, params=None) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def searched(client, date: str) -> tuple[int, int]:
    counts = (
        client.get(reverse("articles:search"), {"date_from": date, "date_to": date}).context["search"].counts
    )
    return counts.matches, counts.duplicates


def test_the_calendar_the_date_archive_and_a_dated_search_count_alike(client, day):
    overview.refresh_overviews()
    home = words(client, reverse("articles:home"))
    assert "3 articles (1 exact copy) in January 2024" in home  # the calendar's cell, as read aloud
    assert "1 article in February 2024" in home
    assert "2024 4 articles (1 exact copy)" in home  # the year's count
    assert "exact copies included, as the date archive it leads to and a search of the same dates" in home

    assert searched(client, "2024-01") == (3, 1)
    assert searched(client, "2024-01-03") == (3, 1)
    month = words(client, reverse("articles:archive_month", args=[2024, 1]))
    day_page = words(client, reverse("articles:archive_day", args=[2024, 1, 3]))
    year = words(client, reverse("articles:archive_year", args=[2024]))
    assert "3 articles (1 exact copy), oldest first, exact copies included." in month
    assert "3 articles (1 exact copy), oldest first, exact copies included." in day_page
    assert "4 articles (1 exact copy), oldest first, exact copies included." in year
    assert "Exact copy" in day_page  # the copy is listed, marked as one


def test_a_period_without_copies_says_none(client, day):
    assert "1 article, oldest first, exact copies included." in words(
        client, reverse("articles:archive_month", args=[2024, 2])
    )
