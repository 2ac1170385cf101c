"""Browsing pages: home, one article, the list of all articles, the topic and source indexes (the places
index is views/places.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from articles import citing, tasks
from articles.citing.styles import formatted
from articles.filters import includes_mentions
from articles.models import Article, ArticlePlace, ArticleTopic, RelatedLink, Source, Topic
from articles.selectors.cache import cached
from articles.selectors.overview import archive_overview, counted
from articles.selectors.similar import similar_articles
from articles.selectors.stories import story_line, with_story_lines
from articles.views.exports import site_url
from articles.views.paging import ForgivingPaginationMixin, StoryLinesMixin

HOME_ARTICLES = 10
# Formatting an article in three citation styles takes ~0.1 s (articles/citing/styles.py), as long as
# the rest of the page; the result is kept for a day under the citation's own values (the article's data
# and the access date), which are all it depends on: an import elsewhere in the archive keeps it.
CITATION_CACHE_SECONDS = 24 * 60 * 60


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        mentions = includes_mentions(self.request.GET)
        newest = (
            Article.objects.published().canonical().articles_only().for_list(mentions=mentions).newest_first()
        )
        # The whole-archive counts are read from one row that imports keep (articles.selectors.overview);
        # one found behind the archive asks the task worker to count again.
        overview = archive_overview(mentions, ask_refresh=tasks.refresh_home_counts.enqueue)
        return super().get_context_data(
            newest=with_story_lines(newest[:HOME_ARTICLES]), mentions=mentions, **overview, **kwargs
        )


class ArticleListView(StoryLinesMixin, ForgivingPaginationMixin, ListView):
    """Every article, newest first; undated ones at the end. What the home page counts ("Search N
    archived articles", its link here): exact copies and pages of other kinds (digests, galleries...)
    left out, as the date archive leaves them out; a search lists them."""

    template_name = "articles/article_list.html"
    queryset = Article.objects.canonical().articles_only().for_list().newest_first()


def normalise_links(links) -> list[dict]:
    """`Article.links` as {"url", "text"}: importers store plain URLs or small dicts."""
    normal = []
    for link in links if isinstance(links, list) else []:
        if isinstance(link, str):
            url, text = link, ""
        elif isinstance(link, dict):
            url = str(link.get("url") or link.get("href") or "")
            text = str(link.get("text") or link.get("title") or link.get("label") or "")
        else:
            continue
        if url.startswith(("http://", "https://")):
            normal.append({"url": url, "text": text or urlsplit(url).netloc + urlsplit(url).path})
    return normal


def group_related(links) -> list[dict]:
    """Related links in print order, grouped under their section headings."""
    groups: dict[str, list[RelatedLink]] = {}
    for link in links:
        groups.setdefault(link.section or "Related", []).append(link)
    return [{"section": section, "links": items} for section, items in groups.items()]


def is_wikinews(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "wikinews.org" or host.endswith(".wikinews.org")


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    queryset = Article.objects.select_related("source", "duplicate_of", "story").prefetch_related(
        Prefetch("place_tags", queryset=ArticlePlace.objects.for_list()),
        # Each topic with why it was given; editors' and imported tags (no score) first.
        Prefetch(
            "topic_tags",
            queryset=ArticleTopic.objects.select_related("topic").order_by(
                F("score").desc(nulls_first=True), "topic__name"
            ),
        ),
        Prefetch(
            "related_links", queryset=RelatedLink.objects.select_related("target").order_by("position", "pk")
        ),
    )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.url_slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        article = self.object
        tags = article.place_tags.all()
        # Passing mentions apart ("Also mentioned"), as ArticlePlaceQuerySet.shown leaves them out.
        shown = [tag for tag in tags if tag.role not in ArticlePlace.PASSING_ROLES]
        keywords = [tag.topic.name for tag in article.topic_tags.all()] + [tag.place.name for tag in shown]
        cite = citing.citation(article, site_url=site_url(self.request), keywords=keywords)
        return super().get_context_data(
            place_tags=shown,
            # Only places the text names: a region or country tagged because it contains a named city
            # ("contains Beirut") is no passing mention of its own.
            mentioned_places=[tag for tag in tags if tag.role in ArticlePlace.PASSING_ROLES and tag.count],
            citation_tags=citing.meta_tags(cite),
            citations=cached(
                "citations", (cite,), lambda: formatted(cite), CITATION_CACHE_SECONDS, versioned=False
            ),
            links=normalise_links(article.links),
            related_groups=group_related(article.related_links.all()),
            duplicates=self.duplicates(article),
            story=story_line(article),
            more_like_this=similar_articles(article),
            previous_article=self.neighbour(article, before=True),
            next_article=self.neighbour(article, before=False),
            wikinews=is_wikinews(article.url),
            # What "1h ago" beside a printed link is relative to: the page as last updated, else as posted.
            printed_on=article.source_updated_at or article.published_at,
            # Many sources print the lede again as the first paragraph; show it once.
            show_lede=bool(article.lede) and not article.body.lstrip().startswith(article.lede.strip()[:100]),
            **kwargs,
        )

    @staticmethod
    def duplicates(article: Article) -> list[Article]:
        """Other articles with exactly this text (the same wire story on other sites)."""
        fields = ("pk", "slug", "title", "published_at", "date_precision", "source__name", "source__slug")
        return list(
            article.duplicates.select_related("source").only(*fields).order_by("published_at", "pk")[:20]
        )

    @staticmethod
    def neighbour(article: Article, before: bool) -> Article | None:
        """The article published just before or after this one (ties broken by id), duplicates left out."""
        if not article.published_at:
            return None
        at, pk = article.published_at, article.pk
        others = (
            Article.objects.published()
            .canonical()
            .articles_only()
            .only("pk", "slug", "title", "published_at")
        )
        # The plain bound (lte/gte) beside the tie-break lets the database start reading its index at
        # this article's time rather than at the newest or oldest one.
        if before:
            others = others.filter(
                Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk), published_at__lte=at
            )
            others = others.newest_first()
        else:
            others = others.filter(
                Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk), published_at__gte=at
            )
            others = others.order_by("published_at", "pk")
        return others.first()


class TopicIndexView(ListView):
    template_name = "articles/topic_index.html"
    queryset = counted(Topic.objects.all(), "articles").order_by("name")


class SourceIndexView(ListView):
    template_name = "articles/source_index.html"
    queryset = counted(Source.objects.all(), "articles").order_by("name")
