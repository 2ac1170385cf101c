# PostgreSQL: partial indexes for the archive without its exact duplicates, newest and oldest first.
#
# article_canonical_time and article_canonical_newest (0003) lead with duplicate_of_id, meant to be read
# from their `IS NULL` part in published_at order. SQLite does so; PostgreSQL does not take `IS NULL` as
# an equality when matching an index to ORDER BY, so it read every canonical row and sorted them: on
# 1,000,000 generated articles "newest first" for a word in 80% of them, and the article page's previous
# and next links, cost 0.6-3 s each (docs/benchmarks.md, "Scale"). With `WHERE duplicate_of_id IS NULL`
# as the index predicate, the order is the index's own and a LIMIT stops after the first rows.

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS article_canonical_newest_only ON articles_article "
    "(published_at DESC NULLS LAST, id DESC) WHERE duplicate_of_id IS NULL",
    "CREATE INDEX IF NOT EXISTS article_canonical_oldest_only ON articles_article "
    "(published_at, id) WHERE duplicate_of_id IS NULL",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS article_canonical_newest_only",
    "DROP INDEX IF EXISTS article_canonical_oldest_only",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_import_permission_and_editors_group")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
