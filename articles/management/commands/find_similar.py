"""`python manage.py find_similar`: find and store "More like this" for articles that have none yet (a
thin wrapper on articles.selectors.similar), and count the home page's figures again."""

import time

from django.core.management.base import BaseCommand

from articles.models import Article, SimilarArticles
from articles.selectors.overview import refresh_overviews
from articles.selectors.similar import find_similar

CHUNK = 500


class Command(BaseCommand):
    help = (
        'Find and store "More like this" for the articles that have none (imported before it was kept, '
        "or whose task has not run), newest first, and count the home page's figures again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="find them again for every article")
        parser.add_argument("--limit", type=int, help="at most this many articles")
        parser.add_argument("ids", nargs="*", type=int, help="only these articles (found again)")

    def handle(self, *args, ids, all=False, limit=None, **options):
        started = time.monotonic()
        refresh_overviews()
        self.stdout.write(f"Home page counted again in {time.monotonic() - started:.1f} s.")
        articles = Article.objects.all()
        if ids:
            articles = articles.filter(pk__in=ids)
        elif not all:
            articles = articles.exclude(pk__in=SimilarArticles.objects.values("article_id"))
        wanted = list(articles.order_by("-published_at", "-pk").values_list("pk", flat=True)[:limit])
        started, done = time.monotonic(), 0
        for start in range(0, len(wanted), CHUNK):
            done += find_similar(wanted[start : start + CHUNK])
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"{done:,} of {len(wanted):,} articles ({rate:,.1f}/s)")
        self.stdout.write(f'"More like this" stored for {done:,} {"article" if done == 1 else "articles"}.')
