"""The public archive's URLs. Other code links to these names; keep them.

A topic, place or source is found by its slug; one whose stored slug could not be part of a URL (see
articles.models.tag_url) by its id, under `<kind>s/id/<pk>/` ("id" as a slug is a page of its own).
"""

from django.urls import path

from articles import views
from articles.feeds import SearchFeed
from articles.views import collections, stories
from articles.views.facet import FacetValuesView
from articles.views.map import SearchMapView

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<int:pk>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    # An address cut after the id (a citation, a hand-typed link) redirects to the article's own.
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), {"slug": ""}, name="detail_by_id"),
    path("stories/<str:key>/", stories.story_detail, name="story"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/feed/", SearchFeed(), name="search_feed"),
    path("search/map/", SearchMapView.as_view(), name="search_map"),
    path("search/values/<str:kind>/", FacetValuesView.as_view(), name="search_values"),
    path("archive/", views.ArchiveIndex.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearArchive.as_view(), name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.MonthArchive.as_view(), name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.DayArchive.as_view(), name="archive_day"),
    path("topics/", views.TopicIndexView.as_view(), name="topics"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("topics/<slug:slug>/feed/", SearchFeed(), {"kind": "topic"}, name="topic_feed"),
    path("topics/id/<int:pk>/", views.TopicView.as_view(), name="topic_by_id"),
    path("topics/id/<int:pk>/feed/", SearchFeed(), {"kind": "topic"}, name="topic_feed_by_id"),
    path("places/", views.PlaceIndexView.as_view(), name="places"),
    path("places/<slug:slug>/", views.PlaceView.as_view(), name="place"),
    path("places/<slug:slug>/within/", views.PlaceIndexView.as_view(), name="place_within"),
    path("places/<slug:slug>/feed/", SearchFeed(), {"kind": "place"}, name="place_feed"),
    path("places/id/<int:pk>/", views.PlaceView.as_view(), name="place_by_id"),
    path("places/id/<int:pk>/within/", views.PlaceIndexView.as_view(), name="place_within_by_id"),
    path("places/id/<int:pk>/feed/", SearchFeed(), {"kind": "place"}, name="place_feed_by_id"),
    path("sources/", views.SourceIndexView.as_view(), name="sources"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("sources/<slug:slug>/feed/", SearchFeed(), {"kind": "source"}, name="source_feed"),
    path("sources/id/<int:pk>/", views.SourceView.as_view(), name="source_by_id"),
    path("sources/id/<int:pk>/feed/", SearchFeed(), {"kind": "source"}, name="source_feed_by_id"),
    path("collections/", collections.CollectionListView.as_view(), name="collections"),
    path("collections/save/", collections.save_collection, name="collection_save"),
    path("collections/add/", collections.add_to_collection, name="collection_add"),
    path("collections/<int:pk>/", collections.collection_detail, name="collection"),
    path("collections/<int:pk>/edit/", collections.edit_collection, name="collection_edit"),
    path("collections/<int:pk>/remove/", collections.remove_from_collection, name="collection_remove"),
    path("collections/<int:pk>/share/", collections.share_collection, name="collection_share"),
    path("collections/<int:pk>/delete/", collections.delete_collection, name="collection_delete"),
    # A share token is secrets.token_urlsafe: a slug. Anything else (a NUL byte) is a 404 before the database.
    path("collections/shared/<slug:token>/", collections.shared_collection, name="shared_collection"),
]
