"""Load the bundled demo archive (demo/) into an empty database; `make run` calls this."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.ingest import import_documents
from articles.models import Article

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
DEMO_FILES = ["000_de03b18f589e2f63.txt", "wikinews.jsonl.gz"]


class Command(BaseCommand):
    help = "Load the demo archive (a scraped page and 293 Wikinews articles) when the archive is empty."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even when the archive has articles")

    def handle(self, *args, force=False, **options):
        if Article.objects.exists() and not force:
            self.stdout.write("The archive already has articles; the demo was not loaded.")
            return
        paths = [DEMO_DIR / name for name in DEMO_FILES]
        report = import_documents(paths, via="demo", files=[p.name for p in paths])
        self.stdout.write(f"Demo archive loaded: {report.summary()}")
