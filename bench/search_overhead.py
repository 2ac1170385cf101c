"""Search page time against the raw SQL time of its own queries.

    .venv/bin/python bench/search_overhead.py --db sqlite
    .venv/bin/python bench/search_overhead.py --db postgres

Loads `../shared/corpus/reuters21578-train.jsonl.gz` into a fresh database (a temporary SQLite file or
the PostgreSQL database `newsarchive_bench`, dropped and created again; `--name` picks another name,
`--reuse` keeps a loaded one, migrating it first), then for each request of a fixed mix:

1. renders the search page in process (Django's test client: URL routing, the FilterSet, the
   queries, the template; no HTTP server), `--repeat` times, and takes the median;
2. captures the SQL that one rendering ran and runs exactly those statements again straight on the
   database cursor (fetching every row), `--repeat` times, and takes the median (on PostgreSQL, where
   the page runs its counts on a second connection beside the rest, the longer of the two);
3. reports page ms, SQL ms, the number of queries and the ratio page / SQL.

On PostgreSQL the loaded database is vacuumed and analysed first, as autovacuum would.

The goal (issue 3) is a median ratio of at most 1.5: the page should not add much to its own
database work.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578-train.jsonl.gz"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_NAME = "newsarchive_bench"

MIX = [
    ("selective word", "/search/?q=cocoa"),
    ("phrase", '/search/?q="crude+oil"'),
    ("broad word", "/search/?q=said"),
    ("word + exclusion", "/search/?q=oil+-opec"),
    ("OR", "/search/?q=wheat+OR+corn"),
    ("filter-only browse", "/search/?place=usa"),
    ("date range + place", "/search/?date_from=1987-03&date_to=1987-04&place=japan"),
    ("word + topic + sort", "/search/?q=bank&topic=money-fx&sort=newest"),
    ("page 20 of a broad word", "/search/?q=said&page=20"),
    ("no query (browse all)", "/search/"),
]


def setup(db: str, reuse: bool, name: str) -> None:
    if db == "sqlite":
        path = Path(tempfile.gettempdir()) / name.replace("_", "-") / "search.sqlite3"
        path.parent.mkdir(exist_ok=True)
        if not reuse and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        if not reuse:
            for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
                subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    # Production settings, as a deployed archive runs (no debug bookkeeping), over plain HTTP.
    os.environ.update(DEBUG="false", SECRET_KEY="benchmark-only", ALLOWED_HOSTS="testserver")
    os.environ.update(SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")
    os.environ.update(SEARCH_CACHE_SECONDS="0")  # each page computed, as its first visit is
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load() -> None:
    from django.core.management import call_command
    from django.db import connection

    from articles.importers.containers import iter_documents
    from articles.ingest import import_documents
    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production serves hashed files
    if not Article.objects.exists():
        report = import_documents(iter_documents([CORPUS]), via="bench")
        print(f"loaded: {report.summary()}")
    if connection.vendor == "postgresql":
        # What autovacuum does to a live archive within a minute of a large import: without planner
        # statistics PostgreSQL guesses, and the guesses would be measured instead of the queries.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def median_ms(fn, repeat: int) -> float:
    return statistics.median(timings(fn, repeat))


def slowest(statements: list[str], repeat: int, top: int = 3) -> list[tuple[float, str]]:
    """The `top` statements by median time, for `--slow`: where the SQL side of a page goes."""
    from django.db import connection

    def run(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()

    timed = [(median_ms(lambda sql=sql: run(sql), repeat), sql) for sql in statements]
    return sorted(timed, reverse=True)[:top]


def sample(client, url: str, repeat: int) -> tuple[list[float], list[float], list[str]]:
    """`repeat` timings (ms) of the page at `url`, then of the SQL that one rendering of it ran, rerun
    straight on the cursor with every row fetched; and those statements. bench/run.py uses it too.

    On PostgreSQL the page runs its counts on a second connection while the first runs the rest
    (articles/second_connection.py): the SQL time is then that of the longer of the two connections' statements,
    each rerun one after another here."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    response = client.get(url)  # warm caches and the template loader
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    main = [q["sql"] for q in captured.captured_queries]
    with override_settings(SEARCH_ALONGSIDE=False), CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [q["sql"] for q in captured.captured_queries]
    alongside = [sql for sql in statements if sql not in main]

    def run(batch):
        with connection.cursor() as cursor:
            for sql in batch:
                # Captured SQL has its parameters inlined, as the database received them.
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    def raw():
        started = time.perf_counter()
        run(main)
        middle = time.perf_counter()
        run(alongside)
        return max(middle - started, time.perf_counter() - middle) * 1000

    return timings(lambda: client.get(url), repeat), [raw() for _ in range(repeat)], statements


def timings(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(repeat: int, slow: bool = False) -> list[tuple[str, float, float, int]]:
    from django.test import Client

    client = Client()
    rows = []
    for label, url in MIX:
        pages, sqls, statements = sample(client, url, repeat)
        page, sql = statistics.median(pages), statistics.median(sqls)
        rows.append((label, page, sql, len(statements)))
        if slow:
            print(f"{label}: page {page:.1f} ms, SQL {sql:.1f} ms")
            for ms, statement in slowest(statements, repeat):
                print(f"    {ms:6.1f} ms  {statement[:300]}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded benchmark database")
    parser.add_argument(
        "--name",
        default=BENCH_NAME,
        help="the PostgreSQL database, or the SQLite file's folder under the temporary directory",
    )
    parser.add_argument("--slow", action="store_true", help="also print each request's slowest statements")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"needs {CORPUS}")
    setup(args.db, args.reuse, args.name)
    load()
    rows = measure(args.repeat, args.slow)
    print(f"\n{args.db}: median of {args.repeat} runs each")
    print("| request | page ms | SQL ms | queries | page / SQL |\n|---|---:|---:|---:|---:|")
    for label, page, sql, count in rows:
        print(f"| {label} | {page:.1f} | {sql:.1f} | {count} | {page / sql:.2f} |")
    ratios = [page / sql for _, page, sql, _ in rows]
    print(f"\nmedian ratio page / SQL: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
