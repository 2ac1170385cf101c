"""An Atom feed of any search: `/search/feed/?q=...&topic=...` gives the 50 matches last added to the
archive (by when they were imported, not when they were published: a backfill of older articles is new
to a subscriber too). Each entry keeps its article's own dates; the feed's `updated` (and the response's
Last-Modified) is the latest of those and of when its newest entry was added."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.filters import articles_tagged, includes_mentions
from articles.models import Article, Place, Source, Topic
from articles.selectors.search_page import AskedSearch, chips, last_added, read_search

FEED_SIZE = 50
SCOPES = {"topic": Topic, "place": Place, "source": Source}
# XML 1.0 forbids these; imported text or a typed query can hold them, and the feed must still render.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str | None) -> str | None:
    return _NOT_XML.sub("", text) if text else text


@dataclass(frozen=True)
class FeedSearch:
    """The search a feed follows, and the path it was asked at."""

    asked: AskedSearch
    path: str
    root: str  # the site's address, "https://archive.example", for the entries' ids
    items: list[Article] = field(default_factory=list)  # the entries, found once (items, feed's updated)


class AddedAtomFeed(Atom1Feed):
    """Atom whose feed-level `updated` counts when its entries were added (`added_at`): an old article
    imported today changes the feed today, though its own dates are old."""

    def latest_post_date(self):
        latest = super().latest_post_date()
        added = self.feed.get("added_at")
        latest = max(latest, added) if added and self.items else latest
        # In whole seconds, as the Last-Modified header has them: 9999-12-31 23:59:59.999999 (a stored
        # row's) rounded up to year 10000 there and took the feed down (stop 28).
        return latest.replace(microsecond=0)


class SearchFeed(Feed):
    feed_type = AddedAtomFeed
    # Atom wants an author for every entry, or one for the feed: an article with neither byline nor
    # source (a crawled page can have both missing) made the whole feed invalid.
    author_name = "NewsArchive"

    def search(
        self, request, kind: str | None = None, slug: str | None = None, pk: int | None = None
    ) -> FeedSearch:
        """The search of `request.GET`; on a topic's, place's or source's feed, within that one."""
        params = request.GET.copy()
        for name in ("page", "sort"):
            params.pop(name, None)
        articles = Article.objects.published()
        scope = None
        if kind:
            # By id for a slug that cannot be a URL's (articles.models.tag_url).
            tag = get_object_or_404(SCOPES[kind], **({"slug": slug} if pk is None else {"pk": pk}))
            articles = articles.filter(**articles_tagged(kind, tag, mentions=includes_mentions(params)))
            scope = (kind, tag)
        return FeedSearch(
            read_search(params, base=articles, scope=scope),
            request.path,
            request.build_absolute_uri("/")[:-1],
        )

    def title(self, obj: FeedSearch) -> str:
        """The words searched for and the topic, place or source followed: what a feed reader lists it
        by (a topic's feed was "newest articles", like every other topic's and the whole archive's)."""
        query, scope = obj.asked.query, obj.asked.scope
        named = [*([query.raw] if not query.is_blank else []), *([str(scope[1])] if scope else [])]
        return xml_safe(f"NewsArchive: {' · '.join(named)}") if named else "NewsArchive: newest articles"

    def subtitle(self, obj: FeedSearch) -> str:
        """What the feed follows, and what of its address it had to ignore (a feed has no page to say it on)."""
        parts = [f"{obj.asked.scope[0]} {obj.asked.scope[1]}"] if obj.asked.scope else []
        # Every filter the search page shows as a chip, but the words, which the title carries; the
        # values of one filter (its chips follow each other) are either one or another.
        for label, same in groupby(chips(obj.asked), key=lambda chip: chip.label):
            if label == "Entries":  # the chip "Entries: every copy" (group=none)
                parts.append("every copy of each story")
            elif label != "Words":
                parts.append(f"{label.lower()} {' or '.join(chip.value for chip in same)}")
        problems = obj.asked.filterset.problems
        return xml_safe(
            "The matches last added to the archive"
            + (f": {', '.join(parts)}" if parts else "")
            + "."
            + "".join(f" {problem}" for problem in problems)
        )

    def link(self, obj: FeedSearch) -> str:
        """The page this feed follows: the search page, or the topic's, place's or source's page."""
        return obj.path.removesuffix("feed/") + self._query(obj)

    def feed_url(self, obj: FeedSearch) -> str:
        return obj.path + self._query(obj)

    @staticmethod
    def _query(obj: FeedSearch) -> str:
        return f"?{obj.asked.params.urlencode()}" if obj.asked.params else ""

    def items(self, obj: FeedSearch) -> list[Article]:
        return obj.items

    def get_object(self, request, *args, **kwargs) -> FeedSearch:
        obj = self.search(request, *args, **kwargs)
        found = last_added(obj.asked, FEED_SIZE)
        for article, snippet in found:
            article.feed_summary = snippet  # what item_description shows, handed over with the item
            article.feed_id = obj.root + reverse("articles:detail_by_id", args=[article.pk])
        obj.items[:] = [article for article, _ in found]
        return obj

    def feed_extra_kwargs(self, obj: FeedSearch) -> dict:
        return {"added_at": max((item.created_at for item in obj.items), default=None)}

    def item_guid(self, item) -> str:
        """The entry's id: the article's address by its id alone. Atom's ids never change, and the link's
        slug does when a re-import (a newer page reader) or an editor gives the article a new title."""
        return item.feed_id

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
