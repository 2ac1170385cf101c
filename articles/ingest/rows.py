"""A chunk's new articles written as plain rows (articles.models.bulk: COPY on PostgreSQL, executemany
on SQLite), in the chunk's transaction, and their ids read back by `external_id`.

The rows are what `Article.objects.bulk_create([Article(**item.fields) ...])` wrote: every column the
fields give, each other column's default, and the creation and modification times (`auto_now_add`,
`auto_now`). `articles/tests/test_ingest_rows.py` holds them to that.
"""

from __future__ import annotations

from functools import cache

from django.utils import timezone

from ..models import Article, bulk
from .fields import Prepared

_TIMES = ("created_at", "modified_at")


@cache
def _columns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(column, and the item field it comes from) for every column the database does not fill in."""
    fields = [field for field in Article._meta.concrete_fields if not field.primary_key]
    return tuple(field.attname for field in fields), tuple(field.name for field in fields)


def create_articles(items: list[Prepared]) -> None:
    """Insert these items' articles and set each item's `existing_id`."""
    if not items:
        return
    columns, names = _columns()
    missing = bulk.defaults(Article, columns)
    now = timezone.now()
    rows = []
    for item in items:
        fields = item.fields
        row = []
        for column, name in zip(columns, names, strict=True):
            if column in fields:
                value = fields[column]
            elif name in fields:  # a related object (`batch`): its id
                value = fields[name]
                value = value if value is None or isinstance(value, int) else value.pk
            elif column in _TIMES:
                value = now
            else:
                value = missing[column]
            row.append(value)
        rows.append(row)
    bulk.insert_rows(Article, columns, rows)
    ids = bulk.ids_by(Article, "external_id", [item.fields["external_id"] for item in items])
    for item in items:
        item.existing_id = ids[item.fields["external_id"]]
