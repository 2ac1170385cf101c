"""Import throughput: articles per second for one file into a fresh database.

    .venv/bin/python bench/import_rate.py ../shared/corpus/reuters21578-train.jsonl.gz --db sqlite
    .venv/bin/python bench/import_rate.py ../shared/corpus/reuters21578-train.jsonl.gz --db postgres

Each run migrates an empty database (a temporary SQLite file, or `--sqlite FILE`, or a PostgreSQL
database `newsarchive_bench` on 127.0.0.1, or `--name`, that is dropped and created again), imports the
file twice through the same service the command uses, and prints the rate of the first (creating) and
second (everything unchanged) pass (`--once`: the first only). `--again` imports once into the database as it is (no drop, no
migration): an unchanged re-import, to repeat on one archive. Automatic topic and place tagging is on,
as in the command; `--no-tag` leaves it out; `--no-group` leaves out grouping into stories (articles
are written with no story, as before issue 13), to measure what grouping costs; `--profile FILE`
profiles the first pass in the importer's CPU time (cProfile; read it with `python -m pstats FILE`).
`--dump FILE` writes, after both passes, every article with its story and automatic tags (and
`group_cost.py`'s dump of the stories) and each pass's report, to check with `cmp` that two versions of
the code import a file identically; `--parser-version V` hashes records with V as the parser's version
(a change to `articles/importers/` changes it, and so every record's hash). Results go into
docs/benchmarks.md by hand, with this command.
"""

import argparse
import cProfile
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-tag", dest="tag", action="store_false", help="without automatic tagging")
    parser.add_argument(
        "--no-group", dest="group", action="store_false", help="without grouping into stories"
    )
    parser.add_argument(
        "--name", default="newsarchive_bench", help="the PostgreSQL database to drop and create"
    )
    parser.add_argument(
        "--profile", type=Path, help="write the first pass's cProfile (importer CPU time) to this file"
    )
    parser.add_argument("--dump", type=Path, help="write the articles, tags and stories to this file")
    parser.add_argument("--sqlite", type=Path, help="the SQLite database file (default: a new temporary one)")
    parser.add_argument(
        "--again",
        action="store_true",
        help="import into the database as it is (not dropped, not migrated), once: an unchanged re-import",
    )
    parser.add_argument(
        "--once", action="store_true", help="the first (creating) pass only, without the unchanged second"
    )
    parser.add_argument(
        "--parser-version",
        help="hash records with this parser version (fields.PARSER_VERSION), to compare two versions' dumps",
    )
    args = parser.parse_args()

    if args.db == "sqlite":
        path = args.sqlite or Path(tempfile.mkdtemp(prefix="newsarchive-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
        print(f"database {path}")
    elif args.again:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.name}"
    else:
        for sql in (f"DROP DATABASE IF EXISTS {args.name}", f"CREATE DATABASE {args.name}"):
            subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.name}"

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.importers.containers import iter_documents
    from articles.ingest import import_documents

    if not args.again:
        call_command("migrate", verbosity=0)
    if args.parser_version:
        from articles.ingest import fields

        fields.PARSER_VERSION = args.parser_version
    if not args.group:
        _without_grouping()
    reports = []
    labels = ["import again"] if args.again else ["first import", "second import (unchanged)"]
    for label in labels[:1] if args.once else labels:
        profile = cProfile.Profile(time.process_time) if args.profile else None
        started, cpu = time.perf_counter(), _cpu_seconds()
        if profile:
            profile.enable()
        report = import_documents(iter_documents([args.path]), via="bench", tag=args.tag)
        if profile:
            profile.disable()
            profile.dump_stats(args.profile)
            args.profile = None  # the first pass only
        seconds = time.perf_counter() - started
        reports.append(report)
        own, workers = (after - before for after, before in zip(_cpu_seconds(), cpu, strict=True))
        print(
            f"{args.db:8} {label:26} {report.total:7,} articles in {seconds:6.1f} s = "
            f"{report.total / seconds:7,.0f} articles/s  ({report.summary()}); "
            f"CPU s: importer {own:.1f}, tagging workers {workers:.1f}; load {os.getloadavg()[0]:.1f}"
        )
    if args.dump:
        _dump(args.dump, reports)


def _dump(path: Path, reports: list) -> None:
    """Every article's fields that an import decides, its tags, the stories (group_cost's dump), and
    each pass's report: its counts, its listed items and the rows its batch stored."""
    import group_cost

    from articles.models import Article, ArticlePlace, ArticleTopic, ImportItem

    group_cost._dump(path)
    with path.open("a") as out:
        for row in Article.objects.order_by("external_id").values_list(
            "external_id", "record_hash", "title", "published_at", "source__name", "word_count", "fingerprint"
        ):
            print(*row, file=out)
        topics = ArticleTopic.objects.values_list(
            "article__external_id", "topic__slug", "origin", "score", "evidence"
        )
        places = ArticlePlace.objects.values_list(
            "article__external_id", "place__slug", "origin", "role", "score", "count", "evidence"
        )
        for row in sorted(topics.iterator()):
            print("topic", *row, file=out)
        for row in sorted(places.iterator()):
            print("place", *row, file=out)
        for number, report in enumerate(reports, 1):
            print("report", number, report.summary(), report.duplicates, report.items_left_out, file=out)
            for item in report.items:
                print(
                    "item",
                    number,
                    item.name,
                    item.status,
                    item.title,
                    item.message,
                    item.warnings,
                    item.article_id,
                    item.details,
                    sep="\t",
                    file=out,
                )
            rows = ImportItem.objects.filter(batch=report.batch).order_by("id")
            for row in rows.values_list("name", "status", "article_id", "message", "warnings", "previous"):
                print("row", number, *row, sep="\t", file=out)


def _without_grouping() -> None:
    """Articles written with no story and no band keys: the import as it was before stories."""
    from articles.ingest import stories

    def place_items(items) -> None:
        for item in items:
            item.placed = None
            item.fields.update(story_id=None, story_role="", duplicate_of_id=None)

    stories.place_items = place_items
    stories.finish_items = lambda items: None


def _cpu_seconds() -> tuple[float, float]:
    """CPU time of this process and of its ended children (the import's tagging workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
