"""The newest `window` matches of a search: what best match ranks when many match (search_page.RANK_WINDOW).

    newest = newest_ids(matches, query, window)   # a subquery of their ids
    Article.objects.filter(pk__in=newest)

The order is the archive's newest first (undated last, then by id); the answer is the same whichever way
it is read. On PostgreSQL the way is chosen from what the database knows, not from its planner's guess:

- **a common word** (every required term a plain word that ANALYZE lists among the most common, with its
  share of the rows, at least WALK_FROM_SHARE): the matches among the newest `window / share ×
  WALK_SAFETY` articles only, the last of which is read from the index on (published_at DESC NULLS
  LAST, id DESC) (migration 0019); the database takes them from both the index of words and the dates
  (two bitmaps, each exact with WALK_WORK_MEM) and reads only those. When `window` of them match, they are
  the newest `window` matches, since every other match is older; when fewer do (the word is rarer among
  the newest articles, words that go together less often than their shares say), the way below. A broad
  word's newest 5,000 matches at 1,000,000 articles was a scan of the whole table instead (4.4 s; its
  bound reads 7,500 articles: docs/benchmarks.md, "issue 16, stop 23").
- **anything else** (a phrase, a rarer word, OR, an exclusion, filters with the words): the matches from
  the index of words, then sorted; `OFFSET 0` keeps the planner from walking the date index instead. It
  guesses a phrase as if its words were independent (`"saturday two"`: 134,771 guessed, about 5,500 in
  fact) and walked 902,000 rows of that index testing each one's positions: 9.4 s became 17.5 s.

SQLite reads FTS5's matches first in any case. Reads only; it touches nothing but the article table.
"""

from __future__ import annotations

import math

from django.db import connections, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from articles import fulltext

# The bound: the newest `window / share × WALK_SAFETY` articles, whose matches are all read from the heap
# (a half more than `window` at the word's share: ANALYZE's shares are good to a few tenths of a percent).
WALK_SAFETY = 1.5
# The matches within the bound are the rows both in the index of words' bitmap and in the dates' bitmap.
# With the server's default work_mem (4MB) a common word's bitmap (124,000 rows in 1,000,000) no longer
# fits, turns to whole pages, and every article on them is re-read for its words: 70,000 of them, 1.2 s.
# Its exact bitmap takes about 100 bytes per page of the table (187,000 pages at a million articles).
WALK_WORK_MEM = "64MB"
# Below this share the index of words alone is quicker: its matches are few enough to read and sort,
# while the bound's dates take in most of the archive (at 2%, 375,000 of 1,000,000 articles).
WALK_FROM_SHARE = 0.02


def newest_ids(matches, query, window: int, *, only_words: bool = True):
    """The ids of the newest `window` of `matches` (unordered, any queryset of articles), as a subquery
    for `pk__in`. `only_words`: the search has no filter besides its words, so the share of
    the rows that hold them is the share that matches."""
    if connections[matches.db].vendor != "postgresql":
        return matches.newest_first().values("pk")[:window]
    walked = _walk_newest(matches, query, window) if only_words else None
    return _one_array(walked) if walked is not None else _from_word_index(matches, window)


def _one_array(ids: list[int]) -> RawSQL:
    """`ids` as a subquery with one array parameter: `pk__in` a list of 5,000 ids made 5,000 placeholders,
    each through Django's lookups and psycopg's parsing, about 150 ms of Python a broad word's page
    (issue 16, stop 26)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))


def _walk_newest(matches, query, window: int) -> list[int] | None:
    """The ids of the newest `window` matches, found among the newest articles only (see the module's
    docstring), or None when the words are not known to be common enough or too few match there."""
    share = fulltext.known_share(matches, query)
    if not share or share < WALK_FROM_SHARE:
        return None
    rows = math.ceil(window / share * WALK_SAFETY)
    articles = matches.model._default_manager.using(matches.db)
    # The last of the newest `rows` articles (read from the date index alone): the bound.
    last = articles.newest_first().values_list("published_at", "pk")[rows - 1 : rows].first()
    if last is None or last[0] is None:  # the bound takes in the whole archive, or its undated articles
        return None
    at, pk = last
    within = matches.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gte=pk))
    with transaction.atomic(using=matches.db), connections[matches.db].cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{WALK_WORK_MEM}'")
        ids = list(within.newest_first().values_list("pk", flat=True)[:window])
    return ids if len(ids) == window else None


def _from_word_index(matches, window: int) -> RawSQL:
    """The newest `window` matches found through the index of words first, then sorted: a subquery."""
    columns = matches.order_by().values(match_id=F("pk"), match_at=F("published_at"))
    sql, params = columns.query.sql_with_params()
    return RawSQL(
        f"SELECT fenced.match_id FROM ({sql} OFFSET 0) fenced "
        "ORDER BY fenced.match_at DESC NULLS LAST, fenced.match_id DESC LIMIT %s",
        (*params, window),
    )
