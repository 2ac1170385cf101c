# Page kinds (issue 14): every article gets a kind; existing rows are articles (the default), so no data
# step is needed. The language field only gains its help text (the page reader now fills it).
# On SQLite, adding a column with a default rebuilds the table, which drops the full-text triggers of
# 0002_search: they are created again (IF NOT EXISTS), as that module asks.

from importlib import import_module

from django.db import migrations, models


def keep_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in import_module("articles.migrations.0002_search").SQLITE_TRIGGERS:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_stories"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="kind",
            field=models.CharField(
                choices=[
                    ("article", "Article"),
                    ("digest", "Digest of several stories"),
                    ("gallery", "Photo gallery"),
                    ("video", "Video page"),
                    ("listing", "List of stories"),
                    ("stub", "Link to a story elsewhere"),
                ],
                default="article",
                help_text="What the page is; searches show articles unless asked for other kinds.",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="language",
            field=models.CharField(blank=True, help_text="ISO 639-1 code, e.g. en, fr, et.", max_length=20),
        ),
        migrations.RunPython(keep_search_triggers, migrations.RunPython.noop),
    ]
