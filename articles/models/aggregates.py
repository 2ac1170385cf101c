"""What is counted or found once and read by key (issue 16): the home page's whole-archive counts and
each article's "More like this".

Both are kept by whoever writes articles (the import task and command refresh them when they finish;
articles/selectors/overview.py and articles/selectors/similar.py hold the reads and the refreshes), so
a visitor reads one row instead of waiting for counts over every article: 7-8 s at a million articles
on each gunicorn worker's first visit when they were cached in each worker's memory.
"""

from __future__ import annotations

from django.db import models

from .archive import Article


class ArchiveOverview(models.Model):
    """The home page's counts over the whole archive (articles, top topics, places, sources, the
    months), one row per way of counting places (`key`), as counted at `version`
    (articles.selectors.cache.archive_version)."""

    key = models.CharField(max_length=40, primary_key=True)
    version = models.CharField(max_length=300, help_text="the archive's version when counted")
    refresh_asked = models.CharField(
        max_length=300, blank=True, help_text="the version a recount has been asked for (asked once)"
    )
    data = models.JSONField()
    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} at {self.counted_at:%Y-%m-%d %H:%M}"


class SimilarArticles(models.Model):
    """An article's "More like this": the ids of the articles found, best first (articles.fulltext
    .more_like_this), as found at `found_at`."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="+")
    similar = models.JSONField(default=list)
    found_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"like {self.article_id}: {self.similar}"
