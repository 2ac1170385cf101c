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

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
