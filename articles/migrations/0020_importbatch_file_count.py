# An import batch keeps the names of its first 1,000 files only; file_count says how many it was given
# (the progress page of a 20,005-file import said "1,000 files"). Old batches keep 0: as many as listed.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_article_newest"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="file_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="How many files it was given (0: not counted, before stop 27: as many as listed).",
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="files",
            field=models.JSONField(
                blank=True, default=list, help_text="The first 1,000 files' names (FILES_LISTED)."
            ),
        ),
    ]
