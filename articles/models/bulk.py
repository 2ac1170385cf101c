"""Writing many new rows at once: COPY on PostgreSQL, one `executemany` on SQLite (issue 16).

An import writes its articles, their tags and its report's rows a few thousand at a time. The ORM's
`bulk_create` builds a model instance for each row and compiles every value of every row field by field
into one long INSERT: under cProfile, 30-45% of the importer on 10,000 generated records with the band
rows; measured without it, the importer's CPU fell by 20-30% on PostgreSQL and by 0-19% on SQLite
(docs/benchmarks.md, "Import speed (issue 16, stop 21)"). Here each column's conversion is looked up
once per call, and the rows go to the database as plain tuples.

The rows go through Django's own connection for the model's database, and so inside the caller's
transaction: a chunk that fails leaves none of them, and a test's transaction sees them. (Writing through
any other connection, a raw one or a second one, would leave this one waiting on that one's locks in the
same process, where PostgreSQL cannot see the deadlock.) Nothing else is sent on the connection while a
COPY is open: every value is converted before it starts.

Ids are given by the database, so PostgreSQL's sequences and SQLite's AUTOINCREMENT stay right; a
caller that needs them reads them back by a unique key (`ids_by`). What `bulk_create` would fill in is
the caller's to give: defaults (`defaults`), `auto_now` times.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from django.db import IntegrityError, connections, models, router, transaction

Converter = Callable[[object], object]


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert `rows` (tuples of Python values in the order of `columns`, attnames: `batch_id`) into the
    model's table, as they are: no conflict is ignored (a unique key repeated raises IntegrityError)."""
    connection = connections[router.db_for_write(model)]
    values = _values(connection, model, columns, rows)
    if not values:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's own cursor, under Django's: the same connection and transaction. Errors are
            # Django's (IntegrityError, ...), as they are from an INSERT.
            sql = f"COPY {_table(connection, model, columns)} FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(_insert(connection, model, columns), values)


def insert_ignoring_conflicts(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence], *, unique: Sequence[str]
) -> None:
    """Insert `rows`, leaving out any that would repeat the unique key `unique` (columns), stored or
    earlier in `rows`, as INSERT ... ON CONFLICT DO NOTHING does.

    On SQLite that is what runs. PostgreSQL's COPY has no ON CONFLICT: the stored keys are read first
    (looked up by the key's first column), and the other rows copied. A row stored meanwhile by another
    connection (an editor's tag at that very moment) makes the COPY fail, inside a savepoint: then the
    rows go in by INSERT ... ON CONFLICT DO NOTHING, as on SQLite.
    """
    connection = connections[router.db_for_write(model)]
    rows = list(rows)
    if connection.vendor == "postgresql" and rows:
        positions = [list(columns).index(column) for column in unique]
        stored = _stored_keys(model, unique, {row[positions[0]] for row in rows})
        fresh = []
        for row in rows:
            key = tuple(row[position] for position in positions)
            if key not in stored:
                stored.add(key)
                fresh.append(row)
        try:
            with transaction.atomic(using=connection.alias):
                insert_rows(model, columns, fresh)
            return
        except IntegrityError:
            pass
    values = _values(connection, model, columns, rows)
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(f"{_insert(connection, model, columns)} ON CONFLICT DO NOTHING", values)


def analyze(*tables: type[models.Model]) -> None:
    """Give PostgreSQL's planner these tables' sizes as they are now (ANALYZE); nothing on SQLite.

    Each foreign key is checked by a query PostgreSQL plans once per connection and keeps: planned while
    `articles_article` held a handful of rows, it reads the whole table for each check. In one long
    transaction (a test importing Reuters-21578's 15,389 records) nothing tells the planner the table
    grew: the checks of the band, tag and report rows ran for more than 11 minutes in
    `SET CONSTRAINTS ALL IMMEDIATE` (stopped there; 2.4 s with this). Elsewhere the checks at each
    chunk's commit would read the table so until autovacuum analyzes it. ANALYZE counts the
    transaction's own new rows, and a new picture of a table makes PostgreSQL plan those queries again.
    """
    connection = connections[router.db_for_write(tables[0])]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(model._meta.db_table) for model in tables)}")


def planned_rows(model: type[models.Model]) -> int:
    """How many rows PostgreSQL's planner counts in the model's table (its last ANALYZE; 0 if never);
    0 on SQLite."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


def _stored_keys(model, unique: Sequence[str], first: set) -> set[tuple]:
    """The unique keys stored whose first column is one of `first`: PostgreSQL's, by one array
    parameter (the ORM's `__in` compiles one parameter per article, 500 a chunk)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in unique)
    sql = f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE {quote(unique[0])} = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(first)])
        return set(cursor.fetchall())


def ids_by(model: type[models.Model], key: str, values: Iterable) -> dict:
    """The ids of the rows whose unique `key` is one of `values`, by key (those just inserted)."""
    return dict(model.objects.filter(**{f"{key}__in": list(values)}).values_list(key, "pk"))


def defaults(model: type[models.Model], columns: Sequence[str]) -> dict[str, object]:
    """Each column's default (what an instance made without it would hold), by attname."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return {column: by_attname[column].get_default() for column in columns}


def _values(connection, model, columns: Sequence[str], rows: Iterable[Sequence]) -> list[tuple]:
    converters = _converters(model, tuple(columns), connection.vendor, connection.alias)
    if all(convert is _same for convert in converters):  # numbers and text (tags, band keys): as they are
        return rows if isinstance(rows, list) else list(rows)
    return [tuple(convert(value) for convert, value in zip(converters, row, strict=True)) for row in rows]


def _table(connection, model, columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)})"


def _insert(connection, model, columns: Sequence[str]) -> str:
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {_table(connection, model, columns)} VALUES ({marks})"


@cache
def _converters(model, columns: tuple[str, ...], vendor: str, alias: str) -> list[Converter]:
    """What each column's value becomes on its way to this database: what the field's
    `get_db_prep_save` does, for the kinds of fields the bulk writers use."""
    connection = connections[alias]
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [_converter(by_attname[column], connection, vendor) for column in columns]


def _converter(field: models.Field, connection, vendor: str) -> Converter:
    kind = field.get_internal_type()
    if kind == "JSONField":
        encoder = field.encoder
        # A JSON text either way: SQLite stores it as it is, PostgreSQL's COPY parses it into jsonb.
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if vendor == "postgresql":
        return _same
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind in ("DecimalField", "TimeField", "UUIDField", "BinaryField", "DurationField"):
        return lambda value: field.get_db_prep_save(value, connection)
    return _same


def _same(value):
    return value
