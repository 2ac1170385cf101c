"""Site-wide middleware: the Content-Security-Policy header, and the login wall of a private archive.

Both read their settings on every request, so `override_settings` in tests and a changed environment
after a restart behave the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat

# URL names anyone may reach in a private archive. The admin is not listed by name: its whole
# namespace is public here because it has its own login (and only staff get past it).
PUBLIC_URL_NAMES = frozenset({"login", "logout", "healthz"})
PUBLIC_NAMESPACES = frozenset({"admin"})


def is_admin(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace in PUBLIC_NAMESPACES


class ContentSecurityPolicyMiddleware:
    """Sets `Content-Security-Policy` (Django 5.2 has no built-in CSP) unless a view set its own.

    The site's own pages carry no inline scripts or styles, so they get the strict policy. The admin
    gets CONTENT_SECURITY_POLICY_ADMIN, which differs only in allowing inline styles: the imported
    document and lists shown read-only on an article's and a batch's admin page (articles/admin.py)
    use style attributes, and Django's change list writes a <style> block for a model without
    actions. Scripts stay restricted to our own origin everywhere (browser/test_csp.py checks both).
    """

    header = "Content-Security-Policy"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.header in response:
            return response
        # Django's debug pages (DEBUG only) are built from inline styles and scripts; a policy would
        # leave the developer an unreadable traceback.
        if settings.DEBUG and response.status_code >= 400:
            return response
        policy = (
            settings.CONTENT_SECURITY_POLICY_ADMIN if is_admin(request) else settings.CONTENT_SECURITY_POLICY
        )
        if policy:
            response[self.header] = policy
        return response


class PrivateArchiveMiddleware:
    """With ARCHIVE_PRIVATE on, anonymous visitors are sent to the login page from every page.

    That includes exports (`?format=csv`, `?format=json`) and Atom feeds: they answer a 302 to the
    login page like any page, so a feed reader without the reader's session sees no articles. An
    allow-list rather than decorators on views, so that a view added later is private by default.
    Static files never get here (WhiteNoise answers them first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.ARCHIVE_PRIVATE:
            return None
        # The allow-list before the user: the health check must answer without touching the
        # database through the session, and the login page must not loop.
        match = request.resolver_match
        if match.url_name in PUBLIC_URL_NAMES or match.namespace in PUBLIC_NAMESPACES:
            return None
        # Any active account is a reader's (an anonymous user is never active).
        if request.user.is_active:
            return None
        return redirect_to_login(request.get_full_path())


class UploadLimitMiddleware:
    """Refuses an upload over its page's limit from the request's Content-Length, before the body is read.

    Django reads a request body the first time something asks for `request.POST`, and the CSRF check
    does that before any view runs: a 2 GB upload to the import page was refused only after 28 s of
    reading it (issue 10). This middleware's `process_view` runs before CsrfViewMiddleware's (it is
    listed before it), so the refusal comes at once, as a message on the page the upload came from.
    UPLOAD_LIMITS maps a URL name to the setting that holds its limit in bytes; UPLOAD_LIMIT_SLACK allows for the multipart
    framing and form fields around the files (the page's own form checks the files' exact sizes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        setting = settings.UPLOAD_LIMITS.get(request.resolver_match.view_name)
        limit = getattr(settings, setting) if setting else None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if limit is None or length <= limit + settings.UPLOAD_LIMIT_SLACK:
            return None
        messages.error(
            request,
            f"The upload is {filesizeformat(length)}; the limit is {filesizeformat(limit)} at a time. Nothing was "
            "read or imported: upload fewer files at a time, or import a large set with the import_articles command.",
        )
        # The body is never read: the connection is closed after this answer, so the browser stops sending.
        response = HttpResponseRedirect(request.path)
        response.status_code = 303
        response["Connection"] = "close"
        return response
