"""The honest benchmark (issue 16): many queries drawn from the archive itself, over HTTP, cold and warm.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_perf_1m .venv/bin/python bench/http_bench.py
    ... --users 1,10,50 --seconds 60 --think 1 --workers 5 --only first,load

1. **queries**, drawn from the archive in DATABASE_URL (seeded, so a rerun asks the same): the words
   of an evenly spread sample of SAMPLE articles (every k-th by id), counted by how many of them carry
   each word (its document frequency), and cut into bands: **selective** (in 0.01-0.2% of articles),
   **medium** (1-5%), **broad** (at least 8%); **phrases**, two adjacent words (no stop words) that
   occur together in at least 0.02% of the sample; **filters**, combinations of the archive's topics,
   places, sources and years, with and without a word, in the three sort orders; **articles**, random
   article pages; and **home**, the home page;
2. empties the cache (a shared one, CACHE_URL, would hold an earlier run's searches), then starts
   `bin/start` (gunicorn, DEBUG off, as in production) on a free port of 127.0.0.1 with
   `--workers` workers, fresh, so every worker is cold;
3. **first**: the home page once per worker at the start (several requests at once, so that each
   worker answers one), the same again at once (every worker now past its first visit: the difference
   is what being first costs, the rest is their sharing the cores), then every query of every set once in a shuffled order ("first request": the
   first time this server is asked it), then the whole set again `--repeat` times ("repeat"), one
   request at a time; p50/p95/p99 over each set as a whole (each query counted once per pass);
4. **load**: for each of `--users` (1, 10, 50), that many readers for `--seconds`, each clicking a
   random query of the mix (home 1, words 4, phrase 1, filters 3, article 3: bench/locustfile.py's
   weights) and thinking `--think` seconds on average between clicks (uniform, half to one and a half
   times); p50/p95/p99 per set and in all, errors (anything but a 200, or no answer in 30 s);
5. prints markdown tables, each with the load average (1, 5, 15 min) before and after it and the
   PostgreSQL settings that decide speed, and writes them with the raw timings to
   bench/data/http-<database>.json.

Timings are client-side wall time of a whole response (urllib, a new connection per request, as
gunicorn's sync workers close each one). The client shares the server's cores; on a shared machine the
load average says how much else ran.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from load import free_port, wait_until_up  # noqa: E402

SAMPLE = 20_000  # articles whose words are counted
BANDS = {"selective": (0.0001, 0.002), "medium": (0.01, 0.05), "broad": (0.08, 1.0)}
PER_BAND = 30
PHRASES, FILTERS, ARTICLES = 25, 30, 60
WEIGHTS = {
    "home": 1,
    "selective": 4 / 3,
    "medium": 4 / 3,
    "broad": 4 / 3,
    "phrase": 1,
    "filters": 3,
    "article": 3,
}
PG_SETTINGS = (
    "shared_buffers", "work_mem", "effective_cache_size", "maintenance_work_mem", "random_page_cost",
    "effective_io_concurrency", "max_parallel_workers_per_gather", "jit", "gin_pending_list_limit",
    "max_connections", "server_version",
)  # fmt: skip
_WORD = re.compile(r"[a-z]{3,}")


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()


def sample_articles(size: int):
    """An evenly spread sample of about `size` articles: every k-th by id (no random scan of a
    million rows)."""
    from django.db.models import Max, Min

    from articles.models import Article

    bounds = Article.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        raise SystemExit("The database has no articles.")
    step = max(1, (bounds["high"] - bounds["low"] + 1) // size)
    ids = range(bounds["low"], bounds["high"] + 1, step)
    rows = []
    for start in range(0, len(ids), 2000):
        chunk = list(ids[start : start + 2000])
        rows += Article.objects.filter(pk__in=chunk).values_list("pk", "title", "body")
    return rows


def draw_queries(seed: int) -> dict[str, list[str]]:
    """Every set's URLs, drawn from the archive in DATABASE_URL (see the module's docstring)."""
    from django.db.models import Count, Max, Min
    from django.urls import reverse

    from articles.fulltext.query import STOP_WORDS
    from articles.models import Article, Place, Source, Topic

    rng = random.Random(seed)
    sample = sample_articles(SAMPLE)
    frequency: Counter = Counter()
    pairs: Counter = Counter()
    for _, title, body in sample:
        words = _WORD.findall(f"{title} {body}".lower())
        frequency.update(set(words))
        pairs.update(
            {
                (a, b)
                for a, b in zip(words, words[1:], strict=False)
                if a not in STOP_WORDS and b not in STOP_WORDS
            }
        )
    size = len(sample)
    search = reverse("articles:search")

    def searched(**params) -> str:
        return f"{search}?{urlencode(params, doseq=True)}"

    sets: dict[str, list[str]] = {"home": ["/"]}
    for band, (low, high) in BANDS.items():
        words = sorted(
            w for w, n in frequency.items() if low <= n / size <= high and w not in STOP_WORDS and len(w) > 3
        )
        sets[band] = [searched(q=w) for w in rng.sample(words, min(PER_BAND, len(words)))]
    common = sorted(p for p, n in pairs.items() if n >= max(3, size * 0.0002))
    sets["phrase"] = [searched(q=f'"{a} {b}"') for a, b in rng.sample(common, min(PHRASES, len(common)))]
    topics = list(Topic.objects.annotate(n=Count("article_tags")).filter(n__gt=0).order_by("-n")[:30])
    places = list(Place.objects.annotate(n=Count("article_tags")).filter(n__gt=0).order_by("-n")[:40])
    sources = list(Source.objects.order_by("pk")[:20])
    years = Article.objects.aggregate(low=Min("published_on"), high=Max("published_on"))
    year_range = list(range(years["low"].year, years["high"].year + 1)) if years["low"] else []
    medium = [w.split("q=", 1)[1] for w in sets["medium"]]
    filters = []
    for number in range(FILTERS):
        params: dict[str, str] = {}
        if number % 3 != 2 and medium:  # two in three with a word
            params["q"] = rng.choice(medium)
        kinds = rng.choice(
            [("topic",), ("place",), ("source",), ("year",), ("topic", "place"), ("topic", "year")]
        )
        if "topic" in kinds and topics:
            params["topic"] = rng.choice(topics).slug
        if "place" in kinds and places:
            params["place"] = rng.choice(places).slug
        if "source" in kinds and sources:
            params["source"] = rng.choice(sources).slug
        if "year" in kinds and year_range:
            year = rng.choice(year_range)
            params["date_from"] = params["date_to"] = str(year)
        params["sort"] = rng.choice(["relevance", "newest", "oldest"])
        filters.append(searched(**params))
    sets["filters"] = filters
    ids = [pk for pk, _, _ in sample]
    chosen = rng.sample(ids, min(ARTICLES, len(ids)))
    sets["article"] = [a.get_absolute_url() for a in Article.objects.filter(pk__in=chosen).only("pk", "slug")]
    return sets


def postgres_settings() -> dict[str, str]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return {"engine": connection.vendor}
    found = {}
    with connection.cursor() as cursor:
        for name in PG_SETTINGS:
            cursor.execute(f"SHOW {name}")
            found[name] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        found["database size"] = cursor.fetchone()[0]
    return found


def fetch(url: str, timeout: float = 30) -> tuple[float, int]:
    """Milliseconds for the whole response, and its status (0: no answer)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return (time.perf_counter() - started) * 1000, status


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


