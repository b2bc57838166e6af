"""Old portal addresses keep working: a 404 whose path is a known old address becomes a 301.

Each site has its own old addresses: those of the dissolved district's portal whose archive
it took over. On an alias host (that old portal's host name) they are looked up before
the request is sent to the site's canonical host (multisite.middleware).

The table is read only when a page was not found anyway, like django.contrib.redirects,
so normal pages pay nothing. Old addresses often carried the article in the query string
("/Default.aspx?tabid=52&id=123"): an address is stored with its query parameters sorted
and looked up first with the request's (sorted) parameters, then by its path alone, so
"/tin/abc.html?utm_source=zalo" still finds "/tin/abc.html".
"""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.http import HttpResponsePermanentRedirect

OLD_PATH_MAX_LENGTH = 1000


def _sorted_query(query):
    return urlencode(sorted(parse_qsl(query, keep_blank_values=True)))


def normalize_old_path(url):
    """Return the lookup key of an old address: decoded path, "?" and sorted parameters.

    Accepts a full URL ("http://old.example/a.aspx?id=1") or a path; the host is dropped.
    """
    parts = urlsplit(url.strip())
    path = unquote(parts.path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    query = _sorted_query(parts.query)
    return f"{path}?{query}" if query else path


def request_keys(request):
    """Return the keys to look up for a request: with its query string first, then without."""
    path = request.path
    keys = []
    query = _sorted_query(request.META.get("QUERY_STRING", ""))
    if query:
        keys.append(f"{path}?{query}")
    keys.append(path)
    return [key for key in keys if len(key) <= OLD_PATH_MAX_LENGTH]


def find_redirect(request):
    """Return the URL a request for an old address of its site should go to, or None."""
    from .models import LegacyRedirect

    keys = request_keys(request)
    if not keys:
        return None
    rows = {
        row.old_path: row
        for row in LegacyRedirect.objects.select_related("article").filter(
            site=request.site, old_path__in=keys
        )
    }
    for key in keys:
        row = rows.get(key)
        if row is None:
            continue
        # Never reveal the address (and so the title) of an article readers cannot see.
        if row.article_id and not row.article.is_published():
            return None
        return row.target_url() or None
    return None


class LegacyRedirectMiddleware:
    """Turn a 404 for a known old address into a permanent redirect to its new page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = find_redirect(request)
        if target is None or target == request.get_full_path():
            return response
        return HttpResponsePermanentRedirect(target)
