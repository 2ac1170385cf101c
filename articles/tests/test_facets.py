"""Facet counts and the timeline: right numbers, periods in the site's time zone, links that add a filter."""

import datetime as dt
import re
from collections import Counter
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.http import QueryDict

from articles import facets
from articles.filters import ArticleFilter, parse_period
from articles.models import Article, Place, Story
from articles.tests.factories import local, make_article, make_place, make_source, make_topic
from articles.timeline import YEARLY_LIMIT, build_timeline, is_daily

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
    # The gazetteer has other places called Paris: the facet says which one.
    assert [(item.name, item.count) for item in by_name["place"].items] == [("Paris, France", 1)]
    assert [(item.name, item.count) for item in by_name["source"].items] == [("AP", 2)]
    assert by_name["topic"].items[0].params.urlencode() == "q=x&topic=economy"


def test_tag_facets_leave_out_chosen_values_and_keep_them_in_links():
    economy, sport = make_topic("Economy"), make_topic("Sport")
    make_article(topics=[economy, sport])
    params = QueryDict("topic=economy")
    topic_facet = facets.tag_facets(Article.objects.all(), params, {"topic": ["economy"]})[0]
    assert [item.name for item in topic_facet.items] == ["Sport"]
    assert topic_facet.items[0].params.getlist("topic") == ["economy", "sport"]


def test_place_counts_include_places_within_as_the_filter_does():
    canada = make_place("Canada")
    ontario = make_place("Ontario", parent=canada)
    toronto = make_place("Toronto", parent=ontario)
    france = make_place("France")
    make_article(places=[toronto])
    make_article(places=[canada, toronto])  # one match for Canada, not two
    make_article(places=[ontario])
    make_article(places=[france])
    place_facet = facets.tag_facets(Article.objects.all(), QueryDict(), {})[1]
    counts = {item.key: item.count for item in place_facet.items}
    assert counts == {"canada": 3, "ontario": 3, "toronto": 2, "france": 1}
    assert [item.key for item in place_facet.items] == ["canada", "ontario", "toronto", "france"]
    for slug, count in counts.items():  # what clicking the facet gives
        assert ArticleFilter(QueryDict(f"place={slug}")).qs.count() == count


@pytest.mark.parametrize("stories", [False, True])
def test_place_counts_read_the_matches_own_tags_not_their_neighbours_by_id(stories):
    # Each match's tags and each place's parent are looked up one by one (on SQLite by a range of one
    # value, facets.LOOKUPS): the articles beside a match, which do not match, carry other places.
    europe, asia = make_place("Europe"), make_place("Asia")
    france, spain = make_place("France", parent=europe), make_place("Spain", parent=europe)
    japan = make_place("Japan", parent=asia)
    articles = [make_article(places=[[france, japan, spain, japan][number % 4]]) for number in range(8)]
    matches = Article.objects.filter(pk__in=[article.pk for article in articles[::2]])  # France, Spain
    counts = facets.count_matches(matches, stories=stories).tags["place"]
    assert [(slug, n) for slug, _, n in counts] == [("europe", 4), ("france", 2), ("spain", 2)]
    for slug, _, n in counts:  # what clicking the facet gives
        assert ArticleFilter(QueryDict(f"place={slug}"), queryset=matches).qs.count() == n


def test_place_counts_leave_out_the_chosen_place_and_survive_a_parent_cycle():
    north, south = make_place("North"), make_place("South")
    Place.objects.filter(pk=north.pk).update(parent=south)
    Place.objects.filter(pk=south.pk).update(parent=north)
    make_article(places=[north])
    place_facet = facets.tag_facets(Article.objects.all(), QueryDict(), {"place": ["north"]})[1]
    assert [(item.key, item.count) for item in place_facet.items] == [("south", 1)]


def test_undated_matches_count_in_tag_facets_but_not_in_the_timeline():
    economy = make_topic("Economy")
    make_article(published_at=None, topics=[economy])
    make_article(published_at=local(2024, 1, 9), topics=[economy])
    topic_facet = facets.tag_facets(Article.objects.all(), QueryDict(), {})[0]
    assert [(item.name, item.count) for item in topic_facet.items] == [("Economy", 2)]
    counts = facets.count_matches(Article.objects.all())
    assert counts.matches == 2 and counts.periods == Counter({dt.date(2024, 1, 1): 1})


