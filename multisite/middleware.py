"""Give every request its site (``request.site``, as django.contrib.sites' own middleware).

Health checks answer on any host. A host that is an alias of a site is sent to the
canonical host (301), to the page the old-portal redirects name if one does
(ALIAS_REDIRECT_FINDERS: functions(request) -> URL path or None). A host no site has gets
a 404 page that names no site, or the root site with UNKNOWN_HOST_SITE=root.
"""

from django.conf import settings
from django.contrib.sites import models as site_models
from django.db import DatabaseError
from django.http import HttpResponseNotFound, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from .sites import raw_host, resolve, site_url

# Paths answered whatever the host (a load balancer probes servers by address).
ANY_HOST_PATHS = frozenset({"/healthz", "/readyz"})
# Hosts that are not a site's domain (the root answering unknown hosts) handed to Django's
# own cache of sites, at most this many, so junk Host headers cannot grow it.
MAX_BORROWED_HOSTS = 1000


def unknown_host_response(request):
    """Return the 404 page for a host that no site of this portal answers."""
    return HttpResponseNotFound(render_to_string("multisite/unknown_host.html", request=request))


class CurrentSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.finders = [import_string(path) for path in settings.ALIAS_REDIRECT_FINDERS]

    def __call__(self, request):
        try:
            resolution = resolve(request)
        except DatabaseError as exc:
            if request.path_info in ANY_HOST_PATHS:  # /readyz says so itself
                request.site = None
                return self.get_response(request)
            # No site is known yet and PostgreSQL is away: the portal's own 503 page.
            from portal.middleware import database_unavailable_response, log_database_unavailable

            request.site = None
            log_database_unavailable(request, exc)
            return database_unavailable_response(request)
        request.site = resolution.site
        if request.path_info in ANY_HOST_PATHS:
            return self.get_response(request)
        if resolution.site is None:
            return unknown_host_response(request)
        self.share_with_django(request)
        if resolution.alias:
            return self.redirect_to_canonical(request)
        return self.get_response(request)

    def share_with_django(self, request):
        """Make get_current_site(request), which Django's own views call (admin sign-in,
        syndication), find the site resolved here for a host that is not its domain."""
        host = raw_host(request)
        cache = site_models.SITE_CACHE  # Site.objects.clear_cache() replaces the dict
        if cache.get(host) is not request.site and len(cache) < MAX_BORROWED_HOSTS:
            cache[host] = request.site

    def redirect_to_canonical(self, request):
        target = None
        for finder in self.finders:
            target = finder(request)
            if target:
                break
        path = target or request.get_full_path()
        return HttpResponsePermanentRedirect(site_url(request.site, path, request))