def row(name: str, timings: list[tuple[float, int]], seconds: float | None = None) -> str:
    ms = [t for t, _ in timings]
    errors = sum(1 for _, status in timings if status != 200)
    rate = f" {len(ms) / seconds:.1f} |" if seconds else ""
    return (
        f"| {name} | {len(ms)} | {errors} |{rate} {percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} | "
        f"{percentile(ms, 0.99):.0f} | {max(ms, default=math.nan):.0f} |"
    )


def loads() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def measure_first(host: str, sets: dict[str, list[str]], workers: int, repeat: int, seed: int) -> dict:
    """The home page on each cold worker, then each query's first request and its repeats."""
    rng = random.Random(seed)
    load_before = loads()
    # Several at once, so that each sync worker takes one: every worker's first home page.
    with ThreadPoolExecutor(workers) as pool:
        cold_home = list(pool.map(lambda _: fetch(host + "/"), range(workers)))
        # The same again, every worker now past its first visit: what is left of the first visits' time
        # once this is taken away was their being first, not their being at once on shared cores.
        home_again = list(pool.map(lambda _: fetch(host + "/"), range(workers)))
    order = [(name, url) for name, urls in sets.items() if name != "home" for url in urls]
    rng.shuffle(order)
    first: dict[str, list] = {name: [] for name in sets}
    repeats: dict[str, list] = {name: [] for name in sets}
    first["home"] = cold_home
    repeats.setdefault("home", [])  # the workers' first home pages are measured whatever `--sets` says
    for name, url in order:
        first[name].append(fetch(host + url))
    for _ in range(repeat):
        rng.shuffle(order)
        for name, url in [("home", "/"), *order] if "home" in sets else order:
            repeats[name].append(fetch(host + url))
    return {
        "first": first,
        "repeat": repeats,
        "home_again_at_once": home_again,
        "load_before": load_before,
        "load_after": loads(),
    }


def measure_load(
    host: str, sets: dict[str, list[str]], users: int, seconds: float, think: float, seed: int
) -> dict:
    """`users` readers for `seconds`, each clicking a random query of the mix and thinking between."""
    names = [name for name in WEIGHTS if name in sets]
    weights = [WEIGHTS[name] for name in names]
    found: dict[str, list] = {name: [] for name in names}
    lock = threading.Lock()
    load_before = loads()
    stop = time.monotonic() + seconds

    def reader(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        time.sleep(rng.uniform(0, min(think, 1.0)))  # not all at the same instant
        while time.monotonic() < stop:
            name = rng.choices(names, weights)[0]
            timing = fetch(host + rng.choice(sets[name]))
            with lock:
                found[name].append(timing)
            if think:
                time.sleep(rng.uniform(think / 2, think * 1.5))

    started = time.monotonic()
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "users": users,
        "seconds": time.monotonic() - started,
        "timings": found,
        "load_before": load_before,
        "load_after": loads(),
    }


