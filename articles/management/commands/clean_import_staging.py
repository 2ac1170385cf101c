"""`python manage.py clean_import_staging`: remove admin uploads never confirmed nor cancelled."""

from django.core.management.base import BaseCommand, CommandError

from articles.staging import STALE_AFTER, Staging, staging_root


class Command(BaseCommand):
    help = (
        "Remove admin uploads waiting in the staging folder (IMPORT_STAGING_DIR) that nobody confirmed "
        "nor cancelled. Uploads and previews already do this for uploads older than a day; run it from "
        "cron to keep the folder small between them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=STALE_AFTER / 3600,
            metavar="HOURS",
            help=f"remove uploads untouched for this many hours (default {STALE_AFTER // 3600})",
        )

    def handle(self, *args, older_than: float, **options):
        if not older_than >= 0:  # also refuses nan
            raise CommandError("--older-than takes a number of hours, 0 or more")
        removed = Staging.clean_stale(older_than * 3600)
        self.stdout.write(
            f"Removed {removed} abandoned upload{'s' if removed != 1 else ''} from {staging_root()}."
        )
