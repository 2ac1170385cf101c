"""`python manage.py import_articles PATH...`: a thin wrapper around articles.ingest."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import FORMATS
from articles.ingest import ImportReport, import_documents
from articles.ingest.edits import KEPT_NOTE
from articles.management.progress import ProgressLine
from articles.selectors.overview import refresh_overviews
from articles.tasks import after_import

FAILURES_SHOWN = 50


class ProgressBar(ProgressLine):
    def __call__(self, done: int, total: int, report: ImportReport) -> None:
        if not self.due(done, total):
            return
        counts = f"{report.read:,} articles read ({self.rate(report.read):,.0f}/s) · {report.failed:,} failed"
        files = f"{done:,}/{total:,} files" if total else f"{done:,} files"
        self.show(
            f"{self.bar(done, total)} {files} · {counts}{self.left(done, total)}"
            if total
            else f"{files} · {counts}"
        )


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
        # An editor's changes a re-import kept are said here too, not only in the admin's report.
        kept = [item for item in report.items if KEPT_NOTE in item.message]
        for item in kept[:FAILURES_SHOWN]:
            self.stdout.write(f"{item.name}: {item.message}")
        if len(kept) > FAILURES_SHOWN:
            self.stdout.write(
                f"... and {len(kept) - FAILURES_SHOWN} more articles that kept editors' changes"
            )
        if report.batch:
            # The home page's counts now, so they are right even with no worker running; each new
            # article's "More like this" by the task worker.
            refresh_overviews()
            after_import(report.batch.pk)
            self.stdout.write(
                f"Import batch #{report.batch.pk}; duplicates of earlier articles: {report.duplicates}"
            )
        else:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} item(s) failed", returncode=1)
