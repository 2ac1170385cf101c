"""Browsing pages: home, one article, the list of all articles, the topic/place/source indexes."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from articles import citing, fulltext
from articles.citing.styles import formatted
from articles.filters import includes_mentions
from articles.keys import fold
from articles.models import Article, ArticlePlace, ArticleTopic, MonthOf, Place, RelatedLink, Source, Topic
from articles.selectors.cache import cached
from articles.selectors.stories import story_line
from articles.views.exports import site_url
from articles.views.paging import ForgivingPaginationMixin

HOME_ARTICLES = 10
HOME_TAGS = 12
MORE_LIKE_THIS = 5
# Formatting an article in three citation styles takes ~0.1 s (articles/citing/styles.py), as long as
# the rest of the page; the result is kept for a day under the article's data and the access date.
CITATION_CACHE_SECONDS = 24 * 60 * 60


def counted(queryset, relation: str):
    """Annotate `n`: how many archived articles (exact duplicates left out) carry each row."""
    return queryset.annotate(
        n=Count(relation, filter=Q(**{f"{relation}__duplicate_of__isnull": True}), distinct=True)
    )


def archive_years() -> list[dict]:
    """The archive by year and month, for the home page: one query, over the stored local day (the
    database converting each moment to local time fails on a moment in year 1 or 9999)."""
    rows = (
        Article.objects.published()
        .canonical()
        .filter(published_on__isnull=False)
        .annotate(month=MonthOf("published_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    months: Counter = Counter()
    for month, n in rows:
        months[(month.year, month.month)] += n
    years = sorted({year for year, _ in months}, reverse=True)
    return [
        {
            "year": year,
            "count": sum(n for (y, _), n in months.items() if y == year),
            "months": [{"month": m, "count": months.get((year, m), 0)} for m in range(1, 13)],
        }
        for year in years
    ]


def top_places(mentions: bool = False) -> list[Place]:
    """The places most archived articles are tagged with (by the tags shown, see
    ArticlePlaceQuerySet.shown), each with `n`: one query."""
    rows = (
        ArticlePlace.objects.shown(mentions)
        .filter(article__duplicate_of__isnull=True)
        .values_list("place_id", "place__name", "place__display_name", "place__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "place__display_name")[:HOME_TAGS]
    )
    places = []
    for pk, name, display_name, slug, n in rows:
        place = Place(pk=pk, name=name, display_name=display_name, slug=slug)
        place.n = n
        places.append(place)
    return places


def archive_overview(mentions: bool = False) -> dict:
    """What the home page counts over the whole archive: articles, top topics and places (passing
    mentions too with `mentions`), sources, the years. Each is an aggregate over every article (seconds
    at a million), so the result is cached for HOME_CACHE_SECONDS under the archive's version
    (articles/selectors/cache.py): a new import or an edit shows at once, a renamed topic within the
    cache time."""

    def count() -> dict:
        return {
            "article_count": Article.objects.published().canonical().count(),
            "top_topics": list(
                counted(Topic.objects.all(), "articles").filter(n__gt=0).order_by("-n", "name")[:HOME_TAGS]
            ),
            "top_places": top_places(mentions),
            "sources": list(counted(Source.objects.all(), "articles").filter(n__gt=0).order_by("-n", "name")),
            "years": archive_years(),
        }

    return cached("home-overview", (mentions,), count, settings.HOME_CACHE_SECONDS)


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        mentions = includes_mentions(self.request.GET)
        newest = Article.objects.published().canonical().for_list(mentions=mentions).newest_first()
        return super().get_context_data(
            newest=newest[:HOME_ARTICLES], mentions=mentions, **archive_overview(mentions), **kwargs
        )


class ArticleListView(ForgivingPaginationMixin, ListView):
    """Every article, newest first; undated ones at the end."""

    template_name = "articles/article_list.html"
    queryset = Article.objects.for_list().newest_first()


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
            mentioned_places=[tag for tag in tags if tag.role in ArticlePlace.PASSING_ROLES],
            citation_tags=citing.meta_tags(cite),
            citations=cached("citations", (cite,), lambda: formatted(cite), CITATION_CACHE_SECONDS),
            links=normalise_links(article.links),
            related_groups=group_related(article.related_links.all()),
            duplicates=self.duplicates(article),
            story=story_line(article),
            more_like_this=fulltext.more_like_this(article, limit=MORE_LIKE_THIS),
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
        others = Article.objects.published().canonical().only("pk", "slug", "title", "published_at")
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


class PlaceIndexView(TemplateView):
    """Places the archive has articles about, as a tree: countries, the regions within them, the
    cities within those. The gazetteer's other places (tens of thousands) are left out, but a
    tagged city's region and country are shown around it."""

    template_name = "articles/place_index.html"

    def get_context_data(self, **kwargs):
        by_id = {place.pk: place for place in counted(Place.objects.in_use(), "articles").filter(n__gt=0)}
        tagged = len(by_id)
        for _ in range(8):  # the places above them, a level per query
            missing = {place.parent_id for place in by_id.values()} - set(by_id) - {None}
            if not missing:
                break
            by_id.update(
                (place.pk, place) for place in counted(Place.objects.filter(pk__in=missing), "articles")
            )
        places = sorted(by_id.values(), key=lambda place: place.name)
        children: dict[int | None, list[Place]] = {}
        ids = {place.pk for place in places}
        for place in places:
            parent = place.parent_id if place.parent_id in ids else None
            children.setdefault(parent, []).append(place)

        def branch(parent_id, depth=0):
            nodes = []
            for place in children.get(parent_id, []):
                nodes.append({"place": place, "children": branch(place.pk, depth + 1) if depth < 8 else []})
            return nodes

        return super().get_context_data(groups=by_initial(branch(None)), place_count=tagged, **kwargs)


def by_initial(nodes: list[dict]) -> list[dict]:
    """The index's top-level places (countries, mostly) under their initial letter, accents aside
    ("Österreich" under O), so the page is a row of letters and columns rather than one long list."""
    groups: dict[str, list[dict]] = {}
    for node in nodes:
        initial = fold(node["place"].name)[:1].upper()
        groups.setdefault(initial if initial.isalpha() else "#", []).append(node)
    return [{"letter": letter, "nodes": groups[letter]} for letter in sorted(groups)]
