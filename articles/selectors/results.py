"""One page of search results as the page shows them: links, highlighted titles, snippets and tags.

Worked out here so that the template only prints them; the same values go into the JSON export and the
search cache (articles/selectors/cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.urls import reverse

from articles import fulltext
from articles.fulltext import Query
from articles.local_time import article_date, local_iso
from articles.models import URL_SLUG, Article, ArticlePlace, ArticleTopic, Place, Topic, tag_url
from articles.selectors.stories import StoryLine, story_lines


@dataclass
class Tag:
    name: str
    url: str


@dataclass
class Result:
    """One search result as the page shows it."""

    article: Article
    url: str
    title: str  # HTML: the title with matched words marked
    snippet: str  # HTML
    date: str  # as precise as the source gave it; "" when undated
    date_iso: str
    source_name: str
    source_url: str
    duplicate: bool
    places: list[Tag]
    topics: list[Tag]
    place_tags: list[dict]  # every place tag: name, slug, role, origin, score, evidence
    story: StoryLine | None = None  # its story: copies, versions, the outlets of its other copies


class Links:
    """URLs of articles, topics, places and sources: reverse() once per kind (it costs tens of
    microseconds), then a string join per link."""

    MARK = "slug-placeholder"
    PK = 987654321

    def __init__(self):
        self.patterns = {
            kind: reverse(f"articles:{kind}", args=[self.MARK]).split(self.MARK)
            for kind in ("topic", "place", "source")
        }
        self.detail = reverse("articles:detail", args=[self.PK, self.MARK]).split(self.MARK)
        self.detail[0:1] = self.detail[0].split(str(self.PK))

    def url(self, kind: str, slug: str, pk: int) -> str:
        if URL_SLUG.fullmatch(slug):
            return slug.join(self.patterns[kind])
        return tag_url(kind, slug, pk)  # a slug stored some other way: by id

    def article(self, article: Article) -> str:
        before, between, after = self.detail
        return f"{before}{article.pk}{between}{article.url_slug}{after}"


def tags_of(articles: list[Article], links: Links, *, mentions: bool = False) -> dict[int, dict[str, list]]:
    """The places shown (passing mentions too with `mentions`, see ArticlePlaceQuerySet.shown) and topics
    of a page of articles, each kind by name, and every place tag with its role, score and evidence (what
    the JSON export writes as `place_tags`): one query."""
    found: dict[int, dict[str, list]] = {
        article.pk: {"place": [], "topic": [], "tags": []} for article in articles
    }
    marks = ", ".join(["%s"] * len(found))
    places, params = (
        ArticlePlace.objects.shown(mentions).values("article_id", "place_id").query.sql_with_params()
    )
    # Every tag first: PostgreSQL types a UNION's NULL columns by the arm before them.
    parts = [
        f"SELECT 'tags', tag.article_id, item.display_name, item.slug, item.id, tag.role, tag.origin, tag.score, "
        f"tag.evidence FROM {ArticlePlace._meta.db_table} tag JOIN {Place._meta.db_table} item "
        f"ON item.id = tag.place_id WHERE tag.article_id IN ({marks})"
    ]
    for kind, model, table, label in (
        ("place", Place, f"({places})", "display_name"),
        ("topic", Topic, ArticleTopic._meta.db_table, "name"),
    ):
        parts.append(
            f"SELECT '{kind}', tag.article_id, item.{label}, item.slug, item.id, NULL, NULL, NULL, NULL "
            f"FROM {table} tag "
            f"JOIN {model._meta.db_table} item ON item.id = tag.{kind}_id WHERE tag.article_id IN ({marks})"
        )
    with connections[articles[0]._state.db or "default"].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), [*found, *params, *found, *found])
        rows = cursor.fetchall()
    for kind, article_id, name, slug, pk, role, origin, score, evidence in sorted(
        rows, key=lambda row: row[2]
    ):
        if kind == "tags":
            tag = {
                "name": name,
                "slug": slug,
                "role": role,
                "origin": origin,
                "score": score,
                "evidence": evidence,
            }
            found[article_id][kind].append(tag)
        else:
            found[article_id][kind].append(Tag(name, links.url(kind, slug, pk)))
    return found


def results_of(articles: list[Article], query: Query, *, mentions: bool = False) -> list[Result]:
    """A page of articles as results: snippets in one query, tags in another, the outlets of their
    stories' other copies in a third (articles read with `select_related("story")`)."""
    if not articles:
        return []
    snippets = fulltext.snippets(articles, query)
    links = Links()
    tags = tags_of(articles, links, mentions=mentions)
    stories = story_lines(articles)
    return [
        Result(
            article,
            url=links.article(article),
            title=fulltext.highlight(article.title, query),
            snippet=snippets.get(article.pk, ""),
            date=article_date(article) if article.published_at else "",
            date_iso=local_iso(article.published_at),
            source_name=article.source.name if article.source else "",
            source_url=links.url("source", article.source.slug, article.source.pk) if article.source else "",
            duplicate=article.duplicate_of_id is not None,
            places=tags[article.pk]["place"],
            topics=tags[article.pk]["topic"],
            place_tags=tags[article.pk]["tags"],
            story=stories.get(article.pk),
        )
        for article in articles
    ]
