"""The "Can import articles" permission, and an "Editors" group holding what an editor needs.

Editors import, correct articles and their topic and place tags, and read import reports. The group
is a starting point: an administrator adds people to it, or changes it, in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    "import_articles",
    "view_article",
    "change_article",
    *(f"{action}_{model}" for model in ("articletopic", "articleplace") for action in ("add", "change", "delete", "view")),
    # The tag and source fields are autocompletes, which answer only those who may view the model.
    "view_topic",
    "view_place",
    "view_source",
    "view_importbatch",
    "view_importitem",
]


def create_editors_group(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Permissions are normally created after the last migration (post_migrate); on a fresh database
    # they do not exist yet, so create this app's now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=alias, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(alias).get_or_create(name=EDITORS)
    permissions = Permission.objects.using(alias).filter(
        content_type__app_label="articles", codename__in=EDITOR_PERMISSIONS
    )
    assert permissions.count() == len(EDITOR_PERMISSIONS), "a permission the Editors group needs is missing"
    group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_load_taxonomy_and_places"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-published_at", "-pk"],
                "permissions": [("import_articles", "Can import articles")],
            },
        ),
        # Reversing keeps the group: people may have been added to it since.
        migrations.RunPython(create_editors_group, migrations.RunPython.noop),
    ]
