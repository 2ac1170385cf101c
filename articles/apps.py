from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News archive"

    def ready(self):
        if any("postgresql" in database["ENGINE"] for database in settings.DATABASES.values()):
            # psycopg is imported only where it is used (an SQLite install may not have it).
            from newsarchive.postgres import use_clamped_loaders

            connection_created.connect(use_clamped_loaders, dispatch_uid="newsarchive-clamped-loaders")
