# Article.published_on: the local day of published_at, stored so that timelines and date facets group
# on a plain column (SQLite would otherwise call Django's per-row Python time zone function), and
# indexes for the archive without its exact duplicates (lists by time; timeline and source facet by day).
#
# Adding a nullable column and indexes does not make Django rebuild articles_article on SQLite, so the
# FTS5 triggers of 0002_search stay; they are re-created anyway (IF NOT EXISTS), as that module asks.

from importlib import import_module
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

BATCH = 2000


def fill_published_on(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    zone = ZoneInfo(settings.TIME_ZONE)
    articles = Article.objects.using(schema_editor.connection.alias)
    batch = []
    for article in articles.filter(published_at__isnull=False).only("pk", "published_at").iterator(BATCH):
        article.published_on = article.published_at.astimezone(zone).date()
        batch.append(article)
        if len(batch) == BATCH:
            articles.bulk_update(batch, ["published_on"])
            batch = []
    articles.bulk_update(batch, ["published_on"])


# Newest first with undated articles last is `published_at DESC NULLS LAST`: PostgreSQL reads that
# order only from an index declared so; SQLite (where NULLs sort first anyway) does not accept NULLS
# in an index, and uses article_canonical_time backwards.
POSTGRES_NEWEST = (
    "CREATE INDEX article_canonical_newest ON articles_article "
    "(duplicate_of_id, published_at DESC NULLS LAST, id DESC)"
)


def create_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_NEWEST)


def drop_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_canonical_newest")


def keep_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in import_module("articles.migrations.0002_search").SQLITE_TRIGGERS:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_on",
            field=models.DateField(
                blank=True, editable=False, help_text="The day of published_at in the site's time zone.", null=True
            ),
        ),
        migrations.RunPython(fill_published_on, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["duplicate_of", "published_at", "id"], name="article_canonical_time"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["duplicate_of", "published_on", "source", "id"], name="article_canonical_day"
            ),
        ),
        migrations.RunPython(create_newest_index, drop_newest_index),
        migrations.RunPython(keep_search_triggers, migrations.RunPython.noop),
    ]
