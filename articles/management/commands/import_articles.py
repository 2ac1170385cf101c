"""`python manage.py import_articles PATH...`: a thin wrapper around articles.ingest."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import FORMATS
from articles.ingest import ImportReport, import_documents
from articles.tasks import after_import

FAILURES_SHOWN = 50


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the output is a file or a pipe."""

    def __init__(self, stream, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int, report: ImportReport) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done != total):
            return
        self.last = now
        rate = report.read / max(now - self.started, 1e-6)
        counts = f"{report.read:,} articles read ({rate:,.0f}/s) · {report.failed:,} failed"
        if total:
            width = 30
            filled = int(width * done / total)
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} files · {counts}"
        else:
            line = f"{done:,} files · {counts}"
        self.stream.write(f"\r{line}\033[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Import news articles from page-text files, JSON Lines or JSON files, folders (recursively), "
        ".zip or .gz archives. Importing the same files again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="input format (default: recognised from content)",
        )
        parser.add_argument("--source", default="", help="source name for articles that do not name one")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
        parser.add_argument(
            "--no-tag",
            dest="tag",
            action="store_false",
            help="do not tag topics and places now (run tag_articles later)",
        )

    def handle(self, *args, paths, format, source, dry_run, tag, **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        progress = ProgressBar(self.stderr._out, enabled=sys.stderr.isatty() and options["verbosity"] > 0)
        report = import_documents(
            paths,
            format=format,
            default_source=source,
            dry_run=dry_run,
            via="command",
            progress=progress,
            tag=tag,
        )
        progress.close()
        failures = [item for item in report.items if item.status == "failed"]
        for item in failures[:FAILURES_SHOWN]:
            self.stderr.write(f"failed: {item.name}: {item.message}")
        if len(failures) > FAILURES_SHOWN:
            self.stderr.write(f"... and {len(failures) - FAILURES_SHOWN} more failures")
        if report.batch:
            # The home page's counts and each new article's "More like this", by the task worker.
            after_import(report.batch.pk)
            self.stdout.write(
                f"Import batch #{report.batch.pk}; duplicates of earlier articles: {report.duplicates}"
            )
        else:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} item(s) failed", returncode=1)
