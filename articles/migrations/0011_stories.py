# Stories (issue 13): every copy and version of one wire story grouped, and the exact duplicates marked
# so far (`duplicate_of`) made part of them: each article that was no copy founds a story, keyed as an
# import would key it (articles.models.stories.story_key), and its exact duplicates join it as copies.
# `manage.py group_stories` then groups the rest by their text (near duplicates, versions).

import hashlib
from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

BATCH = 2000


def _key(external_id):
    return hashlib.sha1(external_id.encode("utf-8")).hexdigest()[:16]


def group_exact_duplicates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Story = apps.get_model("articles", "Story")
    # Each original's copies: how many and when, in one grouped query, so that each story is created
    # with its counts and dates. (Summarising the stories afterwards with correlated subqueries took
    # PostgreSQL more than ten minutes for 15,000 stories: its statistics still said story_id was NULL.)
    copies = {
        original: (n, first, last)
        for original, n, first, last in Article.objects.filter(duplicate_of__isnull=False)
        .order_by()
        .values("duplicate_of_id")
        .annotate(n=Count("pk"), first=Min("published_at"), last=Max("published_at"))
        .values_list("duplicate_of_id", "n", "first", "last")
    }
    founders = Article.objects.filter(duplicate_of__isnull=True).order_by("pk")
    last = 0
    while True:
        rows = list(
            founders.filter(pk__gt=last).values_list("pk", "external_id", "title", "published_at")[:BATCH]
        )
        if not rows:
            break
        last = rows[-1][0]
        taken = set(
            Story.objects.filter(key__in=[_key(row[1]) for row in rows]).values_list("key", flat=True)
        )
        stories = []
        for pk, external_id, title, published_at in rows:
            key, attempt = _key(external_id), 0
            while key in taken:  # an article's id found twice after hashing: not expected, but possible
                attempt += 1
                key = hashlib.sha1(f"{external_id}\0{attempt}".encode()).hexdigest()[:16]
            taken.add(key)
            n, first, latest = copies.get(pk, (0, None, None))
            dates = [d for d in (published_at, first, latest) if d is not None]
            stories.append(
                Story(
                    key=key,
                    headline=title[:500],
                    article_count=1 + n,
                    copy_count=n,
                    version_count=1,
                    first_published_at=min(dates) if dates else None,
                    last_published_at=max(dates) if dates else None,
                )
            )
        created = Story.objects.bulk_create(stories)
        Article.objects.bulk_update(
            [
                Article(pk=row[0], story_id=story.pk, story_role="first")
                for row, story in zip(rows, created, strict=True)
            ],
            ["story", "story_role"],
        )
    # Exact duplicates join their original's story. A copy of a copy (none is made, but an archive may
    # hold one) waits for its original's turn, and its story is summarised again at the end.
    for _ in range(10):
        waiting = Article.objects.filter(duplicate_of__isnull=False, story__isnull=True)
        original = Article.objects.filter(pk=OuterRef("duplicate_of_id"), story__isnull=False)
        if not waiting.update(story_id=Subquery(original.values("story_id")[:1]), story_role="copy"):
            break
    chained = Article.objects.filter(duplicate_of__duplicate_of__isnull=False)
    uncounted = set(chained.values_list("story_id", flat=True))
    if uncounted:
        members = Article.objects.filter(story_id=OuterRef("pk")).order_by().values("story_id")
        Story.objects.filter(pk__in=uncounted).update(
            article_count=Subquery(members.annotate(n=Count("pk")).values("n")),
            copy_count=Subquery(members.annotate(n=Count("pk", filter=Q(story_role="copy"))).values("n")),
            first_published_at=Subquery(members.annotate(d=Min("published_at")).values("d")),
            last_published_at=Subquery(members.annotate(d=Max("published_at")).values("d")),
        )
    if schema_editor.connection.vendor == "postgresql" and Article.objects.exists():
        # The planner's picture of story_id: all NULL. Never of an empty table (a new archive, a test
        # database): PostgreSQL would take its "no rows" for the truth, and the foreign-key checks planned
        # on that (a sequential scan of articles for every band row referencing one) stay cached in the
        # connection: a test importing Reuters spent over ten minutes in `SET CONSTRAINTS ALL IMMEDIATE`.
        schema_editor.execute("ANALYZE articles_article")


def keep_search_triggers(apps, schema_editor):
    """Adding (or, going back, removing) a foreign key rebuilds the table on SQLite, which drops the
    full-text search triggers (see 0002_search)."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in import_module("articles.migrations.0002_search").SQLITE_TRIGGERS:
            schema_editor.execute(sql, params=None)


def nothing(apps, schema_editor):
    """Going back drops the tables and columns; `duplicate_of` was kept all along."""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_place_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, keep_search_triggers),
        migrations.CreateModel(
            name="Story",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="Stable across re-imports and exports.", max_length=40, unique=True
                    ),
                ),
                (
                    "headline",
                    models.CharField(blank=True, help_text="Its latest version's title.", max_length=500),
                ),
                (
                    "article_count",
                    models.PositiveIntegerField(default=0, help_text="Every copy and version."),
                ),
                (
                    "copy_count",
                    models.PositiveIntegerField(default=0, help_text="Articles in the role 'copy'."),
                ),
                (
                    "version_count",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Distinct versions: the first article and those in the role 'version'.",
                    ),
                ),
                ("first_published_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                ("last_published_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("modified_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name_plural": "stories",
                "ordering": ["-last_published_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="story_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("first", "First"),
                    ("copy", "Copy"),
                    ("version", "Version"),
                    ("", "Not grouped yet"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="story",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="articles.story",
            ),
        ),
        migrations.CreateModel(
            name="StoryDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("external_id", models.CharField(max_length=500, unique=True)),
                ("story_key", models.CharField(db_index=True, max_length=40)),
                (
                    "action",
                    models.CharField(
                        choices=[("split", "Split out of its story"), ("merge", "Merged into another story")],
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(auto_now=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-decided_at"],
            },
        ),
        migrations.CreateModel(
            name="StoryBand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.BigIntegerField()),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_bands",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["key", "article"], name="storyband_key_article")],
            },
        ),
        migrations.RunPython(keep_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(group_exact_duplicates, nothing),
    ]
