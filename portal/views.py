"""Operational endpoints that belong to the portal, not to an app."""

import sys

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from news.views import server_error as news_server_error

from .middleware import (
    DATABASE_DOWN_ERRORS,
    bad_request_response,
    database_unavailable_response,
    log_database_unavailable,
)

LOCKOUT_STATUS = 429
SECONDS_PER_MINUTE = 60


@never_cache
@require_safe
def healthz(request):
    """Return {"status": "ok"} while the process can answer: no database, no template."""
    return JsonResponse({"status": "ok"})


class _MigrationState:
    """Remember, per process, that every migration was applied.

    Once applied they stay applied for this code (new migrations come with new code, hence
    new processes), so only an unready process pays for reading the migration files.
    """

    all_applied = False

    @classmethod
    def check(cls, connection):
        if not cls.all_applied:
            # Every migration of the code, not just the leaves: a missing middle one counts.
            loader = MigrationLoader(connection)
            cls.all_applied = all(key in loader.applied_migrations for key in loader.graph.nodes)
        return cls.all_applied


@never_cache
@require_safe
def readyz(request):
    """Return 200 when the database answers and every migration is applied, else 503.

    A load balancer sends traffic only to ready servers. One `SELECT 1` per call; the
    migration check reads the migration files only until they are all applied.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _MigrationState.check(connection):
            checks["migrations"] = "pending"
    except DatabaseError as exc:
        checks["database"] = "unavailable"
        checks["migrations"] = "unknown"
        checks["error"] = type(exc).__name__
    ready = checks["database"] == "ok" and checks["migrations"] == "ok"
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )


def bad_request(request, exception=None):
    """Return the Vietnamese 400 page (a bad Host header, a malformed request)."""
    return bad_request_response(request)


def csrf_failure(request, reason=""):
    """Return the Vietnamese 403 page for a form sent without a valid CSRF token."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """Return the 503 page if the error was a lost database, else the Vietnamese 500 page.

    Errors raised outside a view (in a middleware) reach this handler without passing
    DatabaseUnavailableMiddleware; a lost database is still not a server bug.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN_ERRORS):
        log_database_unavailable(request, exception)
        return database_unavailable_response(request)
    return news_server_error(request)


def axes_lockout(request, original_response=None, credentials=None):
    """Return the Vietnamese lockout page (429) django-axes shows after too many failures."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "cooloff_minutes": int(cooloff.total_seconds() // SECONDS_PER_MINUTE) if cooloff else None,
    }
    return render(request, "axes/lockout.html", context, status=LOCKOUT_STATUS)
