"""Operational endpoints that belong to the portal, not to an app."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Return {"status": "ok"} while the process can answer: no database, no template."""
    return JsonResponse({"status": "ok"})
