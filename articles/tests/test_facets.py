"""Facet counts and the timeline: right numbers, periods in the site's time zone, links that add a filter."""

import datetime as dt
from collections import Counter

import pytest
from django.http import QueryDict

from articles import facets
from articles.filters import parse_period
from articles.models import Article
from articles.tests.factories import local, make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db


def test_tag_facets_count_matches_and_carry_links():
    economy, sport = make_topic("Economy"), make_topic("Sport")
    paris = make_place("Paris")
    ap = make_source("AP")
    make_article(topics=[economy, sport], places=[paris], source=ap)
    make_article(topics=[economy], source=ap)
    make_article(topics=[sport])
    result = facets.tag_facets(
        Article.objects.all(), QueryDict("q=x&page=3"), {"topic": [], "place": [], "source": []}
    )
    by_name = {facet.name: facet for facet in result}
    assert [(item.name, item.count) for item in by_name["topic"].items] == [("Economy", 2), ("Sport", 2)]
    assert [(item.name, item.count) for item in by_name["place"].items] == [("Paris", 1)]
    assert [(item.name, item.count) for item in by_name["source"].items] == [("AP", 2)]
    assert by_name["topic"].items[0].params.urlencode() == "q=x&topic=economy"


def test_tag_facets_leave_out_chosen_values_and_keep_them_in_links():
    economy, sport = make_topic("Economy"), make_topic("Sport")
    make_article(topics=[economy, sport])
    params = QueryDict("topic=economy")
    topic_facet = facets.tag_facets(Article.objects.all(), params, {"topic": ["economy"]})[0]
    assert [item.name for item in topic_facet.items] == ["Sport"]
    assert topic_facet.items[0].params.getlist("topic") == ["economy", "sport"]


def test_tag_facets_cost_one_query_each(django_assert_num_queries):
    make_article(topics=[make_topic()], places=[make_place()], source=make_source())
    with django_assert_num_queries(3):
        facets.tag_facets(Article.objects.all(), QueryDict(), {})


def test_period_counts_use_local_months():
    make_article(published_at=dt.datetime(2024, 2, 1, 3, tzinfo=dt.UTC))  # 31 January in Toronto
    make_article(published_at=local(2024, 2, 1, 0))
    make_article(published_at=None)
    counts = facets.period_counts(Article.objects.all(), daily=False)
    assert counts == Counter({dt.date(2024, 1, 1): 1, dt.date(2024, 2, 1): 1})
    daily = facets.period_counts(Article.objects.all(), daily=True)
    assert daily == Counter({dt.date(2024, 1, 31): 1, dt.date(2024, 2, 1): 1})


def test_timeline_fills_empty_months_and_scales_bars():
    counts = Counter({dt.date(2023, 11, 1): 4, dt.date(2024, 2, 1): 2})
    timeline = facets.build_timeline(counts, False, QueryDict("topic=x&page=2"))
    assert [bar.label for bar in timeline.bars] == [
        "November 2023",
        "December 2023",
        "January 2024",
        "February 2024",
    ]
    assert [bar.height for bar in timeline.bars] == [100, 0, 0, 50]
    assert timeline.bars[3].params.urlencode() == "topic=x&date_from=2024-02&date_to=2024-02"
    assert (
        "6 matches by month" in timeline.description
        and "the most, 4, in November 2023" in timeline.description
    )


def test_timeline_by_day_spans_the_chosen_range():
    counts = Counter({dt.date(2024, 1, 10): 1})
    timeline = facets.build_timeline(
        counts, True, QueryDict(), parse_period("2024-01"), parse_period("2024-01")
    )
    assert timeline.unit == "day" and len(timeline.bars) == 31
    assert timeline.bars[9].date_from == timeline.bars[9].date_to == "2024-01-10"


def test_long_spans_are_drawn_by_year():
    counts = Counter({dt.date(1987, 2, 1): 3, dt.date(2020, 12, 1): 1})
    timeline = facets.build_timeline(counts, False, QueryDict())
    assert timeline.unit == "year" and timeline.bars[0].label == "1987" and len(timeline.bars) == 34


def test_daily_only_for_three_months_or_less():
    assert facets.is_daily(parse_period("2024-01"), parse_period("2024-03"))
    assert not facets.is_daily(parse_period("2024-01"), parse_period("2024-04"))
    assert not facets.is_daily(parse_period("2024-01"), None)


def test_date_facet_years_then_months_of_a_chosen_year():
    counts = Counter({dt.date(2023, 5, 1): 2, dt.date(2024, 1, 1): 1, dt.date(2024, 3, 1): 4})
    years = facets.date_facet(counts, QueryDict())
    assert [(item.name, item.count) for item in years.items] == [("2023", 2), ("2024", 5)]
    assert years.items[1].params.urlencode() == "date_from=2024&date_to=2024"
    months = facets.date_facet(counts, QueryDict(), parse_period("2024"), parse_period("2024"))
    assert [(item.name, item.count) for item in months.items] == [("January", 1), ("March", 4)]
