"""Indexes the archive's lists rely on at scale (migrations 0007 and 0021): PostgreSQL reads the canonical articles
newest or oldest first from a partial index instead of sorting them all, and a feed the articles last added."""

import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")  # a tiny table would be sorted either way
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL-only indexes (SQLite reads the 0003 ones)"
)
def test_canonical_lists_are_read_in_index_order():
    canonical = Article.objects.canonical().only("pk")
    assert "article_canonical_newest_only" in plan(canonical.newest_first()[:20])
    assert "article_canonical_oldest_only" in plan(
        canonical.filter(published_at__isnull=False).oldest_first()[:1]
    )


def test_a_feed_reads_the_articles_last_added_from_an_index_not_a_sort_of_them_all():
    """The archive-wide feed (no words, group=none) takes the 50 last added: read in index order."""
    query = Article.objects.order_by("-created_at", "-pk").only("pk")[:50]
    if connection.vendor == "postgresql":
        assert "article_added" in plan(query)
    else:
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            steps = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "article_added" in steps and "TEMP B-TREE" not in steps
