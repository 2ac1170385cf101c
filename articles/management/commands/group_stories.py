"""`python manage.py group_stories [--all]`: put archived articles into stories (a thin wrapper)."""

import sys
import time

from django.core.management.base import BaseCommand

from articles.ingest.regroup import group_stories


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the output is a file or a pipe."""

    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled = stream, enabled
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done != total):
            return
        self.last = now
        rate = done / max(now - self.started, 1e-6)
        filled = int(30 * done / total) if total else 30
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} articles ({rate:,.0f}/s)\033[K"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Group archived articles into stories by their text (copies and versions of one wire story). "
        "Without --all, only articles never compared (imported before stories existed); with --all, "
        "every article again. Editors' decisions (split, merge) are kept either way."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="regroup every article (after the comparison changed)"
        )

    def handle(self, *args, all=False, **options):
        progress = ProgressBar(self.stderr._out, enabled=sys.stderr.isatty() and options["verbosity"] > 0)
        try:
            done = group_stories(everything=all, progress=progress)
        finally:
            progress.close()
        self.stdout.write(f"Grouped {done:,} articles into stories.")
