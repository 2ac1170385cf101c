# PostgreSQL: every article (copies too) newest first, undated last: what a search's "newest matches" are
# read from when its words are known to be common (articles/selectors/newest.py). The indexes of 0003 and
# 0007 hold the order for the archive without its exact duplicates only, while a search counts and ranks
# its copies too; without this one the newest 5,000 matches of a word in 40% of 1,000,000 articles were a
# scan of the whole table testing every article's words (4.4 s; docs/benchmarks.md, "issue 16, stop 23").
# SQLite reads FTS5's matches first and needs none.

from django.db import migrations

POSTGRES_FORWARD = (
    "CREATE INDEX IF NOT EXISTS article_newest ON articles_article (published_at DESC NULLS LAST, id DESC)"
)
POSTGRES_REVERSE = "DROP INDEX IF EXISTS article_newest"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_refile_band_keys")]

    operations = [migrations.RunPython(create_index, drop_index)]