def test_published_on_is_the_local_day_kept_on_save_and_filled_by_the_migration():
    article = make_article(published_at=dt.datetime(2024, 2, 1, 3, tzinfo=dt.UTC))  # 31 January in Toronto
    assert article.published_on == dt.date(2024, 1, 31)
    article.published_at = None
    article.save()
    assert Article.objects.get(pk=article.pk).published_on is None
    dated = make_article(published_at=local(2024, 3, 5, 23, 30))
    Article.objects.update(published_on=None)
    migration = import_module("articles.migrations.0003_article_published_on")
    migration.fill_published_on(apps, SimpleNamespace(connection=connection))
    assert Article.objects.get(pk=dated.pk).published_on == dt.date(2024, 3, 5)
    assert Article.objects.get(pk=article.pk).published_on is None


def test_counts_facets_and_timeline_cost_one_query(django_assert_num_queries):
    make_article(topics=[make_topic()], places=[make_place()], source=make_source())
    with django_assert_num_queries(1):
        facets.tag_facets(Article.objects.all(), QueryDict(), {})
    with django_assert_num_queries(1):
        counts = facets.count_matches(Article.objects.all(), daily=True)
    assert counts.matches == 1 and [len(counts.tags[kind]) for kind in ("topic", "place", "source")] == [
        1,
        1,
        1,
    ]


def test_stories_are_counted_once_unless_every_copy_is():
    """An exact duplicate not grouped yet counts with its original; a story's copies count once."""
    economy = make_topic("Economy")
    first = make_article(topics=[economy], published_at=local(2024, 1, 9))
    make_article(topics=[economy], duplicate_of=first, published_at=local(2024, 1, 10))
    story = Story.objects.create(key="s1", article_count=2)
    for day in (11, 12):
        make_article(topics=[economy], story=story, published_at=local(2024, 2, day))
    stories = facets.count_matches(Article.objects.all(), stories=True)
    assert (stories.matches, stories.duplicates, stories.stories) == (4, 1, 2)
    assert stories.tags["topic"] == [("economy", "Economy", 2)] and sum(stories.periods.values()) == 2
    articles = facets.count_matches(Article.objects.all(), stories=False)
    assert articles.tags["topic"] == [("economy", "Economy", 4)] and sum(articles.periods.values()) == 4
    assert articles.stories == 2


def test_period_counts_use_local_months():
    make_article(published_at=dt.datetime(2024, 2, 1, 3, tzinfo=dt.UTC))  # 31 January in Toronto
    make_article(published_at=local(2024, 2, 1, 0))
    make_article(published_at=None)
    counts = facets.count_matches(Article.objects.all(), daily=False).periods
    assert counts == Counter({dt.date(2024, 1, 1): 1, dt.date(2024, 2, 1): 1})
    daily = facets.count_matches(Article.objects.all(), daily=True).periods
    assert daily == Counter({dt.date(2024, 1, 31): 1, dt.date(2024, 2, 1): 1})


def test_timeline_fills_empty_months_and_scales_bars():
    counts = Counter({dt.date(2023, 11, 1): 4, dt.date(2024, 2, 1): 2})
    timeline = build_timeline(counts, False, QueryDict("topic=x&page=2"))
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
    timeline = build_timeline(counts, True, QueryDict(), parse_period("2024-01"), parse_period("2024-01"))
    assert timeline.unit == "day" and len(timeline.bars) == 31
    assert timeline.bars[9].date_from == timeline.bars[9].date_to == "2024-01-10"


def test_long_spans_are_drawn_by_year():
    counts = Counter({dt.date(1987, 2, 1): 3, dt.date(2020, 12, 1): 1})
    timeline = build_timeline(counts, False, QueryDict())
    assert timeline.unit == "year" and timeline.bars[0].label == "1987" and len(timeline.bars) == 34


def test_daily_only_for_three_months_or_less():
    assert is_daily(parse_period("2024-01"), parse_period("2024-03"))
    assert not is_daily(parse_period("2024-01"), parse_period("2024-04"))
    assert not is_daily(parse_period("2024-01"), None)


def test_date_facet_years_then_months_of_a_chosen_year():
    counts = Counter({dt.date(2023, 5, 1): 2, dt.date(2024, 1, 1): 1, dt.date(2024, 3, 1): 4})
    years = facets.date_facet(counts, QueryDict())
    assert [(item.name, item.count) for item in years.items] == [("2023", 2), ("2024", 5)]
    assert years.items[1].params.urlencode() == "date_from=2024&date_to=2024"
    months = facets.date_facet(counts, QueryDict(), parse_period("2024"), parse_period("2024"))
    assert [(item.name, item.count) for item in months.items] == [("January", 1), ("March", 4)]


