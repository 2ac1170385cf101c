"""WSGI entry point for gunicorn: `gunicorn newsarchive.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_wsgi_application()

# Whoever imports this module (gunicorn's master with bin/start's preload_app, else each worker) sends
# itself the pages first, so that no visitor waits for what Django otherwise does on a worker's first
# request (newsarchive/warmup.py); the connections it opened are closed, as a fork must not share them.
if os.environ.get("WARM_WORKERS", "true").lower() not in ("0", "false", "no", "off"):
    from newsarchive.warmup import warm

    warm(application)
