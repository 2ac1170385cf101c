"""An article's "More like this", found once and read by key (articles.models.SimilarArticles).

    similar_articles(article)        # the article page: the stored ids' articles, best first
    find_similar(ids)                # find and store them (the import task, `find_similar` command)

Finding them ranks every article that shares words with this one (articles.fulltext.more_like_this:
0.8-1.7 s per article page at a million articles on PostgreSQL, issue 16), so it is done when an
article is imported, by a task, and the page reads one row. An article not yet done (imported before
this existed, or its task still waiting) is found on its first visit and stored, so it costs that
once, for every worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from articles import fulltext
from articles.models import Article, SimilarArticles

SHOWN = 5
LIST_FIELDS = ("pk", "slug", "title", "published_at", "date_precision", "source__name", "source__slug")


def find_similar(ids: Iterable[int]) -> int:
    """Find and store the similar articles of the articles `ids` (ids no longer there are skipped);
    how many were stored."""
    stored = 0
    for article in Article.objects.filter(pk__in=list(ids)).iterator(chunk_size=200):
        _store(article, [found.pk for found in fulltext.more_like_this(article, limit=SHOWN)])
        stored += 1
    return stored


def _store(article: Article, similar: list[int]) -> None:
    # One statement (an upsert), so two workers storing the same article at once cannot collide.
    SimilarArticles.objects.bulk_create(
        [SimilarArticles(article_id=article.pk, similar=similar, found_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["similar", "found_at"],
    )


def similar_articles(article: Article, *, limit: int = SHOWN) -> list[Article]:
    """The stored similar articles that are still in the archive and not exact copies, best first;
    found (and stored) now when they never were."""
    row = SimilarArticles.objects.filter(article_id=article.pk).values_list("similar", flat=True).first()
    if row is None:
        found = fulltext.more_like_this(article, limit=limit)
        _store(article, [other.pk for other in found])
        return found
    by_id = (
        Article.objects.filter(pk__in=row[:limit], duplicate_of__isnull=True)
        .select_related("source")
        .only(*LIST_FIELDS)
        .in_bulk()
    )
    return [by_id[pk] for pk in row[:limit] if pk in by_id]
