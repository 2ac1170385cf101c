"""newsarchive/warmup.py: a worker sends itself the pages before its first visitor, and survives failing to."""

import os

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from articles import second_connection
from articles.tests.factories import make_article
from newsarchive import warmup


@pytest.fixture
def application():
    """The project's WSGI application, without the signal that closes the connection at each request's
    start and end (it would close the test's transaction), as Django's test client does."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_pages_a_worker_warms_are_the_home_page_the_newest_article_and_a_search_all_answered(
    application, settings
):
    settings.SECURE_SSL_REDIRECT = True  # the warm-up asks as if over HTTPS, so pages render
    make_article("An older report")
    newest = make_article('Floods close the "old" bridge')
    paths = warmup._paths()
    assert paths[0] == "/"
    assert paths[1] == newest.get_absolute_url()
    assert paths[2].startswith("/search/?q=")
    assert [warmup._get(application, path) for path in paths] == [200, 200, 200]


@pytest.mark.django_db
def test_an_empty_archive_warms_the_home_page_only(application):
    assert warmup._paths() == ["/"]
    assert warmup._get(application, "/") == 200


def test_a_worker_that_cannot_warm_up_still_starts(monkeypatch, caplog):
    def broken():
        raise RuntimeError("no database")

    monkeypatch.setattr(warmup, "_paths", broken)
    warmup.warm(application=None)  # no exception
    assert "Warming the worker up failed" in caplog.text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_runs_second_connection_work_though_its_master_made_the_pool():
    assert second_connection.submit(lambda: 1).result(timeout=10) == 1  # the pool exists before the fork
    pid = os.fork()
    if pid == 0:  # the child: its own pool, or the work waits for ever
        try:
            ok = second_connection.submit(lambda: 2).result(timeout=10) == 2
        except Exception:  # noqa: BLE001 - any failure is the child's exit status
            ok = False
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
