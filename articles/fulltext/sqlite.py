"""SQLite: the FTS5 table `articles_article_fts` (migration 0002_search), ranked with bm25().

The ORM cannot join a table it has no model for, so `FtsJoin` adds one entry to the query's FROM clause:

    INNER JOIN articles_article_fts ON (articles_article_fts.rowid = articles_article.id
                                        AND articles_article_fts.articles_article_fts MATCH %s)

FTS5 runs the MATCH once for the whole query and hands back matching rowids, so filters, counts and
facets stay ordinary SQL around it, and bm25() is read from the same row (no per-row subquery). Every
word and phrase is double-quoted in the MATCH expression, so nothing typed can be FTS5 syntax.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Expression, FloatField, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import INNER

from articles.fulltext.marks import START, STOP
from articles.fulltext.query import Query, Term

TABLE = "articles_article_fts"
BODY_COLUMN = 2  # title, lede, body
WEIGHTS = "10.0, 4.0, 1.0"  # title, lede, body
MAX_SNIPPET_TOKENS = 64  # FTS5's own limit


def match_expression(query: Query, *, positive: bool = True) -> str:
    """The FTS5 MATCH string: `("a" AND ("b" OR "c d")) NOT ("e")`, or just the excluded terms."""
    excluded = " OR ".join(map(_quoted, query.excluded))
    if not positive:
        return excluded
    clauses = [_quoted(term) for term in query.required]
    for group in query.any_of:
        alternatives = [" AND ".join(map(_quoted, terms)) for terms in query.alternatives(group)]
        clauses.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
    expression = " AND ".join(clauses)
    return f"({expression}) NOT ({excluded})" if excluded else expression


def search(queryset, query: Query):
    if query.is_exclusion_only:
        matching = RawSQL(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match_expression(query, positive=False)]
        )
        return queryset.exclude(pk__in=matching).annotate(search_rank=Value(0.0, output_field=FloatField()))
    queryset = queryset.all()
    sql_query = queryset.query
    parent = sql_query.get_initial_alias()
    alias = sql_query.join(FtsJoin(parent, queryset.model._meta.pk.column, match_expression(query)))
    return queryset.annotate(search_rank=Bm25(alias))


def rank(queryset, query: Query):
    # Ranking comes from joining the index, which also narrows to the matches: the same for matches.
    return search(queryset, query)


def estimate_count(queryset) -> None:
    # SQLite's planner keeps no statistics of words (FTS5 is a virtual table): it cannot guess.
    return None


def known_share(queryset, query: Query) -> None:
    # Nor how common a word is.
    return None


def snippets(articles, query: Query, *, length: int, using: str, model) -> dict[int, str]:
    """Body text around the matches, matched words between START and STOP, for a page of articles."""
    ids = [article.pk for article in articles]
    tokens = max(1, min(length, MAX_SNIPPET_TOKENS))
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT rowid, snippet({TABLE}, {BODY_COLUMN}, %s, %s, %s, %s) FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s AND rowid IN ({placeholders})"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [START, STOP, "…", tokens, match_expression(query), *ids])
        return dict(cursor.fetchall())


def _quoted(term: Term) -> str:
    # Inside an FTS5 string only the double quote is special; it is doubled (the reader never keeps one).
    return '"' + term.text.replace('"', '""') + '"'


class FtsJoin:
    """An INNER JOIN to the FTS5 table with the MATCH in its ON clause (the interface of sql.Join)."""

    join_type = INNER
    nullable = False  # so the ORM never promotes it to a LEFT JOIN
    filtered_relation = None
    table_name = TABLE

    def __init__(self, parent_alias: str, parent_column: str, match: str, table_alias: str | None = None):
        self.parent_alias = parent_alias
        self.parent_column = parent_column
        self.match = match
        self.table_alias = table_alias

    def as_sql(self, compiler, connection):
        qn = compiler.quote_name_unless_alias
        alias = qn(self.table_alias)
        alias_str = "" if self.table_alias == self.table_name else f" {self.table_alias}"
        sql = (
            f"{self.join_type} {qn(self.table_name)}{alias_str} ON ({alias}.rowid = "
            f"{qn(self.parent_alias)}.{qn(self.parent_column)} AND {alias}.{qn(TABLE)} MATCH %s)"
        )
        return sql, [self.match]

    def relabeled_clone(self, change_map):
        return self.__class__(
            change_map.get(self.parent_alias, self.parent_alias),
            self.parent_column,
            self.match,
            change_map.get(self.table_alias, self.table_alias),
        )

    @property
    def identity(self):
        return self.__class__, self.table_name, self.parent_alias, self.parent_column, self.match

    def __eq__(self, other):
        if not isinstance(other, FtsJoin):
            return NotImplemented
        return self.identity == other.identity

    def __hash__(self):
        return hash(self.identity)

    def demote(self):
        return self.relabeled_clone({})

    def promote(self):
        # A LEFT JOIN would turn "matches" into "everything"; the join stays INNER.
        return self.relabeled_clone({})


class Bm25(Expression):
    """bm25() of the FTS5 row joined as `alias`, negated so that higher is better."""

    output_field = FloatField()

    def __init__(self, alias: str):
        super().__init__()
        self.alias = alias

    def as_sql(self, compiler, connection):
        qn = compiler.quote_name_unless_alias
        return f"(-bm25({qn(self.alias)}.{qn(TABLE)}, {WEIGHTS}))", []

    def relabeled_clone(self, change_map):
        return self.__class__(change_map.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]
