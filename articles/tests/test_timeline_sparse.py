"""A search whose few matches lie years apart (stop 28): "Matches by month" drew 59 bars, two slivers among
empty months, a chart that looked empty. Sparse matches over a long span are drawn by year, and when few
periods hold matches they are said in words under the chart, each a link to that period's search."""

import datetime as dt
from collections import Counter

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import strip_tags

from articles.tests.factories import local, make_article
from articles.timeline import build_timeline

pytestmark = pytest.mark.django_db


def said(client, params) -> tuple[str, str]:
    response = client.get(reverse("articles:search"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return " ".join(strip_tags(html).split()), html


def test_two_matches_years_apart_are_drawn_by_year_and_said_in_words(client):
    make_article("Harbour flood in the old town", published_at=local(2020, 1, 14, 9))
    make_article("Harbour flood again", published_at=local(2024, 11, 2, 9))
    make_article("Budget passes", published_at=local(2022, 6, 1, 9))
    words, html = said(client, {"q": "harbour"})
    assert "Matches by year, 2020 – 2024" in words and "Matches by month" not in words
    assert "Skip the chart's 5 bars to the results" in words
    assert "2 matches: 1 in 2020 and 1 in 2024; none in the other years charted." in words
    assert '<a href="?q=harbour&amp;date_from=2020&amp;date_to=2020">1 in 2020</a>' in html


def test_matches_in_most_months_keep_their_monthly_chart_and_need_no_words(client):
    for month in range(1, 13):
        make_article(f"Harbour report {month}", published_at=local(2023, month, 5, 9))
    words, _ = said(client, {"q": "harbour"})
    assert "Matches by month, January 2023 – December 2023" in words
    assert "none in the other" not in words  # every month holds one: the chart says it all


def test_a_few_months_apart_stay_monthly_with_the_months_in_words():
    counts = Counter({dt.date(2023, 11, 1): 4, dt.date(2024, 2, 1): 2})
    timeline = build_timeline(counts, False, QueryDict("q=x"))
    assert timeline.unit == "month" and len(timeline.bars) == 4
    assert [bar.in_words for bar in timeline.held] == ["4 in November 2023", "2 in February 2024"]


def test_a_long_sparse_span_goes_by_year_but_a_busy_one_by_month():
    sparse = Counter({dt.date(2020, 1, 1): 1, dt.date(2024, 11, 1): 1})
    assert build_timeline(sparse, False, QueryDict()).unit == "year"
    busy = Counter({dt.date(2020 + i // 12, i % 12 + 1, 1): 1 for i in range(0, 59, 3)})  # one month in 3
    assert build_timeline(busy, False, QueryDict()).unit == "month"
