# Data: the IPTC Media Topics top level with their default rules, and the gazetteer's countries,
# regions and cities (articles/enrich/data/gazetteer.json.gz, generated from GeoNames-based packages).
# Both loaders are idempotent and only add what is missing; the reverse keeps the rows (no-op), since
# editors may have tagged articles with them.

from django.db import migrations


def load(apps, schema_editor):
    from articles.enrich.service import load_places, load_taxonomy

    load_taxonomy(apps.get_model("articles", "Topic"), apps.get_model("articles", "TopicRule"))
    load_places(apps.get_model("articles", "Place"), apps.get_model("articles", "PlaceName"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_taxonomy_and_gazetteer")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
