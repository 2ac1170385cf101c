"""Read replicas: the router sends reads to a replica and writes to default, and the archive works so.

The router's rules are checked on any engine. The end-to-end tests need PostgreSQL with
DATABASE_REPLICA_URLS set (CI's PostgreSQL run sets it; `replica_1` then mirrors the test database).
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.urls import reverse

from articles.fulltext import search
from articles.models import Article
from articles.tests.conftest import REPO
from articles.tests.factories import make_article, make_topic
from newsarchive.routers import ReplicaRouter

needs_replica = pytest.mark.skipif(
    connection.vendor != "postgresql" or "replica_1" not in settings.DATABASES,
    reason="needs PostgreSQL with DATABASE_REPLICA_URLS set (CI's PostgreSQL run sets it)",
)


@pytest.fixture
def router():
    router = ReplicaRouter()
    router.replicas = ["replica_1", "replica_2"]
    return router


def test_reads_go_to_a_replica_and_writes_to_default(router):
    assert {router.db_for_read(Article) for _ in range(200)} == {"replica_1", "replica_2"}
    assert router.db_for_write(Article) == "default"


@pytest.mark.django_db
def test_reads_inside_a_write_transaction_go_to_default(router):
    with transaction.atomic():
        assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Article) in {"replica_1", "replica_2"}


def test_sessions_and_users_are_read_from_default(router):
    assert router.db_for_read(Session) == "default"
    assert router.db_for_read(User) == "default"


def test_the_task_queue_and_import_batches_are_read_from_default(router):
    # The web process queues a batch and the worker looks for it at once: a lagging replica would miss it.
    from django_tasks_db.models import DBTaskResult

    from articles.models import ImportBatch, ImportItem

    assert {router.db_for_read(model) for model in (DBTaskResult, ImportBatch, ImportItem)} == {"default"}


def test_migrations_run_on_default_only(router):
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica_1", "articles")


def test_without_replicas_everything_is_default():
    router = ReplicaRouter()
    router.replicas = []
    assert router.db_for_read(Article) == "default"


@pytest.mark.parametrize(
    ("default", "replica"),
    [
        ("sqlite:///archive.sqlite3", "postgres://db-replica/archive"),
        ("postgres://db/archive", "sqlite:///replica.sqlite3"),
    ],
)
def test_replicas_are_refused_unless_everything_is_postgresql(default, replica):
    env = {**os.environ, "DATABASE_URL": default, "DATABASE_REPLICA_URLS": replica}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsarchive.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS needs PostgreSQL" in result.stderr


@needs_replica
@pytest.mark.django_db
def test_the_archive_reads_from_the_replica_and_writes_to_default():
    article = make_article("Replica lag explained")
    assert article._state.db == "default"
    assert Article.objects.all().db == "replica_1"
    assert Article.objects.get(pk=article.pk)._state.db == "replica_1"


@needs_replica
@pytest.mark.django_db
def test_full_text_search_runs_on_the_replica():
    make_article("Wheat harvest beats forecasts", body="Farmers brought in a record wheat harvest.")
    make_article("Oil prices fall", body="Crude oil fell for a third day.")
    matches = search(Article.objects.published(), "wheat")
    assert matches.db == "replica_1"
    assert [a.title for a in matches] == ["Wheat harvest beats forecasts"]


@needs_replica
@pytest.mark.django_db
def test_search_page_with_facets_answers_from_the_replica(client):
    economy = make_topic("Economy")
    make_article("Wheat harvest beats forecasts", body="A record wheat harvest.", topics=[economy])
    make_article("Wheat shipped to Egypt", body="Wheat went abroad.")
    response = client.get(reverse("articles:search"), {"q": "wheat", "topic": economy.slug})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 match" in page
    assert "<mark>Wheat</mark> harvest beats forecasts" in page
    assert "Egypt" not in page
