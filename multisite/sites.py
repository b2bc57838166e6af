"""Which site a request is for, and how the sites hang together.

``resolve(request)``: the site whose ``Site.domain`` is the request's host (as Django's
``get_current_site(request)`` finds it, which keeps working for contrib code); a host
listed as a ``SiteAlias`` gives its site and a redirect to the canonical host; any other
host gets the 404 page, or the root site when the operator sets ``UNKNOWN_HOST_SITE=root``.

``tree()``: every site with its parent and kind, and the aliases, read in three queries
and kept by the process for ``MULTISITE_TREE_SECONDS``; the process that saves a change
forgets it at once, the others within those seconds. Unlike get_current_site() it costs
no query per request for any host (Django caches only the hosts it found, and keeps them
until the process restarts), and it knows aliases and parents.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import DatabaseError
from django.http.request import split_domain_port


@dataclass(frozen=True)
class SiteTree:
    sites: dict = field(default_factory=dict)  # site id -> Site
    domains: dict = field(default_factory=dict)  # canonical host -> site id
    parents: dict = field(default_factory=dict)  # site id -> parent site id or None
    kinds: dict = field(default_factory=dict)  # site id -> SiteProfile.Kind value
    children: dict = field(default_factory=dict)  # site id -> [component site ids]
    aliases: dict = field(default_factory=dict)  # host -> site id
    root_id: int | None = None

    def family(self, site_id):
        """Return the site's id and its component sites' ids."""
        return [site_id, *self.children.get(site_id, [])]

    def ancestors(self, site_id):
        """Return the ids of the sites above `site_id` (its province portal), nearest first."""
        found, parent = [], self.parents.get(site_id)
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.parents.get(parent)
        return found

    def with_ancestors(self, site_ids):
        """Return these sites' ids and those of every site above them, sorted."""
        return sorted({a for site_id in site_ids for a in (site_id, *self.ancestors(site_id))})


_tree = None
_loaded_at = 0.0


def _load():
    from .models import SiteAlias, SiteProfile

    sites = {site.pk: site for site in Site.objects.all()}
    profiles = list(SiteProfile.objects.order_by("position", "site__name", "site_id"))
    parents = {p.site_id: p.parent_id for p in profiles}
    children = {}
    for profile in profiles:
        if profile.parent_id is not None:
            children.setdefault(profile.parent_id, []).append(profile.site_id)
    roots = [p.site_id for p in profiles if p.parent_id is None]
    return SiteTree(
        sites=sites,
        domains={_bare(site.domain): pk for pk, site in sites.items()},
        parents=parents,
        kinds={p.site_id: p.kind for p in profiles},
        children=children,
        aliases=dict(SiteAlias.objects.values_list("host", "site_id")),
        root_id=roots[0] if roots else min(sites, default=None),
    )


def tree():
    """Return the SiteTree, read again after MULTISITE_TREE_SECONDS.

    While PostgreSQL cannot be read, the last tree read keeps serving (cached pages need
    their site); only a process that never read one raises DatabaseError.
    """
    global _tree, _loaded_at
    now = time.monotonic()
    if _tree is None or now - _loaded_at > settings.MULTISITE_TREE_SECONDS:
        try:
            _tree, _loaded_at = _load(), now
        except DatabaseError:
            if _tree is None:
                raise
            _loaded_at = now  # try again in a while, not on every request
    return _tree


def forget():
    """Drop this process's SiteTree (after a change to sites, profiles or aliases)."""
    global _tree
    _tree = None
    Site.objects.clear_cache()


@dataclass(frozen=True)
class Resolution:
    site: Site | None
    alias: bool = False  # the host is an alias: answer with a redirect to the canonical host


def _bare(host):
    domain, _port = split_domain_port(host.lower())
    return (domain or host.lower()).rstrip(".")


def raw_host(request):
    """Return request.get_host(), computed once per request (it checks ALLOWED_HOSTS again
    at every call, and the site, the page cache and Django's site lookup all ask)."""
    host = getattr(request, "_raw_host", None)
    if host is None:
        host = request._raw_host = request.get_host()
    return host


def request_host(request):
    """Return the request's host name, lower-case, without port or trailing dot."""
    return _bare(raw_host(request))


def resolve(request):
    """Return the Resolution for the request's host (site None: no site answers here)."""
    known = tree()
    host = request_host(request)
    site_id = known.domains.get(host)
    if site_id is not None:
        return Resolution(known.sites[site_id])
    site_id = known.aliases.get(host)
    if site_id in known.sites:
        return Resolution(known.sites[site_id], alias=True)
    if settings.UNKNOWN_HOST_SITE == "root" and known.root_id in known.sites:
        return Resolution(known.sites[known.root_id])
    return Resolution(None)


def site_url(site, path, request):
    """Return `path` as an absolute URL on the site's canonical host, in the request's
    scheme and on its port (production's Host has none; `make run`'s has :8000)."""
    _domain, port = split_domain_port(raw_host(request))
    host = f"{site.domain}:{port}" if port else site.domain
    return f"{request.scheme}://{host}{path}"
