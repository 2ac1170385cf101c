"""The places index a level at a time: countries on `/places/`, a place's own list of the places within
it, each counted with the places below it; found by the start of a name, sorted, a page at a time."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.tests.factories import make_article, make_place, tag_place
from articles.views import places as places_view

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def count_of(page: str, name: str) -> int | None:
    # "Ontarion</a> <span class="muted">(region)</span> · <span class="count">3 articles</span>"
    row = re.search(
        rf">{re.escape(name)}</a>(?: <span class=\"muted\">[^<]*</span>)? · <span class=\"count\">([\d,]+) article",
        page,
    )
    return int(row.group(1).replace(",", "")) if row else None


@pytest.fixture
def world():
    """Two countries: Atlantis (a region, Ontarion, holding Torvik and Tollan) and Borduria (no
    regions). Five articles; one is about both Torvik and Atlantis, one is a duplicate."""
    atlantis = make_place("Atlantis", kind="country")
    ontarion = make_place("Ontarion", parent=atlantis, kind="region")
    torvik = make_place("Torvik", parent=ontarion, kind="city")
    tollan = make_place("Tollan", parent=ontarion, kind="city")
    borduria = make_place("Borduria", kind="country")
    both = make_article("Storm over Torvik", places=[torvik, atlantis])
    make_article("Torvik council meets", places=[torvik])
    make_article("Tollan harbour", places=[tollan])
    make_article("Bordurian vote", places=[borduria])
    make_article("Storm over Torvik (copy)", places=[torvik], duplicate_of=both)
    return {"atlantis": atlantis, "ontarion": ontarion, "torvik": torvik, "borduria": borduria}


def test_the_index_lists_countries_counting_the_places_within_once(client, world):
    page = text(client.get(reverse("articles:places")))
    # Four articles within Atlantis (the one about Torvik and Atlantis once, its exact copy too, as
    # Atlantis's page counts them: "4 articles (1 exact copy)", stop 27).
    assert "4 articles (1 exact copy)" in strip_tags(page)
    assert count_of(page, "Atlantis") == 4 and count_of(page, "Borduria") == 1
    assert count_of(page, "Torvik") is None and count_of(page, "Ontarion") is None
    assert "2 countries" in page
    assert reverse("articles:place_within", args=["atlantis"]) in page  # Atlantis holds places
    assert reverse("articles:place_within", args=["borduria"]) not in page  # Borduria none with articles
    assert page.index(">Atlantis<") < page.index(">Borduria<")  # by name
    # One place directly within Atlantis (Ontarion), as its own list shows, not every place below it.
    assert "1 place within" in page and "2 places within" not in page


def test_a_place_lists_the_places_directly_within_it(client, world):
    page = text(client.get(reverse("articles:place_within", args=["atlantis"])))
    assert "Places in Atlantis" in page and count_of(page, "Ontarion") == 4
    assert count_of(page, "Torvik") is None  # within Ontarion: on its list
    assert "2 places within" in page  # Torvik and Tollan
    region = text(client.get(reverse("articles:place_within", args=["ontarion"])))
    assert count_of(region, "Torvik") == 3 and count_of(region, "Tollan") == 1
    assert 'href="/places/atlantis/within/">Atlantis</a>' in region  # the breadcrumb
    assert client.get(reverse("articles:place_within", args=["nowhere-at-all"])).status_code == 404


def test_with_passing_mentions_the_index_says_its_counts_include_them(client, world):
    """Stop 28's review: with "Include passing mentions" the lead still said each count was of the articles
    *about* the place, over counts that took in articles naming it in passing."""
    for url in (reverse("articles:places"), reverse("articles:place_within", args=["atlantis"])):
        about = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(client.get(url))))
        assert "Each count is of the articles about the place" in about and "naming" not in about
        mentions = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(client.get(url + "?places=all"))))
        assert "Each count is of the articles about or naming the place or a place within it" in mentions
        assert "Each count is of the articles about the place" not in mentions
    within = text(client.get(reverse("articles:place_within", args=["atlantis"]) + "?places=all"))
    assert "All articles about or naming Atlantis</a>" in within


def test_a_name_prefix_finds_a_place_at_any_depth(client, world):
    page = text(client.get(reverse("articles:places"), {"name": "to"}))
    assert count_of(page, "Torvik") == 3 and count_of(page, "Tollan") == 1
    assert "in Ontarion" in page and count_of(page, "Atlantis") is None
    assert "Clear" in page and 'value="to"' in page
    inside = text(client.get(reverse("articles:place_within", args=["borduria"]), {"name": "tor"}))
    assert count_of(inside, "Torvik") is None and "No place with articles" in inside


def test_letters_lead_to_the_places_under_them(client, world):
    page = text(client.get(reverse("articles:places")))
    assert 'href="?name=A"' in page and 'href="?name=B"' in page and 'href="?name=T"' not in page


def test_sorted_by_articles(client, world):
    page = text(client.get(reverse("articles:places"), {"sort": "articles"}))
    assert page.index(">Atlantis<") < page.index(">Borduria<")
    for title in ("Bordurian budget", "Bordurian floods", "Bordurian harvest", "Bordurian census"):
        make_article(title, places=[world["borduria"]])
    page = text(client.get(reverse("articles:places"), {"sort": "articles"}))
    assert page.index(">Borduria<") < page.index(">Atlantis<")
    assert 'href="?sort=articles&amp;name=B"' in page  # the letters keep the order


def test_paginated_with_links_that_keep_the_switch(client, world, monkeypatch):
    monkeypatch.setattr(places_view, "PLACES_PER_PAGE", 1)
    tag_place(make_article("Passing"), make_place("Carpathia", kind="country"), "mention")
    first = text(client.get(reverse("articles:places"), {"places": "all"}))
    assert ">Atlantis<" in first and ">Borduria<" not in first and "Page 1 of 3" in first
    assert 'href="?places=all&amp;page=2"' in first
    last = text(client.get(reverse("articles:places"), {"places": "all", "page": "3"}))
    assert ">Carpathia<" in last and 'href="/places/carpathia/?places=all"' in last
    past = text(client.get(reverse("articles:places"), {"page": "99"}))
    assert ">Borduria<" in past and "here is the last" in past


def test_a_place_page_names_the_places_within_it(client, world):
    page = text(client.get(reverse("articles:place", args=["ontarion"])))
    assert "Places within, by articles" in page
    assert page.index(">Torvik</a> <span") < page.index(">Tollan</a> <span")  # most articles first
    assert 'href="/places/ontarion/within/">list them</a>' in page
    page = text(client.get(reverse("articles:place", args=["borduria"])))
    assert "Places within, by articles" not in page


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=80),
    page=st.text(max_size=8),
    sort=st.sampled_from(["", "name", "articles", "nonsense"]),
)
def test_any_parameters_give_a_page(client, name, page, sort):
    make_place("Zembla", kind="country")
    params = {key: value for key, value in {"name": name, "page": page, "sort": sort}.items() if value}
    params = {key: value.replace("\x00", "") for key, value in params.items()}
    response = client.get(reverse("articles:places"), params)
    assert response.status_code in (200, 302)
