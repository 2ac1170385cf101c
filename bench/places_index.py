"""The places index over HTTP: gunicorn (one worker, DEBUG off) on a generated PostgreSQL archive, each
URL's first request (nothing cached) apart from its repeats.

    .venv/bin/python bench/generate.py --scale 100000 --db postgres --name na_places_scale2
    .venv/bin/python bench/places_index.py --db na_places_scale2 --repeat 5 [--repo /path/to/other/checkout]

`--repo` serves another checkout (the code before a change) against the same database. Its URLs are the
index, the index with passing mentions, the country with most articles (its page and its list of places
within), and a name prefix; a URL the served code does not have is reported as its status code. The
worker is warmed on /healthz first, so the first request of a URL is that URL's own cost.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, float, int]:
    """Status, seconds to the last byte, bytes."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, time.perf_counter() - started, len(body)


def top_country(database_url: str) -> str:
    """The slug of the country most articles are tagged with (asked of the database straight)."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        row = conn.execute(
            "SELECT p.slug FROM articles_articleplace t JOIN articles_place p ON p.id = t.place_id "
            "WHERE p.kind = 'country' GROUP BY p.slug ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()
    return row[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL database on 127.0.0.1 (bench/generate.py)")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to serve (default: this one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    database_url = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    country = top_country(database_url)
    urls = [
        "/places/",
        "/places/?places=all",
        "/places/?name=san",
        f"/places/{country}/within/",
        f"/places/{country}/",
    ]
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="places-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(work / "static"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_CMD_ARGS": "--timeout 300",
        "PYTHON": sys.executable,
    }
    env.pop("DATABASE_REPLICA_URLS", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=args.repo, env=env
    )
    log = (work / "server.log").open("w")
    server = subprocess.Popen(["bin/start"], cwd=args.repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    host = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if fetch(host + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        print(f"{args.repo} on {args.db}; load average {os.getloadavg()[0]:.1f}")
        print("| URL | status | first s | repeats s (median, min-max) | KB |")
        print("|---|---:|---:|---:|---:|")
        for url in urls:
            status, first, size = fetch(host + url)
            repeats = [fetch(host + url)[1] for _ in range(args.repeat)]
            spread = f"{statistics.median(repeats):.2f} ({min(repeats):.2f}-{max(repeats):.2f})"
            print(f"| `{url}` | {status} | {first:.2f} | {spread} | {size // 1024:,} |", flush=True)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
