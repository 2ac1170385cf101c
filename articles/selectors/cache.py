"""Reads that cost a lot are cached under a key that every write to the archive changes.

`archive_version()` is the one mechanism: a string that changes when an article is added or edited
(the highest id, the latest `modified_at`: the admin's saves and the importer's updates both set it),
an import batch starts, or a topic or place tag is added. The home page's whole-archive counts and each
search's counts and page of results are kept under it, so the next page after an import or an edit is
counted again, in every worker, without any worker telling another: each asks the database (one query of
maxima, about 1 ms on Reuters' 15,000 articles on PostgreSQL). What no maximum sees (an article deleted
other than the newest, a topic renamed) shows once the entry expires.

Values go through Django's cache framework (`django.core.cache.cache`): each worker's memory by default,
a shared Redis or memcached when CACHE_URL says so (docs/deployment.md, "Caching"). What is cached is
data, never a response: a page is rendered for each request, so a private archive's rules still run first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connections, router

from articles.models import Article, ArticlePlace, ArticleTopic, ImportBatch

T = TypeVar("T")


def archive_version() -> str:
    """What the archive holds, as a short string that any addition or edit changes (one query)."""
    using = router.db_for_read(Article)
    quote = connections[using].ops.quote_name
    articles = quote(Article._meta.db_table)
    maxima = [f"(SELECT MAX(id) FROM {articles})", f"(SELECT MAX(modified_at) FROM {articles})"]
    maxima += [
        f"(SELECT MAX(id) FROM {quote(model._meta.db_table)})"
        for model in (ImportBatch, ArticleTopic, ArticlePlace)
    ]
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(maxima))
        row = cursor.fetchone()
    return ":".join("" if value is None else str(value) for value in row)


def cached(name: str, parts: tuple, compute: Callable[[], T], seconds: int) -> T:
    """`compute()`, kept for `seconds` under `name`, the archive's version and `parts` (any values with
    a stable repr); 0 seconds computes every time."""
    if seconds <= 0:
        return compute()
    # Hashed: a key holds no spaces and stays short, as memcached requires.
    digest = hashlib.sha256(repr((archive_version(), parts)).encode()).hexdigest()
    key = f"{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
