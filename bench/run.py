"""The scale benchmark: an archive of N generated articles, measured against its raw SQL and Datasette.

    .venv/bin/python bench/run.py --scale 100000 --db postgres      # make bench: a moderate default
    .venv/bin/python bench/run.py --scale 100000 --db sqlite --reuse --only search,peer
    .venv/bin/python bench/run.py --reuters --db postgres --only search,peer   # the real corpus as it is

1. **data**: a fresh database `na_scale_<N>` (PostgreSQL on 127.0.0.1, or bench/data/na_scale_<N>.sqlite3)
   loaded with N articles by bench/generate.py; `--reuse` keeps one already loaded;
2. **import**: a JSON Lines file and a folder of page-text files (generated, `--import-size` and a tenth
   of it) imported through the real service (`articles.ingest.import_documents`, tagging on) into a fresh
   empty database, each by its own subprocess, which reports its rate and peak resident memory;
3. **search**: each request of MIX rendered in process by Django's test client (DEBUG off; URL routing,
   FilterSet, queries, template; no HTTP server or network) `--repeat` times: p50 and p95; then the SQL
   one rendering ran, rerun on the raw cursor with every row fetched (bench/search_overhead.py);
4. **peer**: the same articles exported to a plain SQLite database (title, body, published_at, source,
   year; FTS5 by `sqlite-utils enable-fts`) served by `datasette serve`, and this app under gunicorn
   (one sync worker), both on loopback and timed by the same HTTP client, for each request with an
   equivalent; needs `make bench-deps` (bench/.venv), skipped with a note otherwise;
5. **csv**: a CSV export of about 100,000 matches streamed through the test client in a subprocess: time,
   rows, and resident memory before and at peak.

Prints markdown tables (the machine and load average first) and writes them with the raw numbers to
bench/data/scale-<db>-<N>.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
import search_overhead  # noqa: E402

DATA = ROOT / "bench" / "data"
BENCH_BIN = ROOT / "bench" / ".venv" / "bin"
PYTHON = sys.executable
CSV_MATCHES = 100_000
# BENCH_PORTS="8765,8766": another pair when two runs share the machine.
DATASETTE_PORT, APP_PORT = (int(p) for p in os.environ.get("BENCH_PORTS", "8765,8766").split(","))
PRODUCTION = {
    "DEBUG": "false", "SECRET_KEY": "benchmark-only", "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
    # Each search is timed as it is computed: a repeat would otherwise be timed from the search cache.
    "SEARCH_CACHE_SECONDS": "0",
}  # fmt: skip


@dataclass
class Request:
    label: str
    url: str  # this app
    peer: str | None = None  # Datasette's nearest equivalent (database "bench", table "articles")
    note: str = ""


def mix(article_path: str, article_id: int, year: int = 2010) -> list[Request]:
    """The fixed query mix; `article_path` is one article page of this archive, `year` one of its years."""
    facets = "_facet=source&_facet=year"
    return [
        Request("selective word", "/search/?q=cocoa", f"/bench/articles?_search=cocoa&{facets}"),
        Request(
            "phrase",
            '/search/?q="crude+oil"',
            f"/bench/articles?_search=%22crude+oil%22&_searchmode=raw&{facets}",
        ),
        Request("broad word", "/search/?q=said", f"/bench/articles?_search=said&{facets}"),
        Request(
            "filter-only browse (source)",
            "/search/?source=reuters",
            f"/bench/articles?source=Reuters&{facets}",
        ),
        Request(
            "date range + place",
            f"/search/?date_from={year}-03&date_to={year}-04&place=japan",
            f"/bench/articles?published_at__gte={year}-03-01&published_at__lt={year}-05-01&{facets}",
            "Datasette: date range only (no places)",
        ),
        Request("page 1 of a broad word, newest", "/search/?q=said&sort=newest"),
        Request("page 50 of a broad word, newest", "/search/?q=said&sort=newest&page=50"),
        Request("page 50 of a broad word", "/search/?q=said&page=50", None, "Datasette pages by cursor only"),
        Request("article page", article_path, f"/bench/articles/{article_id}"),
        Request("home page", "/", "/"),
    ]


# -- environment -----------------------------------------------------------------------------------
def machine() -> dict:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "load": os.getloadavg()}


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc (Linux)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            key, value = line.split(":")
            values[key] = int(value.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest, of 10 the largest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


# -- 1. data ---------------------------------------------------------------------------------------
def prepare(
    db: str, scale: int, *, seed: int, reuse: bool, reuters: bool = False, name: str | None = None
) -> dict:
    name = name or ("na_scale_reuters" if reuters else f"na_scale_{scale}")
    url = generate.database_url(db, name) if reuse else generate.fresh_database(db, name)
    os.environ.update(PRODUCTION)
    generate.setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off serves hashed files
    if reuse and Article.objects.exists():
        return {"url": url, "articles": Article.objects.count(), "load": None}
    started = time.perf_counter()
    if reuters:  # the real corpus as it is, through the import service with tagging, as an archive gets it
        imported = import_files([generate.CORPUS / "reuters21578-train.jsonl.gz"])
        timings, scale = {"import": imported["seconds"]}, Article.objects.count()
        # What autovacuum does within a minute of a large import: without planner statistics PostgreSQL
        # guesses (e.g. that no article is canonical), and the guesses would be measured.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    else:
        timings = generate.load(scale, seed=seed, progress=lambda line: print(line, file=sys.stderr))
    return {"url": url, "articles": scale, "load": {"total": time.perf_counter() - started, **timings}}


# -- 2. import -------------------------------------------------------------------------------------
def import_files(paths: list[Path]) -> dict:
    """Import `paths` through the service into the current database; seconds, counts, memory."""
    from articles.importers.containers import iter_documents
    from articles.ingest import import_documents

    before, _ = rss_mb()
    started = time.perf_counter()
    report = import_documents(iter_documents(paths), via="bench", tag=True)
    seconds = time.perf_counter() - started
    _, peak = rss_mb()
    return {
        "articles": report.total,
        "created": report.created,
        "failed": report.failed,
        "seconds": seconds,
        "rate": report.total / seconds,
        "rss_before_mb": before,
        "peak_rss_mb": max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def measure_import(db: str, count: int, *, seed: int) -> dict[str, dict]:
    """JSON Lines and page text, each into a fresh empty database by a subprocess of its own."""
    DATA.mkdir(exist_ok=True)
    corpus = generate.read_corpus()
    jsonl = generate.write_jsonl(DATA / f"import-{count}.jsonl", count, seed=seed + 1, corpus=corpus)
    pages_folder = DATA / f"import-pages-{count // 10}"
    if not pages_folder.exists():
        generate.write_pages(pages_folder, count // 10, seed=seed + 2, corpus=corpus)
    results = {}
    for label, path in (("JSON Lines", jsonl), ("page text", pages_folder)):
        url = generate.fresh_database(db, "na_scale_import")
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        out = subprocess.run(
            [PYTHON, __file__, "--worker", "import", str(path)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        results[label] = json.loads(out.stdout.decode().strip().splitlines()[-1])
    return results


# -- 3. search in process --------------------------------------------------------------------------
@dataclass
class Timing:
    label: str
    url: str
    page_p50: float
    page_p95: float
    sql_p50: float
    sql_p95: float
    queries: int
    matches: int | None = None
    ratio: float = field(init=False)

    def __post_init__(self):
        self.ratio = self.page_p50 / self.sql_p50 if self.sql_p50 else 0.0


def first_article() -> tuple[str, int]:
    from articles.models import Article

    article = Article.objects.only("pk", "slug").order_by("pk").first()
    return article.get_absolute_url(), article.pk


def measure_search(requests: list[Request], repeat: int) -> list[Timing]:
    from django.test import Client

    client = Client()
    rows = []
    for request in requests:
        pages, sqls, statements = search_overhead.sample(client, request.url, repeat)
        rows.append(
            Timing(
                request.label,
                request.url,
                statistics.median(pages),
                percentile(pages, 0.95),
                statistics.median(sqls),
                percentile(sqls, 0.95),
                len(statements),
                count_of(client, request.url),
            )
        )
        print(f"  {rows[-1]}", file=sys.stderr)
    return rows


def count_of(client, url: str) -> int | None:
    if not url.startswith("/search/"):
        return None
    response = client.get(url + ("&" if "?" in url else "?") + "format=json")
    return response.json()["count"]


# -- 4. peer over HTTP -----------------------------------------------------------------------------
def export_plain(path: Path, *, chunk: int = 5000) -> int:
    """The archive's articles as a plain SQLite table `articles` (id, title, body, published_at, source,
    year), the way one would publish it with Datasette; FTS is added by sqlite-utils (see `serve_peer`)."""
    import sqlite3

    from articles.models import Article

    path.unlink(missing_ok=True)
    target = sqlite3.connect(path)
    target.execute(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, body TEXT, published_at TEXT, "
        "source TEXT, year INTEGER)"
    )
    rows = (
        Article.objects.order_by("pk")
        .values_list("pk", "title", "body", "published_at", "source__name")
        .iterator(chunk_size=chunk)
    )
    batch, count = [], 0
    for pk, title, body, published, source in rows:
        batch.append(
            (
                pk,
                title,
                body,
                published.isoformat() if published else None,
                source,
                published and published.year,
            )
        )
        if len(batch) >= chunk:
            target.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", batch)
            count, batch = count + len(batch), []
    target.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", batch)
    count += len(batch)
    for column in ("source", "year", "published_at"):
        target.execute(f"CREATE INDEX articles_{column} ON articles ({column})")
    target.commit()
    target.close()
    return count


def http_ms(base: str, path: str, repeat: int) -> tuple[float, list[float]]:
    """The first request's time and `repeat` more; a new connection per request (gunicorn's sync worker
    does not keep connections alive), whole response read."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(base + path) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], times[1:]


