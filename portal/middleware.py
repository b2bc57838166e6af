"""Middleware that belongs to the portal, not to an app: request log, CSP, lost database.

- ``RequestLogMiddleware`` (outermost) gives each request an id (``X-Request-ID``, kept
  from nginx when well formed) and writes one line per request to the ``portal.request``
  logger: method, path, status, duration, staff user id. Health checks and pages taken
  from the page cache are logged at DEBUG, so a load balancer polling and readers'
  cached pages never fill the INFO log (nginx's access log has every request).
- ``ContentSecurityPolicyMiddleware`` is django-csp's, widened on admin pages only, where
  TinyMCE sets inline styles. Public pages keep the strict policy from settings.
- ``RefuseNulMiddleware`` answers 400 to a request carrying a NUL character in its path,
  query string, cookies or headers, before anything can look such a value up in
  PostgreSQL, which refuses NUL in text (``/abc%00/`` answered 500 from the old-address
  lookup; a quoted cookie or a User-Agent did the same in sessions and sign-in lockouts).
- ``PermissionsPolicyMiddleware`` sends ``settings.PERMISSIONS_POLICY`` on every response
  (Django has no setting for this header).
- ``DatabaseUnavailableMiddleware`` (innermost) turns a lost database (PostgreSQL
  restarting, connections cut) into the Vietnamese 503 page instead of a 500 and a
  traceback; the next request reconnects by itself (CONN_HEALTH_CHECKS).
"""

import logging
import os
import re
import time

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty

request_logger = logging.getLogger("portal.request")
db_logger = logging.getLogger("portal.database")

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; anything else a client sends is replaced, so a
# forged header can never put a newline or a megabyte into the log.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
HEALTH_VIEW_NAMES = frozenset({"healthz", "readyz"})
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
# Seconds a client (or nginx) should wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30
MS_PER_SECOND = 1000
SERVER_ERROR = 500


def _request_id(request):
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return os.urandom(16).hex()  # as random as uuid4().hex, a third of its cost


def _staff_user_id(request):
    """Return the signed-in staff user's id, if the request already loaded its user."""
    user = getattr(request, "user", None)
    # Loading the user costs a query or two; pages that did not need it are not worth them.
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    if getattr(user, "is_staff", False):
        return user.pk
    return None


def _is_health_check(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in HEALTH_VIEW_NAMES and not match.namespace


def _quiet(request, response):
    """Return whether the request's line is DEBUG: health checks, and readers' pages the
    page cache answered (well under a millisecond each; nginx's access log has them all,
    and writing the line cost a sixth of such a page)."""
    if _is_health_check(request):
        return True
    return getattr(response, "from_page_cache", False) and response.status_code < 400


class RequestLogMiddleware:
    """Give the request an id and log one line for it when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = _request_id(request)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        level = logging.DEBUG if _quiet(request, response) else logging.INFO
        if request_logger.isEnabledFor(level):
            duration_ms = round((time.perf_counter() - started) * MS_PER_SECOND, 1)
            request_logger.log(
                level,
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _staff_user_id(request),
                },
            )
        return response


NUL = "\x00"


def _carries_nul(request):
    """Return whether any value of the request's URL, cookies or headers holds a NUL."""
    if NUL in request.path_info:
        return True
    # request.GET decodes "%00", request.COOKIES a quoted cookie's "\\000": only a raw
    # value holding one of them is parsed here (most requests hold neither).
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or NUL in query:
        for key, values in request.GET.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    if "\\000" in request.META.get("HTTP_COOKIE", ""):
        for key, value in request.COOKIES.items():
            if NUL in key or NUL in value:
                return True
    return any(
        NUL in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    )


def bad_request_response(request=None):
    """Return the Vietnamese 400 page; like the 503 page it reads no database nor host."""
    body = loader.get_template("400.html").render({"site_name": settings.SITE_NAME})
    return HttpResponseBadRequest(body)


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL in its path, query, cookies or headers.

    No real client sends one, and PostgreSQL cannot compare text with it: whatever view,
    middleware or library would look the value up (old addresses, sessions, lockouts)
    never sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return bad_request_response(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, widened for admin pages and the 500 page only.

    Admin pages (reversion's history and compare) carry inline styles, and TinyMCE shows
    pasted pictures as blob: images. script-src stays 'self' everywhere.
    """

    ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"], "img-src": ["blob:"]}

    def process_response(self, request, response):
        """Set the policy headers, built once per kind of page rather than per response.

        Without a nonce or a view's own policy, the headers depend only on whether the
        page is an admin page and on its status: django-csp builds them the first time,
        later responses reuse them (building cost a tenth of a cached page).
        """
        if not _policy_is_shared(request, response):
            return super().process_response(request, response)
        key = (request.path_info.startswith("/" + settings.ADMIN_URL), response.status_code)
        headers = _BUILT_POLICIES.get(key)
        if headers is None:
            response = super().process_response(request, response)
            if len(_BUILT_POLICIES) < MAX_BUILT_POLICIES:
                _BUILT_POLICIES[key] = [
                    (name, response[name])
                    for name in (CSP_HEADER, CSP_HEADER_REPORT_ONLY)
                    if name in response
                ]
            return response
        for name, value in headers:
            response[name] = value
        return response

    def get_policy_parts(self, request, response, report_only=False):
        """Return the policy parts, with the admin-only additions on admin paths.

        The 500 page carries its own <style> so that it renders whatever else is broken;
        it shows no user content, so inline styles are allowed there too.
        """
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if response.status_code == SERVER_ERROR:
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            update = dict(parts.update or {})
            for directive, sources in self.ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


# Responses that carry their own policy (django-csp's decorators) or that asked for a nonce.
PER_RESPONSE_POLICY = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("exempt", "config", "update", "replace")
    for suffix in ("", "_ro")
)
MAX_BUILT_POLICIES = 64  # (admin or not) x the statuses pages answer with
_BUILT_POLICIES = {}


def _policy_is_shared(request, response):
    return (
        getattr(request, "_csp_nonce", None) is None
        and not any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
        and CSP_HEADER not in response
        and CSP_HEADER_REPORT_ONLY not in response
    )


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs):
    if setting in {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "DEBUG"}:
        _BUILT_POLICIES.clear()


def _policy_header(policy):
    """Return PERMISSIONS_POLICY as the header's text: 'camera=(), fullscreen=(self "...")'."""

    def allowlist(sources):
        return " ".join(source if source == "self" else f'"{source}"' for source in sources)

    return ", ".join(f"{feature}=({allowlist(sources)})" for feature, sources in policy.items())


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = _policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def database_unavailable_response(request=None):
    """Return the Vietnamese 503 page; it needs no database and no request context."""
    body = loader.get_template("503.html").render({"site_name": settings.SITE_NAME})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def log_database_unavailable(request, exception):
    """Log one short warning: during an outage every request fails the same way."""
    db_logger.warning(
        "Không kết nối được cơ sở dữ liệu (%s: %s), trả trang 503 cho %s %s",
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
        request.method if request else "-",
        request.path if request else "-",
        extra={"request_id": getattr(request, "request_id", None)},
    )


class DatabaseUnavailableMiddleware:
    """Answer 503 with a Vietnamese page when the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """Return the 503 page for a lost database; leave other errors to the 500 handler."""
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        log_database_unavailable(request, exception)
        return database_unavailable_response(request)
