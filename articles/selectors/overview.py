"""The home page's whole-archive counts, read from one row (articles.models.ArchiveOverview).

    overview = archive_overview(mentions=False)   # article_count, top_topics, top_places, sources, years
    refresh_overviews()                            # count again now (the import task and command do)

Counting them reads every article: 7-8 s at a million articles on PostgreSQL (issue 16), which each
gunicorn worker's first visitor used to wait for, the counts being cached in each worker's memory.
Now they are counted by whoever writes articles, once, and kept in the database for every worker:
the import task and `import_articles` count again when they finish. A page that finds the row behind
the archive (an edit in the admin, an article written some other way) shows what it holds and asks
the task worker for a recount, once per version of the archive and at most every RECOUNT_EVERY; only an archive never counted is
counted inside a request (the first visit after installing).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from articles.models import ArchiveOverview, Article, ImportBatch, MonthOf, Place, Source, Topic
from articles.models.imports import INTERRUPTED_AFTER
from articles.selectors.cache import archive_version
from articles.selectors.places import most_places

TOP_TAGS = 12
# A page that finds the counts behind asks for a recount at most this often, and not while an import
# runs (its end counts again): every chunk of an import, every edit in the admin, is a new version of the
# archive, and a recount of a million articles takes 8 s of the task worker's time.
RECOUNT_EVERY = dt.timedelta(minutes=1)
# What the row's counts mean: a row of another format (stop 27's topics left exact copies out; stop 28's
# calendar too) is shown and counted again, as a row behind the archive is.
FORMAT = 3


def counted(queryset, relation: str):
    """Annotate `n`, the archived articles (pages of other kinds left out) that carry each row, exact
    copies included, and `copies`, the exact copies among them: what the page a click on it opens says,
    "32 articles (5 exact copies)" (a topic left its copies out, 27, beside a page of 32; stop 27)."""
    kind = Q(**{f"{relation}__kind": Article.Kind.ARTICLE})
    copy = kind & Q(**{f"{relation}__duplicate_of__isnull": False})
    return queryset.annotate(
        n=Count(relation, filter=kind, distinct=True), copies=Count(relation, filter=copy, distinct=True)
    )


def archive_years() -> list[dict]:
    """The archive by year and month, exact copies included and counted apart, as the date archive each
    month links to and a search of the month count them (stop 28: they were left out): one query, over
    the stored local day (the database converting each moment to local time fails on a moment in year
    1 or 9999)."""
    rows = (
        Article.objects.published()
        .articles_only()
        .filter(published_on__isnull=False)
        .annotate(month=MonthOf("published_on"))
        .values_list("month")
        .annotate(n=Count("pk"), copies=Count("pk", filter=Q(duplicate_of__isnull=False)))
    )
    months: Counter = Counter()
    copies: Counter = Counter()
    for month, n, n_copies in rows:
        months[(month.year, month.month)] += n
        copies[(month.year, month.month)] += n_copies
    years = sorted({year for year, _ in months}, reverse=True)
    return [
        {
            "year": year,
            "count": sum(n for (y, _), n in months.items() if y == year),
            "copies": sum(n for (y, _), n in copies.items() if y == year),
            "months": [
                {"month": m, "count": months.get((year, m), 0), "copies": copies.get((year, m), 0)}
                for m in range(1, 13)
            ],
        }
        for year in years
    ]


def top_places(mentions: bool = False) -> list[dict]:
    """The places with the most archived articles about them or a place within them (by the tags shown,
    see ArticlePlaceQuerySet.shown), each counted as its own page counts it: one query."""
    return most_places(TOP_TAGS, mentions)


def count_overview(mentions: bool = False) -> dict:
    """Every count of the home page, as plain values (what the row stores)."""
    topics = counted(Topic.objects.all(), "articles").filter(n__gt=0).order_by("-n", "name")[:TOP_TAGS]
    sources = counted(Source.objects.all(), "articles").filter(n__gt=0).order_by("-n", "name")
    return {
        "format": FORMAT,
        # As the list of all articles and the date archive it leads to: every article, dated or not,
        # exact copies of another left out (an undated article is searchable too).
        "article_count": Article.objects.canonical().articles_only().count(),
        # Each as the page its link opens counts it: its articles, exact copies included, and the copies.
        "top_topics": [_item(topic) for topic in topics],
        "top_places": top_places(mentions),
        "sources": [_item(source) for source in sources],
        "years": archive_years(),
    }


def _item(tag) -> dict:
    return {"pk": tag.pk, "name": tag.name, "slug": tag.slug, "n": tag.n, "copies": tag.copies}


def _key(mentions: bool) -> str:
    return "home-mentions" if mentions else "home"


def refresh_overview(mentions: bool = False) -> dict:
    """Count now and store it; the counts. The version is read before counting, so a write made while
    counting makes the row behind again rather than hiding in it."""
    version = archive_version()
    data = count_overview(mentions)
    row = ArchiveOverview(key=_key(mentions), version=version, data=data, counted_at=timezone.now())
    fields = ["version", "data", "counted_at"]
    ArchiveOverview.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["key"], update_fields=fields
    )
    return data


def refresh_overviews() -> None:
    """Both ways of counting places: what the import task and command call when they finish."""
    for mentions in (False, True):
        refresh_overview(mentions)


def archive_overview(mentions: bool = False, *, ask_refresh=None) -> dict:
    """The home page's counts, with model instances for the template (each with `n`): from the row,
    counted here only when there is none. When the row is behind the archive, `ask_refresh()` is
    called once per version of the archive (the caller's way to enqueue a recount)."""
    key = _key(mentions)
    row = ArchiveOverview.objects.filter(key=key).first()
    if row is None:
        data = refresh_overview(mentions)
    else:
        data = row.data
        version = archive_version()
        # An old format asks once for its own recount, even at the version last asked for.
        wanted = version if data.get("format") == FORMAT else f"format {FORMAT}"
        if (
            row.version != wanted
            and ask_refresh is not None
            and timezone.now() - row.counted_at >= RECOUNT_EVERY
            and not _import_running()
        ):
            # One request of all those that see the row behind asks (the update is atomic).
            asked = ArchiveOverview.objects.filter(key=key).exclude(refresh_asked=wanted)
            if asked.update(refresh_asked=wanted):
                ask_refresh()
    return {
        "article_count": data["article_count"],
        "top_topics": [_with_n(Topic, item) for item in data["top_topics"]],
        "top_places": [_with_n(Place, item) for item in data["top_places"]],
        "sources": [_with_n(Source, item) for item in data["sources"]],
        "years": data["years"],
    }


def _import_running() -> bool:
    """An import beating its heartbeat (one whose heartbeat stopped, killed, ends no recount)."""
    alive = timezone.now() - INTERRUPTED_AFTER
    running = ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING, heartbeat_at__gte=alive)
    return running.exists()


def _with_n(model, item: dict):
    fields = dict(item)
    n, copies = fields.pop("n"), fields.pop("copies", 0)
    instance = model(**fields)
    instance.n, instance.copies = n, copies
    return instance
