"""Count article views and site visits of readers' pages: a hook of portal.pagecache.

A page is counted once it has been rendered (or taken from the page cache) and before its
per-request parts are filled in (pagecache.HOOKS), so "Số lượt người xem: N" shows the
total this count returned, which includes the reader's own view. The news app knows
nothing of counting: a page says which object it shows in ``response.shown_object``
(("news.article", id) for an article), and this hook decides. On a new page the hook
adds the article's stored total and when it was read (its own statement rides with the
article's related lists), and the page cache keeps them with the page: the worker that
serves it next counts from there without a query (``Spool.learn_total``).

What counts: a GET answered 200 with an HTML page by a view of COUNTED_NAMESPACES, not
from a bot (crawlerdetect) nor a prefetch/prerender, never a staff preview. An article
view counts once per browser per ``COUNTER_REPEAT_WINDOW_MINUTES``; a visit is the first
counted page view after ``COUNTER_VISIT_WINDOW_MINUTES`` without one. Both are remembered
in a signed cookie (``counters.reader``), never a session; a client without cookies
counts every time. At most ``COUNTER_MAX_PER_IP_PER_MINUTE`` counts per client address
and minute (``counters.guard``).
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError

from news.siteparts import register_article_part

from . import guard, services, spool
from .parts import REQUEST_TOTALS, shown_total
from .reader import (
    ReaderState,
    check_trusted_proxies,
    client_ip,
    is_bot,
    is_prefetch,
    now_seconds,
)

logger = logging.getLogger(__name__)

COUNTED_NAMESPACES = frozenset({"news"})
NEVER_COUNTED_VIEW_NAMES = frozenset({"news:article-preview"})
ARTICLE = "news.article"
TOTAL_PART = "counters.total"


def _windows():
    repeat = 60 * settings.COUNTER_REPEAT_WINDOW_MINUTES
    visit = 60 * settings.COUNTER_VISIT_WINDOW_MINUTES
    return repeat, visit


def _countable(request, response):
    """Return whether this request/response is a reader's page view at all."""
    match = request.resolver_match
    return (
        settings.COUNTERS_ENABLED
        and match is not None
        and getattr(request, "site", None) is not None
        and match.namespace in COUNTED_NAMESPACES
        and match.view_name not in NEVER_COUNTED_VIEW_NAMES
        and request.method == "GET"
        and response.status_code == 200
        # Pages only: a feed or a file in the namespace is fetched, not read as a page.
        and response.get("Content-Type", "").startswith("text/html")
        and not is_prefetch(request)
        and not is_bot(request)
    )


def _shown_article_id(response):
    shown = getattr(response, "shown_object", None)
    if shown and shown[0] == ARTICLE:
        return shown[1]
    return None


def register_total_part():
    """Read an article's stored total with its page's related lists (CountersConfig).

    The worker rendering the page then counts its first view there without a query of
    its own, and the page keeps the total with it in the cache (PageCounter), for the
    workers and servers that serve it next.
    """
    register_article_part(TOTAL_PART, services.ARTICLE_TOTAL_PART_SQL, build=_learn_read_total)


def _learn_read_total(rows):
    article_id, total = rows[0]
    if settings.COUNTER_SPOOL:
        spool.spool.learn_total(article_id, total, time.time())
    return total


def _keep_with_page(response, article_id):
    """On a new page: add the stored total this process knows, as (total, epoch read)."""
    if settings.COUNTER_SPOOL and not getattr(response, "from_page_cache", False):
        known = spool.spool.known_total(article_id)
        if known is not None:
            response.shown_object = (ARTICLE, article_id, *known)


def _learn_from_page(response):
    """On a cached page: take the stored total it was kept with, if this process has none."""
    shown = response.shown_object
    if settings.COUNTER_SPOOL and len(shown) == 4:
        spool.spool.learn_total(shown[1], shown[2], shown[3])


def _record(site_id, article_id, visit):
    """Count one view (and maybe a visit); return the article's total to show, or None."""
    if settings.COUNTER_SPOOL:
        try:
            return spool.spool.record(site_id, article_id, visit=visit)
        except OSError:
            logger.exception("Không ghi được tệp đếm, ghi thẳng vào cơ sở dữ liệu")
    if article_id:
        return services.record_view(site_id, article_id, count_visit=visit)
    services.record_visit(site_id)
    return None


class PageCounter:
    """Made once per worker by the page cache's middleware; called for each reader's page."""

    def __init__(self):
        # A typo in TRUSTED_PROXIES stops the worker at start-up, not on a reader's request.
        check_trusted_proxies()
        # Likewise a spool folder that cannot be written.
        if settings.COUNTERS_ENABLED and settings.COUNTER_SPOOL:
            spool.spool_dir()

    def __call__(self, request, response):
        if _countable(request, response):
            self._count(request, response)
        elif settings.COUNTERS_ENABLED:
            article_id = _shown_article_id(response)
            if article_id is not None:
                # A crawler's or a prefetch's page is not counted, but the stored total
                # travels with it as with a reader's: no page needs a query for it.
                _learn_from_page(response)
                _keep_with_page(response, article_id)

    def _count(self, request, response):
        now = now_seconds()
        repeat_window, visit_window = _windows()
        state = ReaderState.from_request(request, max_age=max(repeat_window, visit_window))
        article_id = _shown_article_id(response)
        if article_id is not None:
            _learn_from_page(response)
        view_due = article_id is not None and state.view_due(article_id, now, repeat_window)
        visit_due = state.visit_due(now, visit_window)
        total = None
        if view_due or visit_due:
            if not guard.allow(client_ip(request), now):
                return
            try:
                total = _record(request.site.pk, article_id if view_due else None, visit_due)
            except DatabaseError:
                # The page is worth more than one count: serve it, say what was lost.
                logger.exception("Không ghi được lượt xem/lượt truy cập")
                return
        if article_id is not None:
            if not view_due:
                try:
                    total = shown_total(article_id)
                except DatabaseError:
                    total = None
            # Another worker or server may know fewer views than the one this reader saw
            # last time: a reader's number never goes back.
            total = max(total or 0, state.last_shown(article_id))
            counted_at = now if view_due else state.counted_at(article_id)
            state.mark_article(article_id, counted_at, total)
            setattr(request, REQUEST_TOTALS, {article_id: total})
            _keep_with_page(response, article_id)
        state.mark_seen(now)
        state.write(response, request, now, repeat_window, visit_window)