def report(results: dict) -> str:
    settings = results["postgres"]
    lines = [
        f"Articles: {results['articles']:,}; gunicorn workers: {results['workers']}; cache: "
        f"{results['cache']}; search cache seconds: {results['search_cache_seconds']}; seed {results['seed']}.",
        "PostgreSQL: " + ", ".join(f"{k} {v}" for k, v in settings.items()) + ".",
        f"Shared machine: {os.cpu_count()} cores, other sessions running; load average (1, 5, 15 min) "
        "given before and after each table.",
    ]
    if results.get("find_similar"):
        lines.append(f'"More like this": {results["find_similar"]}.')
    if "first" in results:
        first = results["first"]
        lines += [
            "",
            f"One request at a time, load average {first['load_before']} before, {first['load_after']} after:",
            "",
            "| set | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in first["first"]:
            label = "home (each worker's first visit)" if name == "home" else f"{name}, first request"
            lines.append(row(label, first["first"][name]))
            if name == "home" and "home_again_at_once" in first:
                lines.append(row("home, again as many at once", first["home_again_at_once"]))
            lines.append(row(f"{name}, repeats", first["repeat"][name]))
    for run in results.get("load", []):
        lines += [
            "",
            f"{run['users']} users, think {results['think']} s, {run['seconds']:.0f} s; load average "
            f"{run['load_before']} before, {run['load_after']} after:",
            "",
            "| set | requests | errors | requests/s | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        everything = []
        for name, timings in run["timings"].items():
            everything += timings
            lines.append(row(name, timings, run["seconds"]))
        lines.append(row("**all**", everything, run["seconds"]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--repeat", type=int, default=2, help="passes over the whole set after the first")
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=60, help="per number of users")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a reader's clicks")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--only", default="first,load", help="some of first,load")
    parser.add_argument("--label", default="", help="added to the JSON file's name")
    parser.add_argument(
        "--sets",
        default=",".join(WEIGHTS),
        help="the sets measured, some of " + ",".join(WEIGHTS) + " (e.g. home,article while the search "
        "index is still being built)",
    )
    parser.add_argument(
        "--find-similar",
        action="store_true",
        help='store "More like this" for the sampled articles first (manage.py find_similar IDS), as an '
        "archive has it once imports and the backlog command have run",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the archive to measure.")
    setup_django()
    from django.conf import settings
    from django.db import connection

    from articles.models import Article

    wanted = args.sets.split(",")
    sets = {name: urls for name, urls in draw_queries(args.seed).items() if name in wanted}
    results = {
        "command": " ".join(["python", *sys.argv]),
        "database": connection.settings_dict["NAME"],
        "articles": Article.objects.count(),
        "workers": args.workers,
        "seed": args.seed,
        "think": args.think,
        "cache": os.environ.get("CACHE_URL") or "each worker's memory",
        "search_cache_seconds": settings.SEARCH_CACHE_SECONDS,
        "postgres": postgres_settings(),
        "sets": sets,
    }
    if args.find_similar and "article" in sets:
        from articles.selectors.similar import find_similar

        ids = [int(url.split("/")[2]) for url in sets["article"]]
        started = time.perf_counter()
        find_similar(ids)
        seconds = time.perf_counter() - started
        results["find_similar"] = (
            f"stored for the {len(ids)} sampled articles first, {seconds / len(ids) * 1000:.0f} ms each"
        )
    from django.core.cache import cache

    cache.clear()  # a shared cache (CACHE_URL) would otherwise answer an earlier run's searches as "first"
    connection.close()
    steps = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="na-http-") as work:
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_hex(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(Path(work) / "static"),
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": str(args.workers),
            "PYTHON": sys.executable,
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=REPO,
            env=env,
            check=True,
        )
        with (Path(work) / "access.log").open("w") as log:
            server = subprocess.Popen(["bin/start"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        host = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{host}/healthz", server)
            print(f"gunicorn: {args.workers} workers on {host}", file=sys.stderr, flush=True)
            if "first" in steps:
                results["first"] = measure_first(host, sets, args.workers, args.repeat, args.seed)
            if "load" in steps:
                results["load"] = []
                for users in [int(n) for n in args.users.split(",")]:
                    print(f"{users} users ...", file=sys.stderr, flush=True)
                    results["load"].append(
                        measure_load(host, sets, users, args.seconds, args.think, args.seed)
                    )
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = report(results)
    print(text)
    folder = REPO / "bench" / "data"
    folder.mkdir(exist_ok=True)
    # A SQLite database's NAME is a path: its file name without folders or suffix names the results.
    database = Path(str(results["database"])).stem
    name = f"http-{database}{'-' + args.label if args.label else ''}.json"
    (folder / name).write_text(json.dumps({**results, "report": text}, indent=1))


if __name__ == "__main__":
    main()
