"""Reads that cost a lot are cached under a key that every write to the archive changes.

`archive_version()` is the one mechanism: a string that changes when an article is added, an import
batch starts (an import that updates articles starts one) or beats its heartbeat (every chunk, and an
undo's, which removes articles no highest id sees), a topic or place tag is added, or anything is
added, changed or deleted in the admin (Django logs each of those as a LogEntry). The home page's
whole-archive counts and each search's counts and page of results are kept under it, so the next page
after an import or an edit is counted again, in every worker, without any worker telling another: each
asks the database. It asks for the highest id of five tables, each read from the end of its primary key
index (0.1 ms in PostgreSQL whatever the archive's size; the latest `Article.modified_at`, which has no
index, took 50 ms on Reuters' 15,389 articles on a busy two-core machine), and the latest heartbeat of
the import batches, a table of one row per import, read whole. What none of them sees (a
change made outside the admin and the importer, such as a tag removed by `tag_articles` or SQL by hand)
shows when the entry expires.

Values go through Django's cache framework (`django.core.cache.cache`): each worker's memory by default,
a shared Redis or memcached when CACHE_URL says so (docs/deployment.md, "Caching"). What is cached is
data, never a response: a page is rendered for each request, so a private archive's rules still run first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connections, router

from articles.models import Article, ArticlePlace, ArticleTopic, ImportBatch

T = TypeVar("T")


def archive_version() -> str:
    """What the archive holds, as a short string that any addition, import or admin edit changes (one
    query)."""
    using = router.db_for_read(Article)
    quote = connections[using].ops.quote_name
    maxima = [
        f"(SELECT MAX(id) FROM {quote(model._meta.db_table)})"
        for model in (Article, ImportBatch, ArticleTopic, ArticlePlace, LogEntry)
    ]
    # An import, and an undo that removes articles no maximum above sees, beat their batch's heartbeat.
    maxima.append(f"(SELECT MAX(heartbeat_at) FROM {quote(ImportBatch._meta.db_table)})")
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(maxima))
        row = cursor.fetchone()
    return ":".join("" if value is None else str(value) for value in row)


def cached(name: str, parts: tuple, compute: Callable[[], T], seconds: int, *, versioned: bool = True) -> T:
    """`compute()`, kept for `seconds` under `name`, the archive's version and `parts` (any values with
    a stable repr); 0 seconds computes every time. Not `versioned`: under `name` and `parts` alone, for
    a value that `parts` determine whole (an import need not throw it away, nor a query ask the version)."""
    if seconds <= 0:
        return compute()
    # Hashed: a key holds no spaces and stays short, as memcached requires.
    version = archive_version() if versioned else None
    digest = hashlib.sha256(repr((version, parts)).encode()).hexdigest()
    key = f"{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
