"""Archives of any size made of real news text, for the scale benchmarks (bench/run.py).

    .venv/bin/python bench/generate.py --scale 100000 --db postgres            # load na_scale_100000
    .venv/bin/python bench/generate.py --scale 20000 --jsonl /tmp/sample.jsonl  # a file to import

Article `i` of seed `s` is always the same article. It takes the title and first paragraph of one real
story (Reuters-21578, the BBC set and Wikinews in ../shared/corpus, or the committed Wikinews demo set
when the corpora are absent) and further paragraphs from other stories of the same corpus and category
(a Reuters topic, a BBC desk), so word frequencies and lengths stay those of real news. It is dated
somewhere in 2005-2024, published by one of 30 sources (a few publish most), and tagged with one to
three of the taxonomy's topics (the category's own first) and one to three of the gazetteer's places
(countries the way news mentions them, sometimes a city). About 2% are exact copies of an earlier
article under another source, as wire stories are.

Loading skips the import service (bench/run.py measures that separately): rows are computed here and
written with COPY on PostgreSQL and executemany on SQLite, in transactions of CHUNK articles. On SQLite
the FTS5 index is rebuilt once after the rows; on PostgreSQL the tsvector trigger and the GIN index stay
on, since the server computes vectors on its core while this process makes rows on the other (measured
against an UPDATE and CREATE INDEX after the rows, `--index after`; see docs/benchmarks.md, "Scale").
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gzip
import hashlib
import itertools
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
# NA_CORPUS: the corpora from a git worktree (whose parent folder holds no "shared").
CORPUS = Path(os.environ.get("NA_CORPUS") or ROOT.parent / "shared" / "corpus")
CORPUS_FILES = ("reuters21578-train.jsonl.gz", "bbc-dev.jsonl.gz", "wikinews.jsonl.gz")
DEMO_FILE = ROOT / "demo" / "wikinews.jsonl.gz"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
CHUNK = 20_000
DUPLICATE_SHARE = 0.02
FIRST_DAY = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
SECONDS = int((dt.datetime(2025, 1, 1, tzinfo=dt.UTC) - FIRST_DAY).total_seconds())
MAX_PARAGRAPHS = 12
MAX_PARAGRAPH_CHARS = 3000

# (name, domain); the first few publish most of the archive (weights 1/rank).
SOURCES = [
    ("Reuters", "reuters.com"), ("The Associated Press", "apnews.com"), ("BBC News", "bbc.co.uk"),
    ("Agence France-Presse", "afp.com"), ("The Canadian Press", "thecanadianpress.com"),
    ("Wikinews", "en.wikinews.org"), ("The Guardian", "theguardian.com"), ("CBC News", "cbc.ca"),
    ("The Globe and Mail", "theglobeandmail.com"), ("Toronto Star", "thestar.com"),
    ("The Irish Times", "irishtimes.com"), ("ABC News Australia", "abc.net.au"),
    ("The Hindu", "thehindu.com"), ("Al Jazeera English", "aljazeera.com"), ("NPR", "npr.org"),
    ("Deutsche Welle", "dw.com"), ("France 24", "france24.com"), ("The Japan Times", "japantimes.co.jp"),
    ("South China Morning Post", "scmp.com"), ("The Straits Times", "straitstimes.com"),
    ("Financial Post", "financialpost.com"), ("The Scotsman", "scotsman.com"),
    ("New Zealand Herald", "nzherald.co.nz"), ("Buenos Aires Times", "batimes.com.ar"),
    ("The East African", "theeastafrican.co.ke"), ("Daily Nation", "nation.africa"),
    ("Euronews", "euronews.com"), ("Radio Free Europe", "rferl.org"), ("Kyodo News", "kyodonews.net"),
    ("Montreal Gazette", "montrealgazette.com"),
]  # fmt: skip
# Countries in the order news mentions them most (then every other country, rarely).
NEWS_COUNTRIES = [
    "US", "GB", "CN", "RU", "FR", "DE", "JP", "CA", "IN", "AU", "UA", "IL", "IR", "IT", "BR", "ES", "KR",
    "TR", "MX", "PK", "SA", "EG", "IE", "NL", "ZA", "AF", "IQ", "SY", "NG", "KP", "BE", "CH", "SE", "PL",
]  # fmt: skip
# A corpus category's own topic (the rest of a story's topics are drawn from all of them).
CATEGORY_TOPICS = {
    "business": "economy-business-and-finance", "entertainment": "arts-culture-entertainment-and-media",
    "politics": "politics", "sport": "sport", "tech": "science-and-technology",
    "wikinews": "politics", "earn": "economy-business-and-finance", "acq": "economy-business-and-finance",
    "money-fx": "economy-business-and-finance", "crude": "economy-business-and-finance",
    "grain": "economy-business-and-finance", "trade": "economy-business-and-finance",
}  # fmt: skip


@dataclass
class Story:
    group: str
    title: str
    paragraphs: list[str]
    dateline: str


@dataclass
class Corpus:
    stories: list[Story]
    groups: dict[str, list[int]]  # story indexes by group
    files: list[str]


def read_corpus(folder: Path = CORPUS) -> Corpus:
    """The stories of the real corpora, cleaned by the archive's own JSON Lines parser."""
    from articles.importers.jsonl import parse_jsonl
    from articles.importers.records import ArticleRecord

    paths = [folder / name for name in CORPUS_FILES if (folder / name).exists()] or [DEMO_FILE]
    stories: list[Story] = []
    for path in paths:
        with gzip.open(path, "rb") as stream:
            data = stream.read()
        for record in parse_jsonl(data, name=path.name):
            if not isinstance(record, ArticleRecord) or not record.title or not record.body:
                continue
            paragraphs = [p[:MAX_PARAGRAPH_CHARS] for p in record.body.split("\n\n") if p.strip()]
            if not paragraphs:
                continue
            category = record.topics[0].slug if record.topics else ""
            group = f"{path.name.split('-')[0].split('.')[0]}:{category}"
            stories.append(Story(group, record.title, paragraphs, record.dateline.split(",")[0]))
    groups: dict[str, list[int]] = {}
    for index, story in enumerate(stories):
        groups.setdefault(story.group, []).append(index)
    return Corpus(stories, groups, [p.name for p in paths])


