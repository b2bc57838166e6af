"""The portal's one cache: readers' pages kept whole, their per-request parts filled in.

How a reader's page is served (docs/architecture.md):

1. A request for a view wrapped in ``reader_page()`` (in the URL maps) is looked up in
   Django's cache by scheme, host, path and the query parameters it declares, as soon as
   its site is known: a page found skips sessions, CSRF, authentication and the view. One
   round trip brings the entry, the generations it must match (the installation's and
   its site's) and the site's next scheduled change, which a miss needs.
2. On a miss the view renders as usual and its response is stored (body, a few headers,
   the object it shows), if it is a 200 page that read nothing of the reader: not the
   session (hence not the user), nor messages, nor a CSRF token.
3. Hit or miss, the HOOKS see the page (the counters count the view), then every part the
   template marked ``{% per_request "name" arg %}`` is rendered for this request by the
   function PARTS names. Nothing else on a reader's page may differ between readers. A
   new page is stored after its hooks: what one adds to ``response.shown_object`` (the
   view's (kind, id) of what it shows) is kept with the page, nothing of the reader.

An entry lives while its generations are current (``content_changed()`` moves them: every
save or delete of content, bulk admin actions, the importer; a site's change also moves
its province portal's, which shows the components' news; a change without a site, such as
a site renamed, moves the installation's), until the next scheduled change of what its
site's readers see (SCHEDULES), and the page's lifetime at most: PAGE_SECONDS, or
RANKING_SECONDS for a page that shows rankings by views, which change without a save
(``reader_page(view, seconds=...)``). With Redis every worker and app server sees a new
generation at once.
"""

import functools
import hashlib
import hmac
import logging
import re
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from multisite.sites import raw_host, tree

logger = logging.getLogger(__name__)

# The longest a page is kept. Saves (when they commit) and scheduled changes end a page's
# life when they happen; this only bounds what a change the cache missed (a bump that
# failed with the cache) leaves visible.
# An archive's long tail is read less than once a minute: at 60 s, almost every one of
# its views was a first view (docs/performance.md).
PAGE_SECONDS = 3600
# Pages that show rankings by views ("Tin xem nhiều"), which change without a save, are
# rendered again after this: reader_page(view, seconds=RANKING_SECONDS).
RANKING_SECONDS = 60
# With a cache of each process's own (Django's local memory: `make run`, or a production
# misconfigured without Redis), the other workers never see a save: pages live this long
# at most there, as every page did before PAGE_SECONDS grew to an hour.
PROCESS_CACHE_SECONDS = 60
# How often a site's next scheduled change is looked up again (a safety net: scheduling
# an item is a save, which moves the generations).
SCHEDULE_CHECK_SECONDS = 60
# The parts of a reader's page that differ per request: name -> function(request, arg)
# returning safe HTML. Templates place them with {% per_request "name" arg %}.
PARTS = {
    "article_views": "counters.parts.article_views",
    "visit_counter": "counters.parts.visit_counter",
    "document_downloads": "counters.parts.document_downloads",
}
# Functions (site ids, now) -> the next moment a scheduled item of those sites appears or
# disappears, or None.
SCHEDULES = (
    "news.models.next_scheduled_change",
    "engagement.notices.next_notice_change",
    "documents.models.next_scheduled_change",
)
# Called once per reader's page, hit or miss, before its parts are filled in: classes
# made once per worker, then called with (request, response). The counters count here.
HOOKS = ("counters.counting.PageCounter",)
# Apps whose models' saves and deletes change what readers see.
CONTENT_APPS = ("news", "sites", "multisite", "medialib", "agency", "engagement", "documents")
# Their models that readers never see: saving one leaves every page as it is.
NOT_CONTENT = frozenset(
    {
        "multisite.staffaccess",
        # Readers' ratings change no page (the report is in the admin).
        "engagement.rating",
        "engagement.ratingkey",
        "engagement.ratingreceipt",
    }
)
# Headers kept with a cached page; everything else (cookies above all) is never stored.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "X-Robots-Tag",
    "X-Frame-Options",  # set by a middleware that a page taken from the cache skips
)
CACHED_METHODS = ("GET", "HEAD")
# The request headers get_conditional_response() compares a page with.
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Arguments of a per-request part: ids and slugs, nothing that needs escaping.
PART_ARGUMENT = re.compile(r"[0-9A-Za-z_-]*")