def wait_for(url: str, seconds: float = 60) -> None:
    """Until the server at `url` (a cheap page: a large archive's home page takes seconds) answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=30).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def measure_peer(
    requests: list[Request], repeat: int, database_url: str, cache_seconds: int = 0
) -> list[dict] | str:
    if not (BENCH_BIN / "datasette").exists():
        return "skipped: no bench/.venv (run `make bench-deps`)"
    plain = DATA / "datasette" / "bench.db"
    plain.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    export_plain(plain)
    subprocess.run(
        [BENCH_BIN / "sqlite-utils", "enable-fts", plain, "articles", "title", "body", "--fts5"], check=True
    )
    export_seconds = time.perf_counter() - started
    servers = [
        subprocess.Popen(
            [
                BENCH_BIN / "datasette",
                "serve",
                plain,
                "-p",
                str(DATASETTE_PORT),
                "-h",
                "127.0.0.1",
                "--setting",
                "sql_time_limit_ms",
                "60000",
                "--setting",
                "facet_time_limit_ms",
                "60000",
                "--setting",
                "suggest_facets",
                "off",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [
                Path(sys.executable).parent / "gunicorn",  # this Python's (a worktree has no .venv)
                "newsarchive.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{APP_PORT}",
                "--timeout",
                "300",
            ],  # fmt: skip
            cwd=ROOT,
            env={
                **os.environ,
                **PRODUCTION,
                "DATABASE_URL": database_url,
                "SEARCH_CACHE_SECONDS": str(cache_seconds),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    rows = []
    try:
        wait_for(f"http://127.0.0.1:{DATASETTE_PORT}/-/versions.json")
        wait_for(f"http://127.0.0.1:{APP_PORT}/healthz")
        for request in requests:
            first, ours = http_ms(f"http://127.0.0.1:{APP_PORT}", request.url, repeat)
            their_first, theirs = (
                http_ms(f"http://127.0.0.1:{DATASETTE_PORT}", request.peer, repeat)
                if request.peer
                else (None, [])
            )
            rows.append(
                {
                    "label": request.label,
                    "app_first": first,
                    "datasette_first": their_first,
                    "app_p50": statistics.median(ours),
                    "app_p95": percentile(ours, 0.95),
                    "datasette_p50": statistics.median(theirs) if theirs else None,
                    "datasette_p95": percentile(theirs, 0.95) if theirs else None,
                    "note": request.note,
                }
            )
            print(f"  {rows[-1]}", file=sys.stderr)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    rows.append({"label": "(export + FTS for Datasette)", "seconds": export_seconds})
    return rows


# -- 5. CSV export ---------------------------------------------------------------------------------
def csv_url(articles: int) -> str:
    """A search with about CSV_MATCHES matches: every article, or the first years of the 20."""
    if articles <= CSV_MATCHES:
        return "/search/?format=csv"
    years = max(1, round(20 * CSV_MATCHES / articles))
    return f"/search/?format=csv&date_from=2005&date_to={2004 + years}"


def export_csv(url: str) -> dict:
    """Stream one CSV export through the test client; rows, seconds, resident memory before and at peak."""
    from django.test import Client

    client = Client()
    client.get("/")  # URLconf, templates, a database connection: what a running server has already
    before, _ = rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    rows = size = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = rss_mb()
    return {
        "url": url,
        "rows": rows - 1,
        "mb": size / 1e6,
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
    }


def measure_csv(url: str, database_url: str) -> dict:
    env = {**os.environ, **PRODUCTION, "DATABASE_URL": database_url}
    out = subprocess.run(
        [PYTHON, __file__, "--worker", "csv", url], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


# -- report ----------------------------------------------------------------------------------------
def report(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"## {results['db']}, {results['articles']:,} articles ({results['data']})",
        "",
        f"{m['cores']} cores, {m['cpu']}; load average at start {m['load'][0]:.2f}, "
        f"at end {results['load_end'][0]:.2f}. Command: `{results['command']}`",
    ]
    if results.get("load"):
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in results["load"].items() if k != "total")
        lines += ["", f"Generated and loaded in {results['load']['total']:.1f} s ({steps})."]
    if results.get("import"):
        lines += ["", "| import (tagging on, fresh database) | articles | seconds | articles/s | peak RSS MB |",
                  "|---|---:|---:|---:|---:|"]  # fmt: skip
        for label, r in results["import"].items():
            lines.append(
                f"| {label} | {r['articles']:,} | {r['seconds']:.1f} | {r['rate']:,.0f} | {r['peak_rss_mb']:.0f} |"
            )
    if results.get("search"):
        lines += ["", "| request (in process) | matches | page p50 ms | page p95 ms | SQL p50 ms | SQL p95 ms | "
                  "queries | page / SQL |", "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
        for r in results["search"]:
            matches = f"{r['matches']:,}" if r["matches"] is not None else ""
            lines.append(
                f"| {r['label']} | {matches} | {r['page_p50']:.1f} | {r['page_p95']:.1f} | {r['sql_p50']:.1f} | "
                f"{r['sql_p95']:.1f} | {r['queries']} | {r['ratio']:.2f} |"
            )
        ratios = [r["ratio"] for r in results["search"] if r["ratio"]]
        lines += ["", f"Median page / SQL: {statistics.median(ratios):.2f}."]
    peer = results.get("peer")
    if isinstance(peer, str):
        lines += ["", f"Datasette: {peer}."]
    elif peer:
        lines += ["", "| request over HTTP | app first ms | Datasette first ms | first: app / Datasette | "
                  "app repeats p50 ms | p95 | Datasette repeats p50 ms | p95 | repeats: app / Datasette |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
        for r in peer:
            if "seconds" in r:
                lines += ["", f"Export to Datasette's plain table and FTS5: {r['seconds']:.1f} s."]
                continue
            theirs, their_first = r["datasette_p50"], r.get("datasette_first")
            first = f"{their_first:.1f} | {r['app_first'] / their_first:.2f}" if their_first else "— | —"
            cells = (
                f"{theirs:.1f} | {r['datasette_p95']:.1f} | {r['app_p50'] / theirs:.2f}"
                if theirs
                else "— | — | —"
            )
            note = f" ({r['note']})" if r["note"] else ""
            lines.append(
                f"| {r['label']}{note} | {r['app_first']:.1f} | {first} | {r['app_p50']:.1f} | "
                f"{r['app_p95']:.1f} | {cells} |"
            )
    if results.get("csv"):
        c = results["csv"]
        lines += ["", f"CSV export `{c['url']}`: {c['rows']:,} rows, {c['mb']:.0f} MB in {c['seconds']:.1f} s "
                  f"({c['rows'] / c['seconds']:,.0f} rows/s); resident memory {c['rss_before_mb']:.0f} MB before, "
                  f"{c['peak_rss_mb']:.0f} MB at peak."]  # fmt: skip
    return "\n".join(lines)


STEPS = ("import", "search", "peer", "csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuters",
        action="store_true",
        help="instead of generated articles: Reuters-21578 as it is (--scale unused)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timings per request (p95 needs 20)")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded na_scale_<N>")
    parser.add_argument("--name", help="the database's name (default na_scale_<N> or na_scale_reuters)")
    parser.add_argument("--import-size", type=int, default=20_000, help="JSON Lines records to import")
    parser.add_argument(
        "--search-cache",
        type=int,
        default=0,
        help="the app server's SEARCH_CACHE_SECONDS in the peer step (0, the default: every search computed)",
    )
    parser.add_argument("--only", default=",".join(STEPS), help=f"some of {','.join(STEPS)}")
    parser.add_argument("--worker", choices=["import", "csv"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        generate.setup_django(os.environ["DATABASE_URL"])
        result = (
            import_files([Path(p) for p in args.paths])
            if args.worker == "import"
            else export_csv(args.paths[0])
        )
        print(json.dumps(result))
        return
    steps = set(args.only.split(","))
    results = {
        "db": args.db,
        "seed": args.seed,
        "data": "Reuters-21578 as imported" if args.reuters else f"generated, seed {args.seed}",
        "machine": machine(),
        "command": " ".join(["python", *sys.argv]),
    }
    data = prepare(
        args.db, args.scale, seed=args.seed, reuse=args.reuse, reuters=args.reuters, name=args.name
    )
    results.update(articles=data["articles"], load=data["load"])
    if "import" in steps:
        results["import"] = measure_import(args.db, args.import_size, seed=args.seed)
    requests = mix(*first_article(), year=1987 if args.reuters else 2010)
    if "search" in steps:
        results["search"] = [asdict(row) for row in measure_search(requests, args.repeat)]
    if "peer" in steps:
        results["peer"] = measure_peer(requests, args.repeat, data["url"], args.search_cache)
    if "csv" in steps:
        results["csv"] = measure_csv(csv_url(data["articles"]), data["url"])
    results["load_end"] = os.getloadavg()
    text = report(results)
    print(text)
    DATA.mkdir(exist_ok=True)
    (DATA / f"scale-{args.db}-{'reuters' if args.reuters else args.scale}.json").write_text(
        json.dumps({**results, "report": text}, indent=1)
    )


if __name__ == "__main__":
    main()
