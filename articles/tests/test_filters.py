"""The search FilterSet: every filter, their combinations, date bounds in the site's time zone, bad input."""

import datetime as dt

import pytest
from django.http import QueryDict

from articles.filters import ArticleFilter, parse_period
from articles.tests.factories import local, make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [article.title for article in ArticleFilter(QueryDict(query)).qs]


def problems(query: str) -> list[str]:
    return ArticleFilter(QueryDict(query)).problems


class TestParsePeriod:
    def test_year_month_and_day(self):
        assert (parse_period("2024").first, parse_period("2024").last) == (
            dt.date(2024, 1, 1),
            dt.date(2024, 12, 31),
        )
        assert parse_period("2024-02").last == dt.date(2024, 2, 29)
        assert parse_period("2023-12").last == dt.date(2023, 12, 31)
        assert parse_period("2024-1-5").first == dt.date(2024, 1, 5)

    @pytest.mark.parametrize(
        "text", ["yesterday", "2024-13", "2024-02-30", "24", "2024/01/01", "0999", "20240101"]
    )
    def test_rejects_what_is_not_a_date(self, text):
        with pytest.raises(ValueError):
            parse_period(text)

    def test_bounds_are_local_midnights(self):
        period = parse_period("2024-01")
        assert period.start == local(2024, 1, 1, 0)
        assert period.end == local(2024, 2, 1, 0)


class TestDates:
    def test_both_ends_inclusive_at_local_midnight(self):
        make_article("Just before", published_at=local(2023, 12, 31, 23, 59))
        make_article("First moment", published_at=local(2024, 1, 1, 0, 0))
        make_article("Last minute of January", published_at=local(2024, 1, 31, 23, 59))
        make_article("February", published_at=local(2024, 2, 1, 0, 0))
        assert titles("date_from=2024-01&date_to=2024-01") == ["Last minute of January", "First moment"]
        assert titles("date_from=2024-01-01&date_to=2024-01-31") == ["Last minute of January", "First moment"]
        assert titles("date_to=2024-01") == ["Last minute of January", "First moment", "Just before"]
        assert titles("date_from=2024-02-01") == ["February"]

    def test_year_bounds(self):
        make_article("New Year's Eve 2023", published_at=local(2023, 12, 31, 23, 30))
        make_article("2024", published_at=local(2024, 6, 1))
        assert titles("date_from=2024&date_to=2024") == ["2024"]
        assert titles("date_to=2023") == ["New Year's Eve 2023"]

    def test_utc_midnight_is_not_local_midnight(self):
        # 2024-02-01 03:00 UTC is still 31 January in Toronto.
        make_article("Late on the 31st", published_at=dt.datetime(2024, 2, 1, 3, 0, tzinfo=dt.UTC))
        assert titles("date_to=2024-01-31") == ["Late on the 31st"]
        assert titles("date_from=2024-02") == []

    def test_bad_date_is_ignored_with_a_message(self):
        make_article("Kept")
        assert titles("date_from=last+week") == ["Kept"]
        assert any(
            "From" in problem and "is not a date" in problem for problem in problems("date_from=last+week")
        )

    def test_start_after_end_says_so(self):
        assert any("after the end" in problem for problem in problems("date_from=2024-05&date_to=2024-01"))

    def test_undated_articles_are_found_and_sorted_last(self):
        economy, canada, ap = make_topic("Economy"), make_place("Canada"), make_source("AP")
        make_article("Undated economy", published_at=None, topics=[economy], places=[canada], source=ap)
        make_article("Older economy", published_at=local(2023, 5, 1), topics=[economy])
        make_article("Newer economy", published_at=local(2024, 5, 1), topics=[economy])
        assert titles("") == ["Newer economy", "Older economy", "Undated economy"]
        assert titles("sort=oldest") == ["Older economy", "Newer economy", "Undated economy"]
        assert titles("q=economy&sort=newest") == ["Newer economy", "Older economy", "Undated economy"]
        assert "Undated economy" in titles("q=economy")
        for query in ("q=undated", "topic=economy", "place=canada", "source=ap"):
            assert "Undated economy" in titles(query), query

    def test_a_date_filter_leaves_undated_articles_out(self):
        make_article("Undated", published_at=None)
        make_article("Dated", published_at=local(2024, 5, 1))
        assert titles("date_from=2000") == ["Dated"]
        assert titles("date_to=2030") == ["Dated"]


