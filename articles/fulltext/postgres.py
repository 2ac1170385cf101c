"""PostgreSQL: the weighted `search_vector` column, kept by a trigger (migration 0002_search), GIN-indexed.

The column is not a model field, so the ORM never loads or writes it; `VectorColumn` names it.

The parsed query becomes one tsquery built from `plainto_tsquery`/`phraseto_tsquery` pieces joined with
&&, || and !!; every word is a query parameter, so nothing typed can be tsquery syntax.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField, Func, TextField, Value

from articles.fulltext.marks import START, STOP
from articles.fulltext.query import Query, Term

CONFIG = "english"
COLUMN = "search_vector"
# ts_rank's weights for D, C, B, A: body (C) 0.2, lede (B) 0.4, title (A) 1.0.
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


class TsQuery(Expression):
    """The tsquery for a parsed Query; without its excluded terms for ranking and headlines, since
    ts_rank gives 0 to anything with a !! in it."""

    output_field = SearchQueryField()

    def __init__(self, query: Query, *, excluded: bool = True):
        super().__init__()
        self.query = query
        self.excluded = excluded

    def as_sql(self, compiler, connection):
        params: list[str] = []

        def piece(term: Term) -> str:
            params.append(term.text)
            function = "phraseto_tsquery" if term.phrase else "plainto_tsquery"
            return f"{function}('{CONFIG}'::regconfig, %s)"

        clauses = [piece(term) for term in self.query.required]
        for group in self.query.any_of:
            alternatives = [" && ".join(map(piece, terms)) for terms in self.query.alternatives(group)]
            clauses.append("(" + " || ".join(f"({a})" for a in alternatives) + ")")
        if self.excluded and self.query.excluded:
            clauses.append("!!(" + " || ".join(map(piece, self.query.excluded)) + ")")
        return "(" + " && ".join(clauses) + ")", params


class VectorColumn(Expression):
    """The article table's `search_vector` column, under whatever alias the query gives that table."""

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return self if self.alias else self.__class__(query.get_initial_alias())

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(COLUMN)}", []

    def relabeled_clone(self, change_map):
        return self.__class__(change_map.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]


class Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class Rank(Func):
    template = f"ts_rank('{WEIGHTS}'::real[], %(expressions)s)"
    output_field = FloatField()


class Headline(Func):
    template = f"ts_headline('{CONFIG}'::regconfig, %(expressions)s)"
    output_field = TextField()


def search(queryset, query: Query):
    tsquery = TsQuery(query)
    queryset = queryset.filter(Matches(VectorColumn(), tsquery))
    if query.is_exclusion_only:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return rank(queryset, query)


def rank(queryset, query: Query):
    return queryset.annotate(search_rank=Rank(VectorColumn(), TsQuery(query, excluded=False)))


def estimate_count(queryset) -> int | None:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]  # psycopg reads the json column into lists and dicts
    return int(plan[0]["Plan"]["Plan Rows"])


# The share of the table's rows that hold each lexeme, for the lexemes ANALYZE found most common (the
# 1,000 most common at the default statistics target; a rarer word is not listed, and the planner then
# guesses it at about 0.5% of the rows whatever its share).
_KNOWN_SHARES = """
    WITH wanted AS (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s))) AS lexeme)
    SELECT wanted.lexeme, known.share FROM wanted LEFT JOIN (
        SELECT elem, share FROM pg_stats,
            unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(elem, share)
        WHERE schemaname = current_schema() AND tablename = %s AND attname = %s
    ) known ON known.elem = wanted.lexeme
"""


def known_share(queryset, query: Query) -> float | None:
    """The share of the table's rows holding every required word, from ANALYZE's counts of the most
    common words (words taken as independent), or None unless every term is a plain required word
    listed there: a phrase's share is not its words' (see articles/selectors/newest.py)."""
    terms = query.required
    if not terms or query.any_of or query.excluded or any(term.phrase for term in terms):
        return None
    text = " ".join(term.text for term in terms)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(_KNOWN_SHARES, [CONFIG, text, queryset.model._meta.db_table, COLUMN])
        rows = cursor.fetchall()
    if not rows or any(share is None for _, share in rows):
        return None
    found = 1.0
    for _, share in rows:
        found *= share
    return found


def snippets(articles, query: Query, *, length: int, using: str, model) -> dict[int, str]:
    """Body text around the matches, matched words between START and STOP, for a page of articles."""
    max_words = max(2, length // 2)  # per fragment; up to two fragments
    options = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={max_words}, MinWords={max(1, max_words // 2)}, "
        'ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "'
    )
    headline = Headline(F("body"), TsQuery(query, excluded=False), Value(options))
    rows = (
        model._default_manager.using(using)
        .filter(pk__in=[article.pk for article in articles])
        .annotate(snippet=headline)
        .values_list("pk", "snippet")
    )
    return dict(rows)
