# Full-text search index, one per database engine (see articles/fulltext/).
#
# PostgreSQL: a weighted tsvector column (title A, lede B, body C; config 'english') kept by a BEFORE
# trigger, so bulk_create and raw UPDATEs stay indexed, with a GIN index. The column is not a model
# field: the ORM never loads or writes it (a tsvector is kilobytes per article), and
# articles/fulltext/postgres.py refers to it by name.
# SQLite: an FTS5 external-content table over title, lede and body kept in step by triggers.
#
# Note for later migrations on SQLite: an operation that makes Django rebuild the articles_article table
# (most AlterField/RemoveField operations) drops its triggers. Such a migration must run SQLITE_TRIGGERS
# from this module again; articles/tests/test_search.py fails if the triggers are missing.

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT'
           OR OLD.search_vector IS NULL
           OR NEW.title IS DISTINCT FROM OLD.title
           OR NEW.lede IS DISTINCT FROM OLD.lede
           OR NEW.body IS DISTINCT FROM OLD.body THEN
            -- The body is capped so that a pathological document cannot break the 1 MB tsvector limit.
            NEW.search_vector :=
                setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector('english'::regconfig, coalesce(NEW.lede, '')), 'B')
                || setweight(to_tsvector('english'::regconfig, left(coalesce(NEW.body, ''), 200000)), 'C');
        ELSE
            -- The text did not change: keep the vector, whatever an UPDATE tried to write into it.
            NEW.search_vector := OLD.search_vector;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_search_vector BEFORE INSERT OR UPDATE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    # Index the rows that already exist: the trigger fills in the NULL vectors.
    "UPDATE articles_article SET search_vector = NULL",
    "CREATE INDEX articles_article_search_vector_gin ON articles_article USING gin (search_vector)",
]

POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS articles_article_search_vector_gin",
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER IF NOT EXISTS articles_article_fts_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_fts (rowid, title, lede, body) VALUES (new.id, new.title, new.lede, new.body);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS articles_article_fts_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_article_fts (articles_article_fts, rowid, title, lede, body)
        VALUES ('delete', old.id, old.title, old.lede, old.body);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS articles_article_fts_update AFTER UPDATE OF title, lede, body ON articles_article
    BEGIN
        INSERT INTO articles_article_fts (articles_article_fts, rowid, title, lede, body)
        VALUES ('delete', old.id, old.title, old.lede, old.body);
        INSERT INTO articles_article_fts (rowid, title, lede, body) VALUES (new.id, new.title, new.lede, new.body);
    END
    """,
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        title, lede, body,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    # The default for `ORDER BY rank` in hand-written queries; the app itself calls bm25() with these weights.
    "INSERT INTO articles_article_fts (articles_article_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
    *SQLITE_TRIGGERS,
    # Index the rows that already exist.
    "INSERT INTO articles_article_fts (articles_article_fts) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def _run(schema_editor, statements):
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def create_index(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD})


def drop_index(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
