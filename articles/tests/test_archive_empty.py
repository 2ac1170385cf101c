"""An empty day or month in the date archive says so once (stop 24's review).

The lead said "No articles are archived for this day; the links below go to the nearest days", and an
"Articles" heading under it said "No articles for this date." again, with nothing else.
"""

import re

import pytest
from django.urls import reverse

from articles.tests.factories import local, make_article

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([2024, 1, 20], "No articles are archived for this day"),
        ([2023, 6], "No articles are archived for this month"),
    ],
)
def test_an_empty_day_or_month_says_so_once(client, args, said):
    make_article("Harbour storm closes the port", published_at=local(2024, 1, 3))
    make_article("Council approves the budget", published_at=local(2024, 2, 10))
    name = "articles:archive_day" if len(args) == 3 else "articles:archive_month"
    response = client.get(reverse(name, args=args))
    page = text(response)
    assert said in page
    assert "No articles for this date" not in page
    assert 'class="section-title">Articles<' not in response.content.decode()  # an empty list's heading


def test_a_day_with_articles_still_lists_them_under_their_heading(client):
    make_article("Harbour storm closes the port", published_at=local(2024, 1, 3))
    page = text(client.get(reverse("articles:archive_day", args=[2024, 1, 3])))
    assert (
        "1 article, oldest first, exact copies included." in page
        and "Articles Harbour storm closes the port" in page
    )