GENERATION_KEY = "pages:generation"  # the whole installation's
SITE_GENERATION_KEY = "pages:generation:{site}"
SCHEDULE_KEY = "pages:until:{site}"  # (generations, until): read with the page
ENTRY_KEY = "pages:page:{digest}"


class ReaderPage:
    """What the cache needs to know of a view: which query parameters change the page, and
    how long at most it is kept."""

    def __init__(self, query, seconds=PAGE_SECONDS):
        self.query = query
        self.seconds = seconds


def reader_page(view, query=(), seconds=PAGE_SECONDS):
    """Return `view` marked as a reader's page, kept whole by PageCacheMiddleware.

    `query` names the query-string parameters the page depends on; any other parameter
    (fbclid, utm_*...) is left out of the key, so it neither splits nor floods the cache.
    `seconds` is the longest the page is kept: RANKING_SECONDS for a page showing what
    changes without a save.
    """
    view.reader_page = ReaderPage(query=frozenset(query), seconds=seconds)
    return view


# -- generations: what makes every cached page stale at once -----------------------------


def _fresh_generation():
    # Milliseconds: a generation key lost with the cache (eviction, restart) comes back
    # above every number used before, so no old page can be revived.
    return int(time.time() * 1000)


def current_generation(key=GENERATION_KEY):
    """Return a content generation (the installation's, or a site's), starting it if new."""
    generation = cache.get(key)
    if generation is None:
        generation = _fresh_generation()
        if not cache.add(key, generation, timeout=None):
            generation = cache.get(key, generation)
    return generation


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh_generation(), timeout=None)


# Changes to these apps' rows (sites, their names and hosts) concern every site's pages.
WHOLE_INSTALLATION_APPS = ("sites", "multisite")


def content_changed(sender=None, instance=None, site_ids=None, **kwargs):
    """Make the cached pages a change shows on stale, in every process sharing the cache.

    The change's sites (`site_ids`, or the saved instance's site) and the sites above them;
    a change with no site, or to the sites themselves, every site's pages. Inside a
    transaction the generations move again once it commits: a reader rendering between a
    save and its commit reads the old rows, and would store them under the new generation.
    """
    if site_ids is None and instance is not None:
        site_id = getattr(instance, "site_id", None)
        if site_id is not None and instance._meta.app_label not in WHOLE_INSTALLATION_APPS:
            site_ids = [site_id]
    _bump_sites(site_ids)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_sites(site_ids))


def _bump_sites(site_ids):
    try:
        if not site_ids:
            _bump(GENERATION_KEY)
            return
        for site_id in tree().with_ancestors(site_ids):
            _bump(SITE_GENERATION_KEY.format(site=site_id))
    except Exception:  # noqa: BLE001 - an editor's save must not fail with the cache
        # Pages the cache still holds expire within PAGE_SECONDS.
        logger.warning("Bộ nhớ đệm lỗi, chưa làm mới được các trang đã lưu", exc_info=True)


def connect_signals():
    """Call content_changed() after any save or delete of a content app's model."""
    from django.apps import apps

    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in NOT_CONTENT:
                continue
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")
    import_string("news.signals.content_changed").connect(
        content_changed, dispatch_uid="pagecache-news-content-changed"
    )


def _m2m_changed(sender, instance, action, **kwargs):
    meta = instance._meta
    if (
        action.startswith("post_")
        and meta.app_label in CONTENT_APPS
        and meta.label_lower not in NOT_CONTENT
    ):
        content_changed(instance=instance)