class Generator:
    """Article `i` of `seed`, as an import record (`record`) or as database rows (`rows`)."""

    def __init__(self, corpus: Corpus, *, seed: int = 1, topics=(), countries=(), cities=None):
        self.corpus = corpus
        self.seed = seed
        self.topics = list(topics)  # slugs, or (slug, id)
        self.countries = list(countries)  # (code, id) in news order
        self.cities = cities or {}  # code: [city ids, most populous first]
        self.source_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(SOURCES) + 1)))
        self.country_weights = list(
            itertools.accumulate(1 / rank**1.1 for rank in range(1, len(countries) + 1))
        )

    def rng(self, i: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + i)

    def content(self, i: int) -> tuple[int, Story, list[str], int]:
        """(original index, title story, paragraphs, duplicate_of index or -1) for article i."""
        rng = self.rng(i)
        if i > 0 and rng.random() < DUPLICATE_SHARE:
            original = rng.randrange(i)
            root, story, paragraphs, _ = self.content(original)
            return root, story, paragraphs, root
        stories = self.corpus.stories
        story = stories[rng.randrange(len(stories))]
        group = self.corpus.groups[story.group]
        count = min(len(story.paragraphs), MAX_PARAGRAPHS)
        paragraphs = [story.paragraphs[0]]
        for _ in range(count - 1):
            other = stories[group[rng.randrange(len(group))]]
            paragraphs.append(other.paragraphs[rng.randrange(len(other.paragraphs))])
        return i, story, paragraphs, -1

    def record(self, i: int) -> dict:
        """Article i in the import format (docs/import-format.md), without tags: the importer tags it."""
        _, story, paragraphs, _ = self.content(i)
        rng = self.rng(i + 7_777_777)
        published = FIRST_DAY + dt.timedelta(seconds=rng.randrange(SECONDS))
        name, domain = SOURCES[bisect.bisect(self.source_weights, rng.random() * self.source_weights[-1])]
        slug = "-".join(story.title.lower().split()[:8])
        return {
            "id": f"bench-{self.seed}-{i}",
            "title": story.title,
            "body": "\n\n".join(paragraphs),
            "published_at": published.isoformat(),
            "source": name,
            "dateline": story.dateline,
            "url": f"https://{domain}/{published:%Y/%m/%d}/{slug}-{i}",
            "language": "en",
        }

    def tags(self, i: int, group: str) -> tuple[list[int], list[tuple[int, str]]]:
        """Topic ids and (place id, role) for article i."""
        rng = self.rng(i + 3_333_333)
        topics = []
        own = CATEGORY_TOPICS.get(group.split(":")[1] or group.split(":")[0])
        by_slug = dict(self.topics)
        if own in by_slug:
            topics.append(by_slug[own])
        for _ in range(rng.choice((0, 1, 1, 2)) + (0 if topics else 1)):
            topic = self.topics[int(len(self.topics) * rng.random() ** 2)][1]
            if topic not in topics:
                topics.append(topic)
        places: list[tuple[int, str]] = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            code, country = self.countries[
                bisect.bisect(self.country_weights, rng.random() * self.country_weights[-1])
            ]
            cities = self.cities.get(code)
            if not places and cities and rng.random() < 0.4:
                places.append((cities[int(len(cities) * rng.random() ** 3)], "dateline"))
            if all(country != p for p, _ in places):
                places.append((country, "mention"))
        return topics, places


