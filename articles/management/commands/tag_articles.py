"""`python manage.py tag_articles`: tag articles with topics and places (a thin wrapper on enrich)."""

from django.core.management.base import BaseCommand

from articles.enrich.service import tag_queryset
from articles.models import Article, ArticlePlace, ArticleTopic


class Command(BaseCommand):
    help = (
        "Tag articles with topics and places by the current rules and gazetteer. Only automatic tags are "
        "replaced; editors' and imported tags stay. Without --all, only articles with no automatic tag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="re-tag every article (after rules change)")

    def handle(self, *args, all=False, **options):
        queryset = Article.objects.all()
        if not all:
            tagged = (
                ArticleTopic.objects.filter(origin="automatic")
                .values("article_id")
                .union(ArticlePlace.objects.filter(origin="automatic").values("article_id"))
            )
            queryset = queryset.exclude(pk__in=tagged)
        report = tag_queryset(queryset)
        self.stdout.write(report.summary())
