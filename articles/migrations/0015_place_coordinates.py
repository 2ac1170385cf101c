# Places the gazetteer now gives coordinates that it had none for (issue 12: Kosovo, whose sources have no
# coordinates, takes its biggest city's, so it shows on the map), matched by slug. Only places without
# coordinates are touched; the reverse keeps them (no-op).

from django.db import migrations


def fill_coordinates(apps, schema_editor):
    from articles.enrich.gazetteer import iter_places, load_extract

    Place = apps.get_model("articles", "Place")
    missing = {place.slug: place for place in Place.objects.filter(latitude=None).only("slug")}
    if not missing:
        return
    for row in iter_places(load_extract()):
        place = missing.get(row["slug"])
        if place is not None and row["latitude"] is not None:
            place.latitude, place.longitude = row["latitude"], row["longitude"]
            place.save(update_fields=["latitude", "longitude"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_article_other_kind")]

    operations = [migrations.RunPython(fill_coordinates, migrations.RunPython.noop)]
