"""The first requests a gunicorn worker would otherwise serve cold, sent by the server to itself first.

    warm(application)                        # newsarchive/wsgi.py: in the master, before it forks
    warm(application, keep_connection=True) # newsarchive/gunicorn_conf.py: in each worker, after the fork

The pages: the home page, the newest article's page and a search of that article's title. A worker's
first home page used to cost 385 ms in process against 101 ms for the next one (issue 16): Django
compiles each template, `{% extends %}` and `{% include %}` included, on first render, reads the static
files' manifest and opens the database connection, and the article page parses three citation styles
(~0.1 s each, articles/citing/styles.py). Loading the URLconf and the templates by name was not enough:
over HTTP the first visit of each of five fresh workers still took 0.59-0.65 s (docs/benchmarks.md,
"issue 16, stop 19"). So the pages go through the whole WSGI handler, middleware and all, as a visitor's
would: once in gunicorn's master, which the workers are forked from with everything loaded, then once
in each worker on its own database connection, which it keeps (CONN_MAX_AGE).

Whatever goes wrong here is logged and left: a worker that could not warm up still serves, as before.
A private archive (ARCHIVE_PRIVATE) answers these requests with its login page, which warms less.
WARM_WORKERS=false leaves it all out.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from urllib.parse import urlencode

logger = logging.getLogger(__name__)


def warm(application, *, keep_connection: bool = False) -> None:
    """Send the pages to `application`; then close the database connections they opened, unless
    `keep_connection` (in a gunicorn worker, rather than in the master that forks it: a connection
    must not be shared by two processes)."""
    from django.db import close_old_connections, connections

    started = time.perf_counter()
    try:
        statuses = {path: _get(application, path) for path in _paths()}
    except Exception:  # noqa: BLE001 - a worker that cannot warm up still serves
        logger.exception("Warming the worker up failed; it serves cold.")
        return
    finally:
        if keep_connection:
            close_old_connections()  # as at the end of a request: kept within CONN_MAX_AGE
        else:
            connections.close_all()
    logger.info("Worker warmed up in %.0f ms: %s.", (time.perf_counter() - started) * 1000, statuses)


def _paths() -> list[str]:
    from django.urls import reverse

    from articles.citing import styles
    from articles.models import Article

    for _, _, _, filename in styles.STYLES:
        styles._style(filename)  # parsed even when the archive is empty
    paths = [reverse("articles:home")]
    newest = Article.objects.published().articles_only().only("pk", "slug", "title").order_by("-pk").first()
    if newest is not None:
        paths.append(newest.get_absolute_url())
        phrase = f'"{newest.title}"'  # a search that finds at least this article
        paths.append(f"{reverse('articles:search')}?{urlencode({'q': phrase})}")
    return paths


def _get(application, path: str) -> int:
    """GET `path` through the WSGI application, as a request over HTTPS to an allowed host would; its
    status."""
    target, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SERVER_NAME": _host(),
        "SERVER_PORT": "443",
        "HTTP_HOST": _host(),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "https",  # so SECURE_SSL_REDIRECT renders rather than redirects
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    response = application(environ, start_response)
    try:
        b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()  # request_finished: what a server does at the end of a response
    return answer["status"]


def _host() -> str:
    """A host name ALLOWED_HOSTS accepts."""
    from django.conf import settings

    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"
