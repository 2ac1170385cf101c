"""The date archive: Django's generic date views set up once in a mixin; days are the site's time zone's.

The views read `published_on`, the local day stored with each article, rather than converting every
`published_at` to local time in the database: that conversion fails on a moment in year 1 or 9999,
which rows written by hand or by older imports hold. Any year from 1 to 9999 has its page.
"""

from __future__ import annotations

from django.views.generic.dates import ArchiveIndexView, DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import Article
from articles.views.paging import ForgivingPaginationMixin, StoryLinesMixin


class ArticleDateMixin(StoryLinesMixin, ForgivingPaginationMixin):
    date_field = "published_on"
    allow_future = True  # dates come from the sources; an archive shows what it holds
    # A day, month or year with no articles is a page that says so, with links to the nearest periods
    # that have articles (`_nearest`, as Django finds them when empty periods are not shown), instead of
    # a bare "No articles available"; its status stays 404, so the years 1 to 9999 are not three million
    # empty pages to crawlers and link checkers.
    allow_empty = True
    empty_is_found = False
    _linking = False

    def render_to_response(self, context, **kwargs):
        paginator = context.get("paginator")
        if not self.empty_is_found and paginator is not None and paginator.count == 0:
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)

    def get_allow_empty(self):
        return self.allow_empty and not self._linking

    def _nearest(self, find, date):
        self._linking = True
        try:
            return find(date)
        finally:
            self._linking = False

    month_format = "%m"
    list_order = "oldest"
    queryset = Article.objects.published().canonical().articles_only().for_list()

    def get_ordering(self):
        return ["published_at", "pk"]

    def get_year(self):
        # "%Y" reads four digits: /archive/1/ is the year 0001 (0 and 10000 stay impossible: 404).
        return f"{int(super().get_year()):04d}"

    # The last year, month and day of the calendar (9999-12-31) have no next one to end them: their
    # periods are left open at the end, and they have no "next" link.
    def _get_next_year(self, date):
        return None if date.year == 9999 else super()._get_next_year(date)

    def _get_next_month(self, date):
        return None if (date.year, date.month) == (9999, 12) else super()._get_next_month(date)

    def _get_next_day(self, date):
        return None if (date.year, date.month, date.day) == (9999, 12, 31) else super()._get_next_day(date)

    def get_dated_queryset(self, **lookup):
        return super().get_dated_queryset(
            **{key: value for key, value in lookup.items() if value is not None}
        )

    def get_next_year(self, date):
        return None if self._get_next_year(date) is None else self._nearest(super().get_next_year, date)

    def get_next_month(self, date):
        return None if self._get_next_month(date) is None else self._nearest(super().get_next_month, date)

    def get_next_day(self, date):
        return None if self._get_next_day(date) is None else self._nearest(super().get_next_day, date)

    def get_previous_year(self, date):
        return self._nearest(super().get_previous_year, date)

    def get_previous_month(self, date):
        return self._nearest(super().get_previous_month, date)

    def get_previous_day(self, date):
        return self._nearest(super().get_previous_day, date)


class ArchiveIndex(ArticleDateMixin, ArchiveIndexView):
    empty_is_found = True  # an archive with nothing in it yet
    date_list_period = "year"
    list_order = "newest"

    def get_ordering(self):
        return ["-published_at", "-pk"]


class YearArchive(ArticleDateMixin, YearArchiveView):
    make_object_list = True


class MonthArchive(ArticleDateMixin, MonthArchiveView):
    pass


class DayArchive(ArticleDateMixin, DayArchiveView):
    pass