class TestTags:
    @pytest.fixture
    def data(self):
        economy, sport = make_topic("Economy"), make_topic("Sport")
        canada = make_place("Canada", kind="country")
        ontario = make_place("Ontario", parent=canada, kind="region")
        toronto = make_place("Toronto", parent=ontario, kind="city")
        france = make_place("France", kind="country")
        ap, reuters = make_source("AP"), make_source("Reuters")
        make_article(
            "Toronto economy", topics=[economy], places=[toronto], source=ap, published_at=local(2024, 1, 5)
        )
        make_article(
            "Ontario sport", topics=[sport], places=[ontario], source=reuters, published_at=local(2024, 1, 4)
        )
        make_article(
            "France economy",
            topics=[economy],
            places=[france],
            source=reuters,
            published_at=local(2024, 1, 3),
        )
        make_article(
            "Both topics", topics=[economy, sport], places=[canada, toronto], published_at=local(2024, 1, 2)
        )

    def test_one_topic(self, data):
        assert titles("topic=sport") == ["Ontario sport", "Both topics"]

    def test_repeated_topic_is_or_and_counts_each_article_once(self, data):
        assert titles("topic=sport&topic=economy") == [
            "Toronto economy",
            "Ontario sport",
            "France economy",
            "Both topics",
        ]

    def test_kinds_combine_with_and(self, data):
        assert titles("topic=economy&source=reuters") == ["France economy"]
        assert titles("topic=economy&place=canada") == ["Toronto economy", "Both topics"]
        assert titles("topic=sport&place=france") == []

    def test_a_country_includes_its_regions_and_cities(self, data):
        assert titles("place=canada") == ["Toronto economy", "Ontario sport", "Both topics"]
        assert titles("place=ontario") == ["Toronto economy", "Ontario sport", "Both topics"]
        assert titles("place=toronto") == ["Toronto economy", "Both topics"]
        assert titles("place=toronto&place=france") == ["Toronto economy", "France economy", "Both topics"]

    def test_place_hierarchy_costs_one_query(self, data, django_assert_num_queries):
        # resolving the slug, then the filtered list with the place tree as a recursive subquery
        with django_assert_num_queries(2):
            list(ArticleFilter(QueryDict("place=canada")).qs)

    def test_source(self, data):
        assert titles("source=ap&source=reuters") == ["Toronto economy", "Ontario sport", "France economy"]

    def test_unknown_slug_is_named_and_left_out(self, data):
        assert titles("topic=nope&topic=sport") == ["Ontario sport", "Both topics"]
        assert "There is no topic called “nope”; it was left out of the search." in problems("topic=nope")
        assert any(
            "no place called “nowhere-at-all”" in problem for problem in problems("place=nowhere-at-all")
        )
        assert any("no source called “x”" in problem for problem in problems("source=x"))

    def test_everything_together(self, data):
        query = "topic=economy&place=canada&source=ap&date_from=2024-01-05&date_to=2024-01-05&sort=oldest"
        assert titles(query) == ["Toronto economy"]


class TestSortAndDuplicates:
    def test_newest_by_default_and_oldest_on_request(self):
        make_article("Old", published_at=local(2020, 1, 1))
        make_article("New", published_at=local(2024, 1, 1))
        assert titles("") == ["New", "Old"]
        assert titles("sort=oldest") == ["Old", "New"]
        assert titles("sort=relevance") == ["New", "Old"]  # nothing to rank without words

    def test_bad_sort_falls_back_with_a_message(self):
        make_article("Only")
        assert titles("sort=random") == ["Only"]
        assert (
            "Sort: “random” is not one of the choices (relevance, newest or oldest). It was ignored."
            in problems("sort=random")
        )

    def test_exact_duplicates_hidden_unless_asked(self):
        original = make_article("Original", published_at=local(2024, 1, 1))
        make_article("Copy", published_at=local(2024, 1, 2), duplicate_of=original)
        assert titles("") == ["Original"]
        assert titles("duplicates=show") == ["Copy", "Original"]
