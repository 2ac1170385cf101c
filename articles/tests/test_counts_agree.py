"""Every count a user follows from a list (the topics, places and sources indexes, the home page's top
topics, places and sources and its total) against the page its link opens: the same number, in the same
words ("32 articles (5 exact copies)"). The topics index and the home page said "Conflict, war and peace
27", exact copies left out, beside a page of "26 stories, 32 articles (5 exact copies)" (stop 27)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import ArchiveOverview, Article
from articles.selectors import overview
from articles.tests.factories import make_article, make_place, make_source, make_topic, tag_place

pytestmark = pytest.mark.django_db

# A link, then (before the next link) its count: "3 articles (2 exact copies)".
LISTED = re.compile(
    r'href="(?P<href>/(?:topics|places|sources)/[^"/]+/(?:\?places=all)?)"[^>]*>[^<]*</a>'
    r"(?:(?!href=).)*?(?P<n>\d[\d,]*) articles?(?: (?:<span[^>]*>)?\((?P<copies>\d[\d,]*) exact cop(?:y|ies)\))?",
    re.S,
)


@pytest.fixture
def archive():
    """Two stories on the wire, each copied by another outlet, a third story, an undated one, a gallery
    (another kind of page) and a passing mention: every way the counts could part."""
    economy = make_topic("Economy")
    country = make_place("Freedonia", kind="country")
    city = make_place("Port Ville", parent=country, kind="city")
    wire, echo = make_source("Wire"), make_source("Daily Echo")
    for title in ("Port closes", "Tariffs rise"):
        first = make_article(title, topics=[economy], places=[city], source=wire)
        make_article(title, topics=[economy], places=[city], source=echo, duplicate_of=first)
    make_article("Budget passes", topics=[economy], places=[country], source=wire)
    make_article("Undated note", topics=[economy], source=echo, published_at=None)
    make_article(
        "Photos of the port", topics=[economy], places=[city], source=wire, kind=Article.Kind.GALLERY
    )
    tag_place(make_article("Elsewhere", source=wire), country, "mention")


def listed(client, url: str) -> dict[str, tuple[int, int]]:
    response = client.get(url)
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    return {
        m["href"]: (int(m["n"].replace(",", "")), int((m["copies"] or "0").replace(",", "")))
        for m in LISTED.finditer(html)
    }


def opened(client, href: str) -> tuple[int, int]:
    """The articles and exact copies the page's count line says."""
    counts = client.get(href).context["search"].counts
    return counts.matches, counts.duplicates


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/topics/", {"/topics/economy/": (6, 2)}),
        ("/sources/", {"/sources/wire/": (4, 0), "/sources/daily-echo/": (3, 2)}),
        ("/places/", {"/places/freedonia/": (5, 2)}),
        ("/places/freedonia/within/", {"/places/port-ville/": (4, 2)}),
        ("/places/?places=all", {"/places/freedonia/?places=all": (6, 2)}),
        ("/", {"/topics/economy/": (6, 2), "/places/port-ville/": (4, 2), "/sources/daily-echo/": (3, 2)}),
        ("/?places=all", {"/places/freedonia/?places=all": (6, 2)}),
    ],
)
def test_a_count_on_a_list_is_the_count_of_the_page_its_link_opens(client, archive, url, expected):
    counts = listed(client, url)
    assert {href: counts.get(href) for href in expected} == expected
    for href, count in counts.items():
        assert opened(client, href) == count, href
    if url.startswith("/topics"):
        page = " ".join(strip_tags(client.get("/topics/economy/").content.decode()).split())
        assert "4 stories, 6 articles (2 exact copies)" in page  # the same words on the list and the page


def test_the_home_total_is_the_list_of_all_articles_and_says_what_it_leaves_out(client, archive):
    home = " ".join(client.get(reverse("articles:home")).content.decode().split())
    everything = " ".join(client.get(reverse("articles:list")).content.decode().split())
    assert "Search 5 archived articles<" in home and "5 articles, newest first" in everything
    assert "Exact copies of another article are not counted here, nor in the list of all articles;" in home
    assert "the date archive it leads to, and the topics, places and sources, include them" in home


def test_counts_kept_in_an_older_format_are_counted_again(client, archive):
    # The home page's row of before stop 27 held topics without their copies: shown, and a recount asked
    # for once, though the archive has not changed since.
    overview.refresh_overviews()
    row = ArchiveOverview.objects.get(key="home")
    row.data = {key: value for key, value in row.data.items() if key != "format"}
    row.counted_at = row.counted_at.replace(year=2020)
    row.save()
    asked = []
    overview.archive_overview(ask_refresh=lambda: asked.append(1))
    overview.archive_overview(ask_refresh=lambda: asked.append(1))
    assert asked == [1]
    overview.refresh_overviews()
    overview.archive_overview(ask_refresh=lambda: asked.append(1))
    assert asked == [1] and ArchiveOverview.objects.get(key="home").data["format"] == overview.FORMAT