def test_many_matches_are_counted_on_a_sample_and_say_about(monkeypatch, client):
    monkeypatch.setattr(facets, "SAMPLE_ABOVE", 5)
    monkeypatch.setattr(facets, "SAMPLE_SIZE", 4)
    economy, sport = make_topic("Economy"), make_topic("Sport")
    for n in range(12):
        # Every other one has sport: the sample (every 3rd id) always takes some, wherever the ids start.
        make_article(topics=[economy, sport] if n % 2 else [economy], published_at=local(2024, 1, 9))
    counts = facets.count_matches(Article.objects.all())
    assert counts.sampled and counts.matches == 12  # the number of matches stays exact
    estimates = dict((slug, n) for slug, n in [(s, n) for s, _, n in counts.tags["topic"]])
    assert estimates["economy"] == 12 and 0 < estimates["sport"] <= 12
    assert sum(counts.periods.values()) == 12
    page = client.get("/search/?topic=economy").content.decode()
    assert "about " in page and "About how many matches" in page
    monkeypatch.setattr(facets, "SAMPLE_ABOVE", 100)
    assert not facets.count_matches(Article.objects.all()).sampled


def test_a_timeline_spanning_the_calendar_draws_the_busiest_years_and_groups_the_rest():
    counts = Counter({dt.date(1, 1, 1): 1, dt.date(9999, 12, 1): 2})
    counts.update({dt.date(year, 6, 1): 5 for year in range(1987, 2025)})
    timeline = build_timeline(counts, False, QueryDict("q=oil"))
    labels = [bar.label for bar in timeline.bars]
    assert timeline.unit == "year" and len(labels) == 40
    assert labels[:2] == ["before 1987", "1987"] and labels[-2:] == ["2024", "after 2024"]
    assert (timeline.bars[0].count, timeline.bars[-1].count) == (1, 2)
    assert timeline.bars[0].href == "?q=oil&date_to=1986"
    assert timeline.bars[-1].href == "?q=oil&date_from=2025"
    assert timeline.total == 1 + 2 + 38 * 5


def test_a_timeline_draws_at_most_yearly_limit_years_the_latest_busiest_ones():
    counts = Counter({dt.date(year, 1, 1): 1 for year in range(1800, 2025)})
    timeline = build_timeline(counts, False, QueryDict())
    assert len(timeline.bars) == YEARLY_LIMIT + 1
    assert timeline.bars[0].label == f"before {2025 - YEARLY_LIMIT}"
    assert timeline.bars[0].count == 2025 - YEARLY_LIMIT - 1800
    assert timeline.bars[-1].label == "2024"


def test_period_links_keep_within_the_chosen_dates_and_find_what_they_count(client):
    # A search from 15 March 2024 to 10 April 2024: the March bar counts 15-31 March only, so its link
    # must not ask for all of March (it found 3 where the bar said 2).
    for day in (dt.date(2024, 3, 2), dt.date(2024, 3, 16), dt.date(2024, 3, 30), dt.date(2024, 4, 20)):
        make_article(published_at=local(day.year, day.month, day.day))
    make_article(published_at=local(2023, 6, 1))
    counts = Counter({dt.date(2024, 3, 1): 2, dt.date(2024, 4, 1): 0})
    chosen = parse_period("2024-03-15"), parse_period("2024-06")
    timeline = build_timeline(counts, False, QueryDict("q=x"), *chosen)
    assert timeline.bars[0].href == "?q=x&date_from=2024-03-15&date_to=2024-03"
    months = facets.date_facet(counts, QueryDict("q=x&date_from=2024-03-15"), *chosen)
    assert months.items[0].params.urlencode() == "q=x&date_from=2024-03-15&date_to=2024-03"
    # An open bar ("before 1987") keeps the chosen end it lacks.
    years = {dt.date(1, 1, 1): 1, **{dt.date(year, 6, 1): 1 for year in range(1987, 2025)}}
    wide = build_timeline(Counter(years), False, QueryDict(), None, parse_period("2024-05-20"))
    assert wide.bars[0].href == "?date_to=1986" and wide.bars[-1].href == "?date_from=2024&date_to=2024-05-20"

    def count(href):
        return client.get(f"/search/{href}&format=json").json()["count"]

    for asked in ("date_from=2024-03-15&date_to=2024-04-10", "date_from=2023-06-01&date_to=2024-03-20"):
        page = client.get(f"/search/?{asked}&format=json").json()["facets"]
        for bar in page["timeline"]["bars"]:
            assert count(f"?date_from={bar['from']}&date_to={bar['to']}") == bar["count"], (asked, bar)


