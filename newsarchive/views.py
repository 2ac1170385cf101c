"""Views of the site itself rather than of the archive: the health check, the icon."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers; 503 otherwise, so a load balancer stops sending traffic here.

    Public even in a private archive (see PrivateArchiveMiddleware) and exempt from the HTTPS redirect,
    because health checkers usually call over plain HTTP from inside the network.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check failed: the database is unreachable: %s", error)
        return JsonResponse(
            {"status": "error", "database": "unreachable", "message": "The database cannot be reached."},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def favicon(request):
    """Browsers, feed readers and bookmarks ask for /favicon.ico whatever a page links to: send them to
    the icon that base.html links (a static file, hashed in production, so looked up per request)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
