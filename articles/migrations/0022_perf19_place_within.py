# Each place with every place it lies within, itself included (articles.models.PlaceWithin): the facets
# count a place tag under each of them by one join, where each count walked up Place.parent before
# (docs/benchmarks.md, "Search against Datasette: issue 16, stop 28").
#
# Kept by triggers on articles_place, so that whatever writes a place or its parent keeps the table: the
# admin, a gazetteer load (bulk_create), a queryset update(), a fixture, raw SQL. A place inserted or given
# another parent has itself and every place below it walked up again through `parent` (a fixture may
# insert a child before its parent: the parent's insert walks the child); UNION (not UNION ALL) stops a
# walk at pairs already seen, so a parent cycle cannot loop forever. PostgreSQL runs one statement per
# statement over its transition tables (a gazetteer load inserts thousands of places per statement);
# SQLite has row triggers only.
#
# Note for later migrations on SQLite: an operation that makes Django rebuild the articles_place table
# drops these triggers; such a migration must run SQLITE_FORWARD's triggers again (the tests in
# articles/tests/test_place_within.py fail without them).

import django.db.models.deletion
from django.db import migrations, models

# The places `seed` names and every place below them, each with itself and every place above it.
WALK = """
    WITH RECURSIVE below(id) AS (
        {seed}
        UNION SELECT child.id FROM below CROSS JOIN articles_place child WHERE child.parent_id = below.id
    ),
    up(place_id, ancestor_id) AS (
        SELECT id, id FROM below
        UNION SELECT up.place_id, place.parent_id FROM up CROSS JOIN articles_place place
        WHERE place.id = up.ancestor_id AND place.parent_id IS NOT NULL
    )
"""
FILL = (
    WALK.format(seed="SELECT id FROM articles_place WHERE parent_id IS NULL")
    + """
    INSERT INTO articles_placewithin (place_id, ancestor_id) SELECT place_id, ancestor_id FROM up
"""
)
# The places in a parent cycle have no top: the walk down from the tops above does not reach them.
FILL_CYCLES = (
    WALK.format(
        seed="SELECT id FROM articles_place WHERE id NOT IN (SELECT place_id FROM articles_placewithin)"
    )
    + """
    INSERT INTO articles_placewithin (place_id, ancestor_id) SELECT place_id, ancestor_id FROM up
"""
)


def _sqlite_walk(seed: str) -> str:
    """SQLite takes no WITH before a trigger's statements, but does in a subquery."""
    return (
        "DELETE FROM articles_placewithin WHERE place_id IN "
        f"(SELECT id FROM ({WALK.format(seed=seed)} SELECT id FROM below));\n"
        "INSERT INTO articles_placewithin (place_id, ancestor_id) "
        f"SELECT place_id, ancestor_id FROM ({WALK.format(seed=seed)} SELECT * FROM up);"
    )


SQLITE_FORWARD = [
    f"""CREATE TRIGGER articles_place_within_insert AFTER INSERT ON articles_place
    BEGIN {_sqlite_walk("SELECT NEW.id")} END""",
    f"""CREATE TRIGGER articles_place_within_parent AFTER UPDATE OF parent_id ON articles_place
    WHEN OLD.parent_id IS NOT NEW.parent_id
    BEGIN {_sqlite_walk("SELECT NEW.id")} END""",
    """CREATE TRIGGER articles_place_within_delete AFTER DELETE ON articles_place
    BEGIN DELETE FROM articles_placewithin WHERE place_id = OLD.id OR ancestor_id = OLD.id; END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS articles_place_within_{name}" for name in ("insert", "parent", "delete")
]


def _postgres_walk(seed: str) -> str:
    return (
        f"{WALK.format(seed=seed)} DELETE FROM articles_placewithin WHERE place_id IN (SELECT id FROM below);\n"
        f"{WALK.format(seed=seed)} INSERT INTO articles_placewithin (place_id, ancestor_id) "
        "SELECT place_id, ancestor_id FROM up;"
    )


POSTGRES_SEED = {
    "INSERT": "SELECT id FROM changed",
    "UPDATE": "SELECT changed.id FROM changed JOIN before ON before.id = changed.id "
    "WHERE before.parent_id IS DISTINCT FROM changed.parent_id",
}
POSTGRES_FORWARD = [
    f"""CREATE FUNCTION articles_place_within() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM articles_placewithin WHERE place_id IN (SELECT id FROM before)
                OR ancestor_id IN (SELECT id FROM before);
        ELSIF TG_OP = 'INSERT' THEN
            {_postgres_walk(POSTGRES_SEED["INSERT"])}
        ELSE
            {_postgres_walk(POSTGRES_SEED["UPDATE"])}
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER articles_place_within_insert AFTER INSERT ON articles_place
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION articles_place_within()""",
    """CREATE TRIGGER articles_place_within_parent AFTER UPDATE ON articles_place
    REFERENCING OLD TABLE AS before NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION articles_place_within()""",
    """CREATE TRIGGER articles_place_within_delete AFTER DELETE ON articles_place
    REFERENCING OLD TABLE AS before FOR EACH STATEMENT EXECUTE FUNCTION articles_place_within()""",
]
POSTGRES_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS articles_place_within_{name} ON articles_place"
        for name in ("insert", "parent", "delete")
    ),
    "DROP FUNCTION IF EXISTS articles_place_within()",
]


def fill(apps, schema_editor):
    """Every place already there with the places it lies within (also run by the tests)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL)
        cursor.execute(FILL_CYCLES)


def forward(apps, schema_editor):
    fill(apps, schema_editor)
    statements = POSTGRES_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_article_added")]

    operations = [
        migrations.CreateModel(
            name="PlaceWithin",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "place", "ancestor", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "ancestor",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.place",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.place",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forward, reverse),
    ]
