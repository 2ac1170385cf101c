# Page kinds (issue 14): every article gets a kind; existing rows are articles (the default), so no data
# step is needed. The language field only gains its help text (the page reader now fills it).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_place_roles"),
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
    ]
