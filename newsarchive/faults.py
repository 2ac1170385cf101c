"""A database that goes away answers 503 "try again shortly" with a plain page, never a traceback.

Django turns an exception in a view into a 500; a lost database is no bug in the code but an outage
that passes, so it gets 503 and `Retry-After`, which tells browsers, feed readers and load balancers
to come back. The page is standalone (templates/503.html extends nothing, uses no context processor),
so rendering it needs no database.

A streamed CSV export that loses the database after its first rows cannot change its status: the
200 is already sent, and the download ends early. Errors before the first row do get the 503.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("database unavailable for %s %s: %s", request.method, request.path, exception)
        return unavailable()


def unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request) -> HttpResponse:
    """handler500: the 503 page too when the database went away outside a view (a middleware that
    reads the session or the user, the session saved after the view), which process_exception never
    sees. Django calls this while handling the exception, so sys.exc_info() holds it."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return unavailable()
    return defaults.server_error(request)
