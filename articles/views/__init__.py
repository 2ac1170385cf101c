"""The public archive's views; each module holds one kind of page."""

from articles.views.archive import ArchiveIndex, DayArchive, MonthArchive, YearArchive
from articles.views.pages import (
    ArticleDetailView,
    ArticleListView,
    HomeView,
    SourceIndexView,
    TopicIndexView,
)
from articles.views.places import PlaceIndexView
from articles.views.search import PlaceView, SearchView, SourceView, TopicView

__all__ = [
    "ArchiveIndex", "ArticleDetailView", "ArticleListView", "DayArchive", "HomeView", "MonthArchive",
    "PlaceIndexView", "PlaceView", "SearchView", "SourceIndexView", "SourceView", "TopicIndexView",
    "TopicView", "YearArchive",
]  # fmt: skip
