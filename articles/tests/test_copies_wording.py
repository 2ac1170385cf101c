"""What "exact copies" means, said in the same words wherever a count or a note names them: the same body
text as another article, whatever its headline. The counts said "(1 exact copy)" and the article page "exact
duplicate", and nowhere that a copy under its outlet's own headline is still a copy (stop 28)."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.selectors import overview
from articles.tests.factories import make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db

MEANING = "An exact copy has the same body text as another article, whatever its headline"
TOOLTIP = 'title="The same body text as another article, whatever the headline">(1 exact copy)'


@pytest.fixture
def copy():
    economy, freedonia = make_topic("Economy"), make_place("Freedonia", kind="country")
    wire, echo = make_source("Wire"), make_source("Daily Echo")
    first = make_article("Port of Freedonia closes", topics=[economy], places=[freedonia], source=wire)
    return make_article(
        "Echo: the port shuts its gates",  # the outlet's own headline over the wire's text
        body=first.body,
        topics=[economy],
        places=[freedonia],
        source=echo,
        duplicate_of=first,
    )


def said(client, url: str, params=None) -> tuple[str, str]:
    """The page's visible words, spaces folded, and its HTML."""
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return " ".join(strip_tags(html).split()), html


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("articles:search", {"q": "port"}),
        ("articles:topics", None),
        ("articles:sources", None),
        ("articles:places", None),
        ("articles:home", None),
    ],
)
def test_every_page_that_counts_copies_says_what_a_copy_is(client, copy, url, params):
    overview.refresh_overviews()
    words, html = said(client, reverse(url), params)
    assert "(1 exact copy)" in words
    assert MEANING in words
    assert TOOLTIP in html  # the count itself, pointed at or held, says it too


def test_a_search_without_copies_says_nothing_of_them(client, copy):
    words, _ = said(client, reverse("articles:search"), {"q": "port", "source": "wire"})
    assert "exact cop" not in words


def test_a_copy_s_page_calls_it_an_exact_copy_as_the_counts_do(client, copy):
    words, _ = said(client, copy.get_absolute_url())
    assert "Under its own headline, this is an exact copy of the text of Port of Freedonia closes" in words
    assert MEANING in words and "duplicate" not in words
    original, _ = said(client, copy.duplicate_of.get_absolute_url())
    assert (
        "The same text also appears as (exact copies: the same body text, whatever the headline):" in original
    )
