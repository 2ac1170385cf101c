"""`python manage.py group_stories [--all]`: put archived articles into stories (a thin wrapper)."""

import sys

from django.core.management.base import BaseCommand

from articles.ingest.regroup import group_stories
from articles.management.progress import ProgressLine


class ProgressBar(ProgressLine):
    def __call__(self, done: int, total: int) -> None:
        if self.due(done, total):
            self.show(f"{self.bar(done, total)} {done:,}/{total:,} articles ({self.rate(done):,.0f}/s)")


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
