"""Read replicas: reads go to a replica, writes and migrations to `default`.

Installed only when DATABASE_REPLICA_URLS names replicas (settings.py adds them as `replica_1`,
`replica_2`, ...). Two kinds of read stay on `default`, because a replica may lag behind it:

- reads inside a transaction on `default` (an import, an admin save), so a write is read back at once;
- sessions and users, so signing in takes effect on the very next request;
- the task queue and import batches, which web and worker processes use to talk to each other (a
  worker looking for a batch just queued, an import checking whether it was cancelled).

Everything else (the public archive: search, browse, exports) may be a moment behind a write.
"""

import random

from django.conf import settings
from django.db import connections

PRIMARY = "default"
# Apps and models whose rows must be read as just written: a lagging replica would sign a user out,
# or have a worker skip an import queued a moment ago.
PRIMARY_APPS = frozenset({"sessions", "auth", "django_tasks_database"})  # the last: django-tasks-db's queue
PRIMARY_MODELS = frozenset({"articles.ImportBatch", "articles.ImportItem"})


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def writing_on_primary() -> bool:
    """True inside the app's own transaction on `default`.

    Django's TestCase wraps each test in atomic blocks it marks `_from_testcase`; they are not the
    app's writes, so they do not count (Django's own durable-atomic check skips them the same way).
    """
    connection = connections[PRIMARY]
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


class ReplicaRouter:
    def __init__(self):
        self.replicas = replica_aliases()

    def db_for_read(self, model, **hints):
        if (
            not self.replicas
            or model._meta.app_label in PRIMARY_APPS
            or model._meta.label in PRIMARY_MODELS
            or writing_on_primary()
        ):
            return PRIMARY
        return random.choice(self.replicas)

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data, so an object read from a replica may point at one from default.
        databases = {PRIMARY, *self.replicas}
        return obj1._state.db in databases and obj2._state.db in databases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
