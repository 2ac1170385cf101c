"""The date archive: Django's generic date views set up once in a mixin; days are the site's time zone's."""

from __future__ import annotations

from django.views.generic.dates import ArchiveIndexView, DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import Article
from articles.views.paging import ForgivingPaginationMixin


class ArticleDateMixin(ForgivingPaginationMixin):
    date_field = "published_at"
    allow_future = True  # dates come from the sources; an archive shows what it holds
    month_format = "%m"
    list_order = "oldest"
    queryset = Article.objects.published().canonical().for_list()

    def get_ordering(self):
        return ["published_at", "pk"]


class ArchiveIndex(ArticleDateMixin, ArchiveIndexView):
    allow_empty = True
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
