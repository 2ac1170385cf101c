# Names the gazetteer gained after an archive was loaded (stop 23: demonyms such as "Scottish", "Welsh",
# "Frenchman", "Dutchman" under their countries), added to the countries already stored, so an imported
# tag that names a place by one of them finds it. A fresh database gets them from 0005; the reverse keeps
# them (no-op).

from django.db import migrations


def add_names(apps, schema_editor):
    from articles.enrich.service import add_missing_names

    add_missing_names(apps.get_model("articles", "Place"), apps.get_model("articles", "PlaceName"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_field_edits")]

    operations = [migrations.RunPython(add_names, migrations.RunPython.noop)]
