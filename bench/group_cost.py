"""Where grouping's import time goes: each step of articles/ingest/stories.py and story_store.py timed.

    .venv/bin/python bench/group_cost.py /tmp/gen10k.jsonl --db sqlite
    .venv/bin/python bench/group_cost.py /tmp/gen10k.jsonl --db postgres --name na_<you>
    .venv/bin/python bench/group_cost.py /tmp/gen10k.jsonl --db postgres --name na_<you> --archive /tmp/gen100k.jsonl
    .venv/bin/python bench/group_cost.py /tmp/gen10k.jsonl --db sqlite --dump /tmp/after.txt   # to diff two versions

Imports the file once (tagging off, so the band keys are computed in this process) into a fresh
database (a temporary SQLite file, or the PostgreSQL database `--name`, dropped and created again)
and prints the importer's CPU seconds and each grouping step's (`time.process_time` around the
functions; steps nest: `place` holds `band_keys`, `_candidates` and `_best`, `_best` holds `_compare`).
`--archive` first imports another file, untimed, then runs VACUUM ANALYZE (what autovacuum does soon
after a large import) so that the file's candidates are looked up in an archive of that size.
`--dump` writes every article's story, role and copied article, every story's summary and a digest of
the band rows, to check that two versions of the code group a file identically. Results go into
docs/benchmarks.md by hand, with this command.
"""

import argparse
import functools
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
STEPS = {
    "stories": ["place_items", "finish_items", "place", "_candidates", "_bands_of", "_best", "_best_within",
                "_compare", "band_keys", "_name_new_stories"],
    "story_store": ["create_stories", "point_copies", "file_bands", "refresh_stories"],
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--name", default="newsarchive_bench", help="the PostgreSQL database to drop and create"
    )
    parser.add_argument(
        "--no-group", dest="group", action="store_false", help="without grouping into stories"
    )
    parser.add_argument("--archive", type=Path, help="a file imported first, untimed")
    parser.add_argument("--dump", type=Path, help="write what the import grouped to this file")
    args = parser.parse_args()

    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = (
            f"sqlite:///{tempfile.mkdtemp(prefix='newsarchive-bench-')}/bench.sqlite3"
        )
    else:
        for sql in (f"DROP DATABASE IF EXISTS {args.name}", f"CREATE DATABASE {args.name}"):
            subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.name}"
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.importers.containers import iter_documents
    from articles.ingest import import_documents, stories, story_store

    call_command("migrate", verbosity=0)
    if args.archive:
        report = import_documents(iter_documents([args.archive]), via="bench", tag=False)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"archive: {report.summary()}")
    spent, calls, rows_read, per_key = defaultdict(float), defaultdict(int), [0], Counter()
    if args.group:
        for module, names in ((stories, STEPS["stories"]), (story_store, STEPS["story_store"])):
            for name in names:
                setattr(module, name, _timed(getattr(module, name), name, spent, calls))
        looked_up = stories._bands_of

        def counted(keys):
            found = looked_up(keys)
            rows_read[0] += len(found)
            read = Counter(key for key, _ in found)
            per_key.update(read[key] for key in keys)
            return found

        stories._bands_of = counted
    else:
        import import_rate

        import_rate._without_grouping()
    started, cpu = time.perf_counter(), time.process_time()
    report = import_documents(iter_documents([args.path]), via="bench", tag=False)
    print(
        f"{args.db} {'grouping on' if args.group else 'grouping off'}: {report.summary()}; "
        f"wall {time.perf_counter() - started:.1f} s, importer CPU {time.process_time() - cpu:.2f} s, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    if args.group:
        print(f"  band rows read by the look-ups: {rows_read[0]:,}")
        _resemblance(report.total, per_key, calls["_compare"])
    for name, seconds in spent.items():
        print(f"  {name:18} {seconds:6.2f} s CPU  ({calls[name]:,} calls)")
    if args.dump:
        _dump(args.dump)


def _resemblance(articles: int, per_key: Counter, compared: int) -> None:
    """What makes grouping's cost, an article at a time: how many archived articles each looked-up band
    key finds (its bucket, at most KEY_ROWS read), how many candidates are compared, and how many
    articles join an earlier one's story: the numbers to hold a generated file against real news."""
    from articles.ingest.stories import KEY_ROWS
    from articles.models import Article

    keys = sum(per_key.values())
    rows = sum(size * n for size, n in per_key.items())
    roles = Counter(Article.objects.values_list("story_role", flat=True))
    joined = roles["copy"] + roles["version"]
    shares = ", ".join(
        f"{label} {sum(n for size, n in per_key.items() if test(size)) / max(keys, 1):.1%}"
        for label, test in (("0", lambda s: s == 0), ("1", lambda s: s == 1), ("2-7", lambda s: 2 <= s < 8),
                            (f"{KEY_ROWS}+", lambda s: s >= (KEY_ROWS or 8)))
    )  # fmt: skip
    print(
        f"  per article: {keys / max(articles, 1):.1f} keys looked up, {rows / max(articles, 1):.2f} band "
        f"rows read ({rows / max(keys, 1):.3f} a key; keys finding {shares}), "
        f"{compared / max(articles, 1):.2f} comparisons; joined a story {joined / max(articles, 1):.2%} "
        f"({roles['copy']:,} copies, {roles['version']:,} versions)"
    )
    sizes = Counter(Article.objects.exclude(story=None).values_list("story", flat=True)).values()
    print(f"  story sizes (2+): {sorted(Counter(n for n in sizes if n > 1).items())}")


def _timed(function, name, spent, calls):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started
            calls[name] += 1

    return timed


def _dump(path: Path) -> None:
    from articles.models import Article, Story, StoryBand

    external = dict(Article.objects.values_list("pk", "external_id"))
    digest = hashlib.sha1()
    for row in StoryBand.objects.order_by("article__external_id", "key").values_list(
        "article__external_id", "key"
    ):
        digest.update(repr(row).encode())
    with path.open("w") as out:
        articles = Article.objects.order_by("external_id")
        for external_id, key, role, copied in articles.values_list(
            "external_id", "story__key", "story_role", "duplicate_of_id"
        ):
            print(external_id, key, role, external.get(copied), file=out)
        for row in Story.objects.order_by("key").values_list(
            "key", "article_count", "copy_count", "version_count", "first_published_at", "last_published_at",
            "headline",
        ):  # fmt: skip
            print(*row, file=out)
        print("band rows", StoryBand.objects.count(), digest.hexdigest(), file=out)


if __name__ == "__main__":
    main()
