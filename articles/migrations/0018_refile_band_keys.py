# Band keys v3 (stop 23: sentences glued without a space, "inland.A", are read apart): the keys stored
# under v2 no longer meet the keys of articles imported from now on, so every article's keys are filed
# again (`regroup.refile_bands`; stories are left as they are). About a millisecond an article: minutes for
# a large archive, once. The reverse keeps the new keys (no-op).

from django.db import migrations


def refile(apps, schema_editor):
    from articles.ingest.regroup import refile_bands

    refile_bands(apps.get_model("articles", "Article"), apps.get_model("articles", "StoryBand"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_place_demonyms")]

    operations = [migrations.RunPython(refile, migrations.RunPython.noop)]
