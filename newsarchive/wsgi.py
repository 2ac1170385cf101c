"""WSGI entry point for gunicorn: `gunicorn newsarchive.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_wsgi_application()

# Each gunicorn worker imports this module before it takes a request: load what Django otherwise loads
# on a worker's first request (the URLconf with every view module, the pages' templates), so that no
# visitor waits for it. A worker's first home page took 385 ms in process instead of 101 ms for the
# next one, 1.6 s over HTTP with five workers starting at once on two busy cores (issue 16).
WARM_TEMPLATES = (
    "articles/home.html", "articles/article_detail.html", "articles/search.html", "404.html", "500.html",
)  # fmt: skip


def warm() -> None:
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for name in WARM_TEMPLATES:
        get_template(name)


warm()