@functools.cache
def _schedules():
    return [import_string(path) for path in SCHEDULES]


def valid_until(site_id, generation, now, known=None, seconds=PAGE_SECONDS):
    """Return the epoch second when a page of the site's `generation` rendered now, kept
    `seconds` at most (PROCESS_CACHE_SECONDS with a cache of each process's own), goes
    stale.

    A site's pages show its own items and, for a province portal, its components' news.
    `known` is the site's SCHEDULE_KEY entry, read in the same round trip as the page: used
    while it is of `generation` and not past.
    """
    until = known[1] if known is not None and known[0] == generation else None
    if until is None or until <= now:
        site_ids = tree().family(site_id)
        moments = [schedule(site_ids) for schedule in _schedules()]
        change = min((m.timestamp() for m in moments if m is not None), default=None)
        until = change if change is not None else now + PAGE_SECONDS
        timeout = max(1, min(until - now, SCHEDULE_CHECK_SECONDS))
        cache.set(SCHEDULE_KEY.format(site=site_id), (generation, until), timeout)
    if isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache):
        seconds = min(seconds, PROCESS_CACHE_SECONDS)
    return min(until, now + seconds)


# -- per-request parts --------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _token(secret_key):
    # Only this deploy's templates can write a marker: content never contains the token.
    return hmac.new(secret_key.encode(), b"portal.pagecache", hashlib.sha256).hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def _marker_pattern(token):
    return re.compile(rb"<!--pr:" + token.encode() + rb":([a-z_]+):([0-9A-Za-z_-]*)-->")


def marker(name, arg=""):
    """Return the placeholder of per-request part `name` (see PARTS) for `arg`."""
    arg = str(arg)
    if name not in PARTS:
        raise ValueError(f"Phần riêng của từng yêu cầu không được khai báo: {name!r}")
    if not PART_ARGUMENT.fullmatch(arg):
        raise ValueError(f"Tham số không hợp lệ cho phần {name!r}: {arg!r}")
    return mark_safe(f"<!--pr:{_token(settings.SECRET_KEY)}:{name}:{arg}-->")


@functools.cache
def _part(name):
    return import_string(PARTS[name])


def fill(content, request):
    """Return `content` (bytes) with every part marker replaced by its markup for `request`."""
    token = _token(settings.SECRET_KEY)
    if token.encode() not in content:
        return content

    def render(match):
        name, arg = match.group(1).decode(), match.group(2).decode()
        try:
            return str(_part(name)(request, arg)).encode()
        except DatabaseError:
            # A cached page is still worth serving while PostgreSQL is away: without it.
            logger.warning("Không hiển thị được phần %s của trang", name, exc_info=True)
            return b""

    return _marker_pattern(token).sub(render, content)


# -- the middleware -----------------------------------------------------------------------


def entry_key(request, page):
    """Return the cache key of `request`'s page: scheme, host, path, declared parameters."""
    query = sorted(
        (name, value)
        for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if name in page.query
    )
    raw = f"{request.scheme}://{raw_host(request)}{request.path}?{urlencode(query)}"
    return ENTRY_KEY.format(digest=hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest())


def _generations(found, site_key):
    return (
        found.get(GENERATION_KEY) or current_generation(GENERATION_KEY),
        found.get(site_key) or current_generation(site_key),
    )


def read_per_reader_state(request):
    """Return whether rendering read anything of this reader (then the page is not stored)."""
    session = getattr(request, "session", None)
    if session is not None and session.accessed:  # the user lives in the session
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was put in the page
        return True
    messages = getattr(request, "_messages", None)
    return bool(messages is not None and messages.used)


def _storable(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("Vary")
        and not read_per_reader_state(request)
    )


def _cached_response(request, entry):
    _generation, _until, status, headers, body, shown = entry
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    response.shown_object = shown
    response.from_page_cache = True
    if not any(header in request.META for header in CONDITIONAL_HEADERS):
        return response  # nothing to compare: the page itself (most readers)
    # What conditional_page() answered when it rendered the page: 304 to a client that has it.
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


