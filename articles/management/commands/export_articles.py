"""`python manage.py export_articles`: the archive as JSON Lines (the import schema), CSV, RIS or BibTeX."""

import os
import sys

from django.core.management.base import BaseCommand

from articles.exporting import iter_bibtex, iter_csv, iter_jsonl, iter_ris
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write every article as JSON Lines (the schema import_articles reads), as CSV, or as RIS or BibTeX "
        "for a reference manager."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv", "ris", "bibtex"], default="jsonl")
        parser.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")
        parser.add_argument(
            "--site-url",
            default="",
            help="the archive's address, e.g. https://news.example.org, which begins each archive "
            "address in CSV, RIS and BibTeX (default: the page's path alone)",
        )

    def handle(self, *args, format, output, site_url, **options):
        queryset = Article.objects.order_by("pk")
        writers = {"csv": iter_csv, "ris": iter_ris, "bibtex": iter_bibtex}
        if format == "jsonl":
            lines = iter_jsonl(queryset)
        else:
            lines = writers[format](queryset, site_url=site_url.rstrip("/"))
        if output == "-":
            self._write_to_stdout(lines)
        else:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = self._write(lines, stream)
            rows = count - 1 if format == "csv" else count
            self.stderr.write(f"Wrote {rows} articles to {output}")

    def _write_to_stdout(self, lines) -> None:
        try:
            self._write(lines, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (`export_articles | head`): nothing is lost, so stop quietly. Standard
            # output is pointed at /dev/null so the interpreter's own flush at exit raises no second error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            raise SystemExit(1) from None

    @staticmethod
    def _write(lines, stream) -> int:
        count = 0
        for line in lines:
            stream.write(line)
            count += 1
        return count
