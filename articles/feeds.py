"""An Atom feed of any search: `/search/feed/?q=...&topic=...` gives its newest 50 matches."""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles import search as engine
from articles.filters import ArticleFilter, articles_tagged
from articles.models import Article, Place, Source, Topic

FEED_SIZE = 50
SCOPES = {"topic": Topic, "place": Place, "source": Source}
# XML 1.0 forbids these; imported text or a typed query can hold them, and the feed must still render.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str | None) -> str | None:
    return _NOT_XML.sub("", text) if text else text


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, kind: str | None = None, slug: str | None = None, pk: int | None = None):
        """The search of `request.GET`; on a topic's, place's or source's feed, within that one."""
        params = request.GET.copy()
        for name in ("format", "page", "sort"):
            params.pop(name, None)
        articles = Article.objects.published()
        if kind:
            # By id for a slug that cannot be a URL's (articles.models.tag_url).
            scope = get_object_or_404(SCOPES[kind], **({"slug": slug} if pk is None else {"pk": pk}))
            articles = articles.filter(**articles_tagged(kind, scope))
        return ArticleFilter(params, queryset=articles, request=request)

    def title(self, obj: ArticleFilter) -> str:
        words = obj.cleaned("q")
        return (
            xml_safe(f"NewsArchive: {words}")
            if words and not obj.query.is_blank
            else "NewsArchive: newest articles"
        )

    def subtitle(self, obj: ArticleFilter) -> str:
        parts = []
        for tag_filter in obj.tag_filters():
            if tag_filter.selected:
                names = " or ".join(item.name for item in tag_filter.selected)
                parts.append(f"{tag_filter.noun} {names}")
        for name, label in (("date_from", "from"), ("date_to", "to")):
            if obj.period(name):
                parts.append(f"{label} {obj.period(name).text}")
        return xml_safe(
            "The newest matches" + (f": {', '.join(parts)}" if parts else " in the archive") + "."
        )

    def link(self, obj: ArticleFilter) -> str:
        """The page this feed follows: the search page, or the topic's, place's or source's page."""
        return obj.request.path.removesuffix("feed/") + self._query(obj)

    def feed_url(self, obj: ArticleFilter) -> str:
        return obj.request.path + self._query(obj)

    @staticmethod
    def _query(obj: ArticleFilter) -> str:
        return f"?{obj.data.urlencode()}" if obj.data else ""

    def items(self, obj: ArticleFilter):
        articles = list(obj.qs.for_list().newest_first()[:FEED_SIZE])
        snippets = engine.snippets(articles, obj.query)
        for article in articles:
            article.feed_summary = snippets.get(article.pk, "")
        return articles

    def item_title(self, item) -> str:
        return xml_safe(item.title)

    def item_description(self, item) -> str:
        return xml_safe(str(item.feed_summary))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.source_updated_at or item.published_at

    def item_author_name(self, item) -> str | None:
        return xml_safe(item.byline or (item.source.name if item.source else None))

    def item_categories(self, item) -> list[str]:
        return [xml_safe(topic.name) for topic in item.topics.all()]
