"""Full-text search of the archive: one interface, one module per database engine.

    query = read_query(request.GET.get("q", ""))        # never raises; query.explanation says how it read
    matches = search(Article.objects.published(), query).order_by("-search_rank")
    page = matches[:20]
    marked = snippets(page, query)                       # {pk: SafeString with <mark>}
    title = highlight(article.title, query)

The engine module (postgres.py, sqlite.py) is chosen by the connection's vendor, as wagtail's database
search backend does. A blank query is no search: the queryset comes back unchanged (search_rank = 0).
The engines import no model: they work on the queryset, or the model of the articles, they are given
(models sit below search; see docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from importlib import import_module

from django.db import NotSupportedError, connections
from django.db.models import FloatField, Value
from django.utils.safestring import SafeString

from articles.fulltext.marks import has_marks, lead_text, marked_to_html
from articles.fulltext.marks import highlight as _highlight
from articles.fulltext.query import MAX_LENGTH, STOP_WORDS, Query, Term, read_query

__all__ = [
    "MAX_LENGTH", "Query", "Term", "estimate_count", "highlight", "known_share", "more_like_this", "rank", "read_query", "search", "snippets",
]  # fmt: skip

ENGINES = {"postgresql": "articles.fulltext.postgres", "sqlite": "articles.fulltext.sqlite"}
MORE_LIKE_THIS_WORDS = 8
MORE_LIKE_THIS_DAYS = 365  # first look for similar articles within this many days either side
LEDE_WORDS = 60  # of the body, standing in for a missing lede
# Words every news story has; they say nothing about what a story is about.
_LETTERS = re.compile(r"[^\W\d_]+")
NEWS_WORDS = frozenset(
    ["said", "says", "say", "told", "new", "news", "year", "years", "also", "would", "could", "one", "two"]
)


def engine_for(using: str):
    vendor = connections[using].vendor
    try:
        return import_module(ENGINES[vendor])
    except KeyError:
        raise NotSupportedError(f"Full-text search is not implemented for {vendor}.") from None


def _as_query(query: Query | str | None) -> Query:
    return query if isinstance(query, Query) else read_query(query)


def search(queryset, query: Query | str):
    """`queryset` narrowed to the matches and annotated with `search_rank` (higher is better), unordered."""
    query = _as_query(query)
    if query.is_blank:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return engine_for(queryset.db).search(queryset, query)


def rank(queryset, query: Query | str):
    """`queryset` annotated with the `search_rank` the query would give each article, not narrowed (for
    articles already known to match)."""
    query = _as_query(query)
    if query.is_blank or query.is_exclusion_only:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return engine_for(queryset.db).rank(queryset, query)


def estimate_count(queryset) -> int | None:
    """How many rows the database expects `queryset` to give, from its planner's statistics and
    without running it (a guess, often off by a factor of two), or None where the engine cannot say."""
    return engine_for(queryset.db).estimate_count(queryset)


def known_share(queryset, query: Query | str) -> float | None:
    """The share of `queryset`'s table that the database knows holds every one of the query's words
    (from its statistics of the most common words), or None when it does not know (a phrase, a rarer
    word, an OR or an exclusion; SQLite). Known, unlike `estimate_count`'s guess."""
    query = _as_query(query)
    if query.is_blank:
        return None
    return engine_for(queryset.db).known_share(queryset, query)


def snippets(articles: Iterable, query: Query | str, *, length: int = 30) -> dict[int, SafeString]:
    """For one page of results: body text around the matches as safe HTML, matched words in <mark>.

    Articles whose body does not match (or every article, for a blank or exclusion-only query) get the
    start of their lede instead, with any matched words marked.
    """
    articles = list(articles)
    query = _as_query(query)
    marked: dict[int, str] = {}
    if articles and (query.required or query.any_of):
        by_database: dict[str, list] = {}
        for article in articles:
            by_database.setdefault(article._state.db or "default", []).append(article)
        for using, group in by_database.items():
            marked.update(
                engine_for(using).snippets(
                    group, query, length=length, using=using, model=group[0]._meta.model
                )
            )
    return {
        article.pk: (
            marked_to_html(marked[article.pk])
            if has_marks(marked.get(article.pk))
            else _highlight(lead_text(article), query)
        )
        for article in articles
    }


def highlight(text: str, query: Query | str) -> SafeString:
    """`text` (e.g. a title) escaped, with the query's words marked; stemming is approximated in Python."""
    return _highlight(text, _as_query(query))


def more_like_this(article, *, limit: int = 5, queryset=None) -> list:
    """Articles about the same thing, ranked by the engine: those sharing at least two of the article's
    distinctive title and lede words, or failing that any one. Leaves out the article itself, its exact
    duplicates, other copies under the same title and the other copies and versions of its story (the
    article page links the story), and keeps to the article's language (or articles of none known)."""
    words = _distinctive_words(article)
    if not words:
        return []
    if queryset is None:
        queryset = type(article)._default_manager.filter(duplicate_of__isnull=True)
    queryset = queryset.exclude(pk=article.pk).exclude(duplicate_of=article.pk)
    if article.duplicate_of_id:
        queryset = queryset.exclude(pk=article.duplicate_of_id).exclude(duplicate_of=article.duplicate_of_id)
    if article.fingerprint:
        queryset = queryset.exclude(fingerprint=article.fingerprint)
    if article.title_key:
        queryset = queryset.exclude(title_key=article.title_key)
    if getattr(article, "story_id", None):
        queryset = queryset.exclude(story_id=article.story_id)
    if getattr(article, "language", ""):
        queryset = queryset.filter(language__in=[article.language, ""])
    terms = tuple(Term(word) for word in words)
    # Coverage from around the same time first: ranking every article that shares two words with this
    # one took 1.3 s at a million articles on PostgreSQL; within a year either side it ranks a tenth of
    # them. The whole archive only when that finds nothing.
    scopes = [queryset]
    window = dt.timedelta(days=MORE_LIKE_THIS_DAYS)
    # PostgreSQL only: SQLite's planner then drives the join from the date index and evaluates the
    # whole MATCH once per article in the window (minutes at a million), where without the window
    # FTS5 finds the candidates first.
    if article.published_at and connections[queryset.db].vendor == "postgresql":
        try:
            start, end = article.published_at - window, article.published_at + window
        except OverflowError:  # a date within a year of 1 AD or 9999
            pass
        else:
            scopes.insert(0, queryset.filter(published_at__gte=start, published_at__lte=end))
    for scope in scopes:
        for at_least in (2, 1) if len(terms) > 2 else (1,):
            query = Query(raw=" ".join(words), any_of=(terms,), at_least=at_least)
            candidates = search(scope, query).order_by("-search_rank", "-pk")[: limit * 3]
            found: dict[object, object] = {}  # the best-ranked article of each title
            for candidate in candidates:
                found.setdefault(candidate.title_key or candidate.pk, candidate)
            if found:
                return list(found.values())[:limit]
    return []


def _distinctive_words(article) -> list[str]:
    """Title words first, then the lede's (or the body's opening's) most frequent words; no stop words,
    numbers or news filler."""

    def words(text):
        found = _LETTERS.findall((text or "").lower())
        return [w for w in found if len(w) > 2 and w not in NEWS_WORDS and w not in STOP_WORDS]

    title = list(dict.fromkeys(words(article.title)))
    lede = words(article.lede or " ".join((article.body or "").split()[:LEDE_WORDS]))
    lede = sorted(dict.fromkeys(lede), key=lambda w: -lede.count(w))
    return list(dict.fromkeys(title + lede))[:MORE_LIKE_THIS_WORDS]
