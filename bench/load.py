"""The load test: locust's readers against bin/start (gunicorn, DEBUG off) on PostgreSQL, loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_load .venv/bin/python bench/load.py \
        --import ../shared/corpus/reuters21578-train.jsonl.gz      # first time: an empty database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_load .venv/bin/python bench/load.py

1. picks the URL mix from the database (DATABASE_URL; `--import FILE` imports into it first, through
   `manage.py import_articles`): the home page, searches by words, searches with filters, article pages,
   topic and place pages, date archive days and JSON/CSV exports of searches, every one a real page;
2. collects static files with DEBUG off into a temporary folder and starts bin/start on a free port of
   127.0.0.1 with `--workers` gunicorn workers;
3. runs locust headless from bench/.venv (`make bench-deps`): `--users` readers for `--seconds`, each
   thinking about `--think` seconds between clicks (0: as fast as the server answers);
4. prints a markdown table per kind of page and in all: requests, failures, requests/s, p50/p95/p99, and
   the server errors (5xx) in gunicorn's access log; stops gunicorn.

Not part of CI: a run takes a minute and both cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
LOCUST = REPO / "bench" / ".venv" / "bin" / "locust"
WORDS = [
    "oil", "wheat", "coffee", "gold", "dollar", "interest rates", '"trade deficit"', "bank loans",
    "crude -opec", "merger OR acquisition", "sugar exports", "money supply", "strike", "earnings",
    "grain shipments", "yen", "tax", "copper prices", "bundesbank", "shipping",
]  # fmt: skip


def pick_urls(seed: int = 6) -> dict[str, list[str]]:
    """Real URLs of each kind, from the database in DATABASE_URL."""
    import django

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    django.setup()
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from articles.models import Article, Place, Topic

    rng = random.Random(seed)
    articles = list(Article.objects.published().filter(duplicate_of__isnull=True).order_by("pk"))
    if not articles:
        raise SystemExit("The database has no articles: add --import FILE.")
    topics = list(Topic.objects.annotate(n=Count("article_tags")).filter(n__gt=0).order_by("-n")[:20])
    places = list(Place.objects.annotate(n=Count("article_tags")).filter(n__gt=0).order_by("-n")[:40])
    days = sorted({timezone.localtime(a.published_at).date() for a in articles if a.published_at})
    years = sorted({day.year for day in days})
    search = reverse("articles:search")

    def searched(**params) -> str:
        return f"{search}?{urlencode(params, doseq=True)}"

    filtered = []
    for _ in range(60):
        params = {"q": rng.choice(WORDS)} if rng.random() < 0.6 else {}
        kind = rng.choice(["topic", "place", "date", "topic+place"])
        if "topic" in kind:
            params["topic"] = rng.choice(topics).slug
        if "place" in kind:
            params["place"] = rng.choice(places).slug
        if kind == "date":
            day = rng.choice(days)
            params["date_from"], params["date_to"] = f"{day:%Y-%m}", f"{day:%Y-%m}"
        params["sort"] = rng.choice(["relevance", "newest", "oldest"])
        filtered.append(searched(**params))
    return {
        "home": ["/"],
        "search words": [searched(q=word) for word in WORDS],
        "search with filters": filtered,
        "article": [a.get_absolute_url() for a in rng.sample(articles, min(300, len(articles)))],
        "topic or place": [t.get_absolute_url() for t in topics] + [p.get_absolute_url() for p in places],
        "date archive": [
            reverse("articles:archive_day", args=[d.year, d.month, d.day])
            for d in rng.sample(days, min(40, len(days)))
        ]
        + [reverse("articles:archive_year", args=[y]) for y in years],
        "export": [searched(q=word, format="json") for word in WORDS]
        + [searched(q=word, topic=rng.choice(topics).slug, format="csv") for word in WORDS[:8]],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: int = 120) -> None:
    for _ in range(seconds):
        if server.poll() is not None:
            raise SystemExit("bin/start exited; see its log above.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"{url} did not answer within {seconds} s.")


def percentile(response_times: dict[str, int], fraction: float) -> int:
    """locust's way: the smallest (rounded) response time with at least `fraction` of requests at or below."""
    times = sorted((float(ms), n) for ms, n in response_times.items())
    wanted, seen = fraction * sum(n for _, n in times), 0
    for ms, n in times:
        seen += n
        if seen >= wanted:
            return round(ms)
    return 0


def summary(stats_json: Path, access_log: Path, *, seconds: int) -> str:
    """A markdown table per kind of page and in all, from locust's final stats."""
    kinds = json.loads(stats_json.read_text())
    everything = {"name": "**all**", "num_requests": 0, "num_failures": 0, "response_times": {}}
    for kind in kinds:
        everything["num_requests"] += kind["num_requests"]
        everything["num_failures"] += kind["num_failures"]
        for ms, n in kind["response_times"].items():
            everything["response_times"][ms] = everything["response_times"].get(ms, 0) + n
    server_errors = sum(1 for line in access_log.open() if re.search(r'" 5\d\d ', line))
    lines = [
        "| page | requests | failures | requests/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*sorted(kinds, key=lambda k: k["name"]), everything]:
        times = kind["response_times"]
        lines.append(
            f"| {kind['name']} | {kind['num_requests']:,} | {kind['num_failures']} | "
            f"{kind['num_requests'] / seconds:.1f} | {percentile(times, 0.5)} | {percentile(times, 0.95)} | "
            f"{percentile(times, 0.99)} |"
        )
    lines.append(f"\nServer errors (5xx) in gunicorn's access log: {server_errors}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--import", dest="import_file", help="import this file into the database first")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a reader's clicks")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database (the load test is for production's engine)."
        )
    if not LOCUST.exists():
        raise SystemExit("locust is missing: make bench-deps")
    python = sys.executable
    if args.import_file:
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, check=True)
        subprocess.run([python, "manage.py", "import_articles", args.import_file], cwd=REPO)
    urls = pick_urls()

    with tempfile.TemporaryDirectory(prefix="na-load-") as work:
        work = Path(work)
        (work / "urls.json").write_text(json.dumps(urls, indent=1))
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_hex(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "STATIC_ROOT": str(work / "static"),
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": str(args.workers),
            "PYTHON": python,
        }
        env.pop("DATABASE_REPLICA_URLS", None)
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True
        )
        access_log = work / "access.log"
        with access_log.open("w") as log:
            server = subprocess.Popen(["bin/start"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            host = f"http://127.0.0.1:{port}"
            wait_until_up(f"{host}/healthz", server)
            print(
                f"gunicorn: {args.workers} workers on {host}; {args.users} users for {args.seconds} s",
                flush=True,
            )
            subprocess.run(
                [
                    str(LOCUST), "-f", str(REPO / "bench" / "locustfile.py"), "--headless", "--only-summary",
                    "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s", "--host", host,
                    "--json-file", str(work / "stats"), "--stop-timeout", "10",
                ],
                env={**os.environ, "LOAD_URLS": str(work / "urls.json"), "LOAD_THINK": str(args.think)},
                check=False,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
        print()
        print(summary(work / "stats.json", access_log, seconds=args.seconds))


if __name__ == "__main__":
    main()