def test_a_kind_with_a_value_chosen_counts_its_other_values_as_choosing_them_alone_would(client):
    # Two topics (or places, or sources) give either's matches. Counted among Politics' matches, a topic
    # beside it said "Crime 8" and clicking it gave 81 stories; a source's facet was empty once one was
    # chosen, so a second could not be added (stop 25's review). Each is counted without its own kind.
    politics, crime, sport = make_topic("Politics"), make_topic("Crime"), make_topic("Sport")
    ap, cp = make_source("AP"), make_source("CP")
    canada, france = make_place("Canada"), make_place("France")
    make_article("Vote held", topics=[politics, crime], source=ap, places=[canada])
    make_article("Vote counted", topics=[politics], source=ap, places=[canada])
    make_article("Court rules", topics=[crime], source=cp, places=[france])
    make_article("Court sits", topics=[crime], source=cp, places=[canada])
    make_article("Match won", topics=[sport], source=cp, places=[france])

    def facet(query, kind):
        found = client.get(f"/search/?{query}&format=json").json()
        return {item["slug"]: item["count"] for item in found["facets"][kind]}

    assert facet("topic=politics", "topic") == {"crime": 3, "sport": 1}  # as topic=crime alone gives
    assert facet("topic=politics&source=ap", "topic") == {"crime": 1}  # the other kinds still narrow
    assert facet("topic=politics", "source") == {"ap": 2}  # other kinds count within Politics
    assert facet("source=ap", "source") == {"cp": 3}
    assert facet("place=canada&topic=crime", "place") == {"france": 1}
    page = client.get("/search/?topic=politics").content.decode()
    assert 'href="?topic=politics&amp;topic=crime"' in page and "Or also (either matches)" in page
    # Where the number is read, it says what it counts: the JSON's facets and the page's note said
    # nothing of "Crime 3" being counted without Politics, beside Politics' 2 matches.
    assert "each counted in place of the topics chosen" in page
    counted = client.get("/search/?topic=politics&format=json").json()["facet_counts"]
    assert counted["unit"] == "stories" and counted["estimated"] is False
    assert counted["topic"] == "the matches of this search without its topics, each in place of them"
    assert counted["source"] == counted["place"] == "the matches of this search"
    assert client.get("/search/?source=ap&group=none&format=json").json()["facet_counts"] == {
        "unit": "articles", "estimated": False, "topic": "the matches of this search",
        "place": "the matches of this search",
        "source": "the matches of this search without its sources, each in place of them",
    }  # fmt: skip
    values = client.get("/search/values/source/?source=ap").content.decode()
    assert "1 other sources, each with the matches it gives in place of the sources chosen" in values
    assert "among 2 matches" not in values  # CP's 3 are not among AP's 2
    # The map shows where the matches are: those in Canada name no other place, France neither.
    places_map = client.get("/search/map/?place=canada").content.decode()
    assert "France" not in places_map
    # ... so its numbers count within the matches, not in place of a place chosen: the list says so.
    crime_map = re.sub(r"\s+", " ", client.get("/search/map/?topic=crime").content.decode())
    assert "Each number counts the matches about the place or a place within it, among these 3" in crime_map