@functools.cache
def _hooks():
    return [import_string(path)() for path in HOOKS]


# Paths already resolved, with their answer (URL maps change only with a deploy); bounded,
# so random paths cannot grow it.
MAX_RESOLVED_PATHS = 20_000
_resolved = {}


def _reader_page(request):
    """Return (ReaderPage, ResolverMatch) if `request` asks for a reader's page, else None."""
    if request.method not in CACHED_METHODS or getattr(request, "site", None) is None:
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    key = (request.path_info, urlconf)
    found = _resolved.get(key, False)
    if found is False:
        try:
            match = resolve(request.path_info, urlconf)
        except Resolver404:
            found = None
        else:
            page = getattr(match.func, "reader_page", None)
            found = (page, match) if page is not None else None
        if len(_resolved) >= MAX_RESOLVED_PATHS:
            _resolved.clear()
        _resolved[key] = found
    return found


class PageCacheMiddleware:
    """Serve readers' pages from the cache and fill in their per-request parts.

    It sits right after the site is known and before sessions, CSRF, authentication and
    messages: a page served from the cache needs none of them (it was stored only if it
    read none of them), so a hit skips them, URL dispatch and the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        _hooks()  # each hook checks its settings when the worker starts, not on a request

    def __call__(self, request):
        found = _reader_page(request)
        if found is None:
            return self._filled(request, self.get_response(request))
        page, match = found
        response = self._from_cache(request, page)
        if response is None:
            response = self.get_response(request)
            self._hooks(request, response)
            pending = getattr(request, "_page_cache", None)
            if pending is not None and _storable(request, response):
                self._store(pending, response)
        else:
            request.resolver_match = match  # what the view's own dispatch would have set
            self._hooks(request, response)
        return self._filled(request, response)

    @staticmethod
    def _hooks(request, response):
        # Before a new page is stored: what a hook adds to its shown_object is kept with it.
        for hook in _hooks():
            hook(request, response)

    def _from_cache(self, request, page):
        """Return the cached response, or None (then the view renders it and it is kept)."""
        key = entry_key(request, page)
        site_id = request.site.pk
        site_key = SITE_GENERATION_KEY.format(site=site_id)
        schedule_key = SCHEDULE_KEY.format(site=site_id)
        try:
            found = cache.get_many([GENERATION_KEY, site_key, key, schedule_key])
            generation = _generations(found, site_key)
        except Exception:  # noqa: BLE001 - any cache failure: serve the page uncached
            logger.warning("Bộ nhớ đệm lỗi, trang được dựng không qua bộ nhớ đệm", exc_info=True)
            return None
        entry = found.get(key)
        now = time.time()
        if entry is not None and entry[0] == generation and now < entry[1]:
            return _cached_response(request, entry)
        try:
            # Read before rendering: a change due while the page renders still ends its life.
            until = valid_until(site_id, generation, now, found.get(schedule_key), page.seconds)
        except DatabaseError:
            return None  # the view meets the same error and answers 503
        request._page_cache = (key, generation, until)
        return None

    @staticmethod
    def _filled(request, response):
        """Fill in the parts of an HTML page; its length, as CommonMiddleware would set it."""
        if response.streaming:
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            response.content = fill(response.content, request)
        response["Content-Length"] = str(len(response.content))
        return response

    def _store(self, pending, response):
        key, generation, until = pending
        timeout = until - time.time()
        if timeout < 1:
            return
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        shown = getattr(response, "shown_object", None)
        entry = (generation, until, response.status_code, headers, response.content, shown)
        try:
            cache.set(key, entry, timeout)
        except Exception:  # noqa: BLE001 - a page not stored is only slower next time
            logger.warning("Không lưu được trang vào bộ nhớ đệm", exc_info=True)
