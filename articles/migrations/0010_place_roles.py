# Place tags get the role `about` (issue 12): what pages show by default is dateline and about tags, and
# editors' and imported ones (role empty), not passing mentions. Existing automatic tags are given a role
# from their score, at the tagger's "passing mention" line (articles.enrich.places.MIN_SCORE, 0.7).
# Places get `display_name` (articles/enrich/place_names.py), filled here for every place; the
# gazetteer's names that lost their accents in an earlier extract ("Bekes County") are spelt again as
# the extract now spells them ("Békés County"), matched by slug, which accents do not change.
# The data steps only update rows; the reverse keeps them (no-op).

from django.db import migrations, models

PASSING_MENTION = 0.7  # articles.enrich.places.MIN_SCORE when this was written; kept here, as it was


def roles_from_scores(apps, schema_editor):
    ArticlePlace = apps.get_model("articles", "ArticlePlace")
    automatic = ArticlePlace.objects.filter(origin="automatic").exclude(role="dateline")
    automatic.filter(score__gte=PASSING_MENTION).update(role="about")
    automatic.filter(score__lt=PASSING_MENTION).update(role="mention")
    automatic.filter(score__isnull=True).update(role="mention")


def native_spellings(apps, schema_editor):
    from articles.enrich.gazetteer import iter_places, load_extract
    from articles.keys import fold

    Place = apps.get_model("articles", "Place")
    spelt = {row["slug"]: row["name"][:200] for row in iter_places(load_extract())}
    for place in Place.objects.only("slug", "name").iterator():
        name = spelt.get(place.slug, place.name)
        if name != place.name and place.name.isascii() and fold(name) == fold(place.name):
            place.name = name
            place.save(update_fields=["name"])


def display_names(apps, schema_editor):
    from articles.enrich.place_names import refresh_display_names

    refresh_display_names(apps.get_model("articles", "Place"), apps.get_model("articles", "PlaceName"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_collections")]

    operations = [
        migrations.AlterField(
            model_name="articleplace",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[("dateline", "Dateline"), ("about", "About"), ("mention", "Mention"), ("", "Unspecified")],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="display_name",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.RunPython(roles_from_scores, migrations.RunPython.noop),
        migrations.RunPython(native_spellings, migrations.RunPython.noop),
        migrations.RunPython(display_names, migrations.RunPython.noop),
    ]