def write_jsonl(
    path: Path, count: int, *, seed: int = 1, start: int = 0, corpus: Corpus | None = None
) -> Path:
    generator = Generator(corpus or read_corpus(), seed=seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(start, start + count):
            out.write(json.dumps(generator.record(i), ensure_ascii=False) + "\n")
    return path


def write_pages(
    folder: Path, count: int, *, seed: int = 1, start: int = 0, corpus: Corpus | None = None
) -> Path:
    """One scraped-page text file per article, laid out as the page importer expects (see demo/)."""
    generator = Generator(corpus or read_corpus(), seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    zone = ZoneInfo("America/Toronto")
    for i in range(start, start + count):
        record = generator.record(i)
        published = dt.datetime.fromisoformat(record["published_at"]).astimezone(zone)
        paragraphs = record["body"].split("\n\n")
        if record["dateline"]:
            paragraphs[0] = f"{record['dateline'].upper()} — {paragraphs[0]}"
        posted = f"{published:%B} {published.day}, {published:%Y} {published:%I:%M %p}".replace(" 0", " ")
        text = "\n\n".join(
            [
                f" date {published:%Y-%m-%d} {record['title']}",
                f"By {record['source']}",
                f"Posted {posted.lower().replace('am', 'am.').replace('pm', 'pm.')}",
                *paragraphs,
                record["source"],
            ]
        )
        (folder / f"{i:08d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


# -- loading into the database ---------------------------------------------------------------------
ARTICLE_COLUMNS = (
    "id", "title", "title_key", "slug", "lede", "body", "byline", "dateline", "published_at", "published_on",
    "date_precision", "photo_caption", "photo_credit", "url", "language", "word_count", "links",
    "external_id", "fingerprint", "record_hash", "original", "original_format", "extra", "import_warnings",
    "created_at", "modified_at", "duplicate_of_id", "source_id", "kind", "story_role",
)  # fmt: skip
TOPIC_COLUMNS = ("article_id", "topic_id", "origin", "score", "evidence")
PLACE_COLUMNS = ("article_id", "place_id", "origin", "role", "score", "count", "evidence")


@cache
def _zone():
    from django.conf import settings

    return ZoneInfo(settings.TIME_ZONE)


def article_rows(generator: Generator, i: int, pk: int, first_pk: int, sources: dict[str, int], now):
    """The article row, its topic rows and its place rows."""
    from articles.ingest import fingerprint
    from articles.keys import normalise_title, slugify

    record = generator.record(i)
    root, story, _, copy_of = generator.content(i)
    original = json.dumps(record, ensure_ascii=False)
    body = record["body"]
    published = dt.datetime.fromisoformat(record["published_at"])
    row = (
        pk, record["title"][:500], normalise_title(record["title"]), slugify(record["title"])[:200] or "article",
        body.split("\n\n")[0], body, "", record["dateline"][:200], published,
        published.astimezone(_zone()).date(), "time", "", "", record["url"], "en", len(body.split()), "[]",
        record["id"], fingerprint(record["title"], body), hashlib.sha256(original.encode()).hexdigest(),
        original, "jsonl", "{}", "[]", now, now, first_pk + copy_of if copy_of >= 0 else None,
        sources[record["source"]], "article", "",
    )  # fmt: skip
    topics, places = generator.tags(root, story.group)
    topic_rows = [(pk, topic, "automatic", round(1 - n * 0.3, 2), "") for n, topic in enumerate(topics)]
    place_rows = [
        (pk, place, "automatic", role, 1.0 if role == "dateline" else 0.8, 1 + n, "")
        for n, (place, role) in enumerate(places)
    ]
    return row, topic_rows, place_rows


def make_generator(seed: int, corpus: Corpus | None = None) -> Generator:
    """A Generator with this database's topics and places."""
    from articles.models import Place, Topic

    topics = list(Topic.objects.filter(parent__isnull=True).order_by("slug").values_list("slug", "id"))
    by_code = dict(Place.objects.filter(kind="country").order_by("pk").values_list("country_code", "id"))
    order = [c for c in NEWS_COUNTRIES if c in by_code] + sorted(
        c for c in by_code if c not in NEWS_COUNTRIES
    )
    cities: dict[str, list[int]] = {}
    rows = Place.objects.filter(kind="city").order_by("country_code", "-population", "pk")
    for code, pk in rows.values_list("country_code", "id"):
        cities.setdefault(code, []).append(pk)
    return Generator(
        corpus or read_corpus(),
        seed=seed,
        topics=topics,
        countries=[(code, by_code[code]) for code in order],
        cities=cities,
    )


def load(
    count: int,
    *,
    seed: int = 1,
    corpus: Corpus | None = None,
    progress=print,
    index_after: bool | None = None,
) -> dict[str, float]:
    """Add `count` generated articles (with their tags and search index) to the default database.

    Returns the seconds each step took. Article i gets id first_pk + i, first_pk one past the
    largest id there is. `index_after` builds the search index after the rows instead of keeping it
    row by row; by default whichever measured faster on each engine: after on SQLite (FTS5 'rebuild'),
    during on PostgreSQL (the trigger, on the server's core while this process makes rows).
    """
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from articles.ingest import resolve_source
    from articles.models import Article

    timings: dict[str, float] = {}
    started = time.perf_counter()
    generator = make_generator(seed, corpus)
    sources = {name: resolve_source(name).pk for name, _ in SOURCES}
    first_pk = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    timings["prepare"] = time.perf_counter() - started
    now = timezone.now()
    if connection.vendor == "postgresql":
        writer = _PostgresWriter(bool(index_after))
    else:
        writer = _SqliteWriter(index_after is None or index_after)
    started = time.perf_counter()
    with writer:
        for chunk_start in range(0, count, CHUNK):
            with transaction.atomic():
                articles, topic_rows, place_rows = [], [], []
                for i in range(chunk_start, min(count, chunk_start + CHUNK)):
                    row, topics, places = article_rows(generator, i, first_pk + i, first_pk, sources, now)
                    articles.append(row)
                    topic_rows += topics
                    place_rows += places
                writer.write("articles_article", ARTICLE_COLUMNS, articles)
                writer.write("articles_articletopic", TOPIC_COLUMNS, topic_rows)
                writer.write("articles_articleplace", PLACE_COLUMNS, place_rows)
            done = min(count, chunk_start + CHUNK)
            progress(f"  {done:,} articles, {done / (time.perf_counter() - started):,.0f}/s")
        timings["rows"] = time.perf_counter() - started
    timings.update(writer.timings)
    return timings


class _PostgresWriter:
    """COPY, with the search index kept by its trigger; or (`index_after`) the trigger switched off during
    the load, the vectors computed in one UPDATE after it, then the GIN index built."""

    def __init__(self, index_after: bool = False):
        self.timings: dict[str, float] = {}
        self.index_after = index_after

    def __enter__(self):
        from django.db import connection

        if self.index_after:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE articles_article DISABLE TRIGGER articles_article_search_vector")
                cursor.execute("DROP INDEX IF EXISTS articles_article_search_vector_gin")
        return self

    def write(self, table, columns, rows):
        from django.db import connection

        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def __exit__(self, *exc):
        from django.db import connection

        from articles.fulltext.postgres import CONFIG

        with connection.cursor() as cursor:
            # Inside an outer transaction (a test) the deferred foreign key checks of the COPYs are still
            # pending, and PostgreSQL alters no table with pending trigger events: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE articles_article ENABLE TRIGGER articles_article_search_vector")
            if exc[0]:
                return
            started = time.perf_counter()
            # The trigger's own expression (migration 0002_search), for the rows it did not see.
            cursor.execute(
                f"""UPDATE articles_article SET search_vector =
                setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A')
                || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(lede, '')), 'B')
                || setweight(to_tsvector('{CONFIG}'::regconfig, left(coalesce(body, ''), 200000)), 'C')
                WHERE search_vector IS NULL"""
            )
            self.timings["search vectors"] = time.perf_counter() - started
            started = time.perf_counter()
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS articles_article_search_vector_gin "
                "ON articles_article USING gin (search_vector)"
            )
            self.timings["GIN index"] = time.perf_counter() - started
            for table in ("articles_article", "articles_articletopic", "articles_articleplace"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            started = time.perf_counter()
            # What autovacuum would do soon after a large load (VACUUM cannot run inside a transaction,
            # as in a test: ANALYZE alone then).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            self.timings["vacuum analyze"] = time.perf_counter() - started
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class _SqliteWriter:
    """executemany; the FTS5 insert trigger is dropped during the load and the index rebuilt after it
    (or, without `index_after`, kept)."""

    def __init__(self, index_after: bool = True):
        self.timings: dict[str, float] = {}
        self.index_after = index_after

    def __enter__(self):
        from django.db import connection

        if self.index_after:
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER IF EXISTS articles_article_fts_insert")
        return self

    def write(self, table, columns, rows):
        from django.db import connection

        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def __exit__(self, *exc):
        from importlib import import_module

        from django.db import connection

        with connection.cursor() as cursor:
            for sql in import_module("articles.migrations.0002_search").SQLITE_TRIGGERS:
                cursor.execute(sql)
            if exc[0] or not self.index_after:
                return
            started = time.perf_counter()
            cursor.execute("INSERT INTO articles_article_fts (articles_article_fts) VALUES ('rebuild')")
            self.timings["FTS5 rebuild"] = time.perf_counter() - started
            started = time.perf_counter()
            cursor.execute("ANALYZE")
            self.timings["analyze"] = time.perf_counter() - started


# -- command line ----------------------------------------------------------------------------------
def database_url(db: str, name: str) -> str:
    if db == "sqlite":
        folder = ROOT / "bench" / "data"
        folder.mkdir(exist_ok=True)
        return f"sqlite:///{folder / name}.sqlite3"
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def fresh_database(db: str, name: str) -> str:
    """An empty database `name` (dropped first if it exists); its DATABASE_URL."""
    import subprocess

    url = database_url(db, name)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True)
    return url


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", choices=["sqlite", "postgres"], help="load a fresh database na_scale_<scale>")
    parser.add_argument("--name", help="the database name (default na_scale_<scale>)")
    parser.add_argument("--jsonl", type=Path, help="write the articles as JSON Lines to this file")
    parser.add_argument("--pages", type=Path, help="write the articles as page-text files into this folder")
    parser.add_argument(
        "--index",
        choices=["after", "during"],
        help="build the search index after the rows or keep it row by row (default: the faster, per engine)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.db:
        setup_django(fresh_database(args.db, args.name or f"na_scale_{args.scale}"))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        timings = load(
            args.scale, seed=args.seed, index_after={"after": True, "during": False}.get(args.index)
        )
        total = time.perf_counter() - started
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        print(f"loaded {args.scale:,} articles in {total:.1f} s ({args.scale / total:,.0f}/s): {steps}")
    elif args.jsonl or args.pages:
        setup_django(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))
    if args.jsonl:
        write_jsonl(args.jsonl, args.scale, seed=args.seed)
    if args.pages:
        write_pages(args.pages, args.scale, seed=args.seed)


if __name__ == "__main__":
    main()
