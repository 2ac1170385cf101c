"""Writes articles in the JSON Lines schema the importer reads (docs/import-format.md).

`export_articles` and the search page's exports share these functions, so what goes out can always
come back in: export, then import into an empty database, gives the same articles.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.utils import timezone

from .models import Article, ArticlePlace, ArticleTopic, RelatedLink

CSV_COLUMNS = [
    "id", "external_id", "published_at", "title", "source", "byline", "dateline", "url", "topics", "places",
    "word_count",
]  # fmt: skip
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def export_queryset(queryset):
    """The articles with everything an export writes, fetched in a fixed number of queries per chunk."""
    return queryset.select_related("source").prefetch_related(
        Prefetch(
            "topic_tags", queryset=ArticleTopic.objects.select_related("topic").order_by("-score", "pk")
        ),
        Prefetch(
            "place_tags", queryset=ArticlePlace.objects.select_related("place").order_by("-score", "pk")
        ),
        Prefetch("related_links", queryset=RelatedLink.objects.order_by("position")),
    )


def _published(article: Article) -> str | None:
    if article.published_at is None:
        return None
    if article.date_precision in ("day", "month"):
        # Filed at local midnight by the importer: the local date is the date the source gave.
        return timezone.localtime(article.published_at).date().isoformat()
    return article.published_at.isoformat()


def article_record(article: Article) -> dict:
    record = dict(article.extra or {})
    record.update(
        {
            "id": article.external_id,
            "title": article.title,
            "lede": article.lede,
            "body": article.body,
            "published_at": _published(article),
            "updated_at": article.source_updated_at.isoformat() if article.source_updated_at else None,
            "source": article.source.name if article.source else "",
            "byline": article.byline,
            "dateline": article.dateline,
            "url": article.url,
            "language": article.language,
            "photo_caption": article.photo_caption,
            "photo_credit": article.photo_credit,
            "links": article.links,
            "topics": [
                {"name": t.topic.name, "slug": t.topic.slug, "origin": t.origin, "score": t.score}
                for t in article.topic_tags.all()
            ],
            "places": [
                {
                    "name": p.place.name,
                    "slug": p.place.slug,
                    "kind": p.place.kind,
                    "country_code": p.place.country_code,
                    "role": p.role,
                    "origin": p.origin,
                    "score": p.score,
                }
                for p in article.place_tags.all()
            ],
            "related": [
                {
                    "title": link.title,
                    "summary": link.summary,
                    "section": link.section,
                    "kind": link.kind,
                    "age": link.age,
                    "duration": link.duration,
                    "url": link.url,
                }
                for link in article.related_links.all()
            ],
        }
    )
    return record


def iter_jsonl(queryset, *, chunk_size: int = 500) -> Iterator[str]:
    for article in export_queryset(queryset).iterator(chunk_size=chunk_size):
        yield json.dumps(article_record(article), ensure_ascii=False) + "\n"


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_row(article: Article) -> list[str]:
    return [
        safe_cell(value)
        for value in (
            article.pk,
            article.external_id,
            article.published_at.isoformat() if article.published_at else "",
            article.title,
            article.source.name if article.source else "",
            article.byline,
            article.dateline,
            article.url,
            "; ".join(t.name for t in article.topics.all()),
            "; ".join(p.name for p in article.places.all()),
            article.word_count,
        )
    ]


def iter_csv(articles: Iterable[Article]) -> Iterator[str]:
    """CSV lines, header first; `articles` should prefetch source, topics and places."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for article in articles:
        yield writer.writerow(csv_row(article))