@pytest.mark.parametrize("sample_above", [10_000, 2])
@pytest.mark.parametrize("group", ["", "none"])
def test_a_kind_with_a_value_chosen_is_counted_again_by_that_facet_alone(monkeypatch, sample_above, group):
    # Its other counts used to run the whole count (matches, copies, stories, every facet, the periods)
    # to keep one facet; the narrower query gives the same counts, on a sample too.
    from django.test.utils import CaptureQueriesContext

    from articles.selectors.search_page import read_search, search_counts

    monkeypatch.setattr(facets, "SAMPLE_ABOVE", sample_above)
    monkeypatch.setattr(facets, "SAMPLE_SIZE", 2)
    politics, crime = make_topic("Politics"), make_topic("Crime")
    ap, cp = make_source("AP"), make_source("CP")
    canada = make_place("Canada")
    toronto, paris = make_place("Toronto", parent=canada), make_place("Paris")
    first = make_article("Vote held", topics=[politics, crime], source=ap, places=[toronto])
    make_article("Vote held", topics=[politics, crime], source=cp, places=[toronto], duplicate_of=first)
    make_article("Court rules", topics=[crime], source=cp, places=[paris], published_at=None)
    make_article("Court sits", topics=[crime, politics], source=cp, places=[canada])
    make_article("Match won", source=ap, places=[paris])
    for chosen in (
        {"topic": ["politics"]},
        {"topic": ["crime"], "source": ["cp"], "place": ["paris", "canada"]},
    ):
        params = QueryDict(mutable=True)
        for kind, slugs in chosen.items():
            params.setlist(kind, slugs)
        if group:
            params["group"] = group
        asked = read_search(params)
        with CaptureQueriesContext(connection) as queries:
            counts = search_counts(asked)
        for kind in chosen:
            without = params.copy()
            without.pop(kind)
            alone = read_search(without)
            full = facets.count_matches(
                alone.filterset.with_duplicates, stories=alone.filterset.grouping,
                skip=facets.facet_skip(asked.chosen), daily=alone.daily,
            )  # fmt: skip
            assert counts.tags[kind] == full.tags[kind], (chosen, kind)
            assert counts.sampled or not full.sampled
        # The whole count is the one with the copies (it counts no chosen kind: all three in the second).
        either = [q["sql"] for q in queries if "AS kind" in q["sql"] and "'duplicates'" not in q["sql"]]
        assert len(either) == len(chosen)
        for sql in either:
            kinds = [kind for kind in ("topic", "place", "source") if f"'{kind}' AS kind" in sql]
            assert len(kinds) == 1 and kinds[0] in chosen, (chosen, kinds)
            assert "'period'" not in sql and ("within(" in sql) == (kinds == ["place"])


@pytest.mark.parametrize("sample_above", [10_000, 2])
def test_the_search_counts_a_kind_with_a_value_chosen_once(monkeypatch, sample_above):
    # The whole count counted the chosen kinds' facets too, and `_either` threw them away for its own:
    # a date range and a place walked the places twice (issue 16, stop 27). The whole count now leaves
    # them out; everything else it gives is what counting every facet gives.
    from django.test.utils import CaptureQueriesContext

    from articles.selectors.search_page import read_search, search_counts

    monkeypatch.setattr(facets, "SAMPLE_ABOVE", sample_above)
    monkeypatch.setattr(facets, "SAMPLE_SIZE", 2)
    crime, sport = make_topic("Crime"), make_topic("Sport")
    ap, cp = make_source("AP"), make_source("CP")
    canada = make_place("Canada")
    toronto, paris = make_place("Toronto", parent=canada), make_place("Paris")
    story = Story.objects.create(key="vote", headline="Vote")
    first = make_article("Vote held", topics=[crime], source=ap, places=[toronto], story=story)
    make_article("Vote held", topics=[crime], source=cp, places=[toronto], duplicate_of=first, story=story)
    make_article("Vote counted", topics=[crime, sport], source=cp, places=[canada], story=story)
    make_article("Court rules", topics=[crime], source=cp, places=[paris], published_at=None)
    make_article("Match won", topics=[sport], source=ap, places=[paris, toronto])
    for query in (
        "place=canada",
        "date_from=2000&place=canada&topic=crime",
        "topic=crime&source=cp&place=paris",
    ):
        asked = read_search(QueryDict(query))
        with CaptureQueriesContext(connection) as queries:
            counts = search_counts(asked)
        whole = [q["sql"] for q in queries if "'duplicates'" in q["sql"]][0]
        chosen = [kind for kind, slugs in asked.chosen.items() if slugs]
        for kind in ("topic", "place", "source"):
            assert (f"'{kind}' AS kind" in whole) == (kind not in chosen), (query, kind)
        assert sum("within(" in q["sql"] for q in queries) == 1  # the places walked once
        full = facets.count_matches(
            asked.filterset.with_duplicates,
            stories=True,
            skip=facets.facet_skip(asked.chosen),
            daily=asked.daily,
        )
        assert (counts.matches, counts.duplicates, counts.stories, counts.periods) == (
            full.matches, full.duplicates, full.stories, full.periods,
        ), query  # fmt: skip
        assert counts.sampled or not full.sampled  # or an either count's sample
        for kind in ("topic", "place", "source"):
            if kind not in chosen:
                assert counts.tags[kind] == full.tags[kind], (query, kind)
