"""Count article views and site visits for public pages, before the page is rendered.

Added to ``MIDDLEWARE`` in portal/settings.py; the news app knows nothing about it. It
acts in ``process_template_response``, i.e. after the view chose its article and status but
before the template renders, so:

- the count is written to this worker's spool file (``counters.spool``: one ``write()``,
  applied to PostgreSQL in batches after responses are sent) before the page showing the
  new total exists: a worker killed afterwards loses nothing a reader saw;
- the total to show goes into the template context as ``counter_article_views`` and the
  page shows "Số lượt người xem: N" including this view.

What counts: a GET answered 200 with an HTML page by a view in the ``news`` namespace
(so not its RSS feeds), not a bot
(crawlerdetect), not a prefetch/prerender, not a staff preview (``news:article-preview``
is never counted, nor an unpublished article however it is reached). An article view counts
once per browser per ``COUNTER_REPEAT_WINDOW_MINUTES``; a visit is the first counted page
view after ``COUNTER_VISIT_WINDOW_MINUTES`` without one. Both are remembered in a signed
cookie (``counters.reader``), never a session; a client without cookies counts every time.
At most ``COUNTER_MAX_PER_IP_PER_MINUTE`` counts per client IP and minute (``counters.guard``).
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import guard, services, spool
from .reader import (
    ReaderState,
    check_trusted_proxies,
    client_ip,
    is_bot,
    is_prefetch,
    now_seconds,
)

logger = logging.getLogger(__name__)

COUNTED_NAMESPACE = "news"
ARTICLE_VIEW_NAME = "news:article-detail"
NEVER_COUNTED_VIEW_NAMES = frozenset({"news:article-preview"})
# Where templates find this request's count: {article pk: total}.
CONTEXT_KEY = "counter_article_views"


def _windows():
    repeat = 60 * getattr(settings, "COUNTER_REPEAT_WINDOW_MINUTES", 30)
    visit = 60 * getattr(settings, "COUNTER_VISIT_WINDOW_MINUTES", 30)
    return repeat, visit


def _countable(request, response):
    """Return whether this request/response is a reader's page view at all."""
    match = request.resolver_match
    return (
        getattr(settings, "COUNTERS_ENABLED", True)
        and match is not None
        and match.namespace == COUNTED_NAMESPACE
        and match.view_name not in NEVER_COUNTED_VIEW_NAMES
        and request.method == "GET"
        and response.status_code == 200
        # Pages only: a feed or a file in the namespace is fetched, not read as a page.
        and response.get("Content-Type", "").startswith("text/html")
        and not is_prefetch(request)
        and not is_bot(request)
    )


def _shown_article(request, response):
    if request.resolver_match.view_name != ARTICLE_VIEW_NAME:
        return None
    context = response.context_data or {}
    if context.get("preview"):
        return None
    article = context.get("article") or context.get("object")
    pk = getattr(article, "pk", None)
    is_published = getattr(article, "is_published", None)
    if pk is None or is_published is None or not is_published():
        return None
    return article


def _record(request, article_id, visit):
    """Count through the spool; straight into PostgreSQL if the spool cannot be written."""
    day = timezone.localdate()
    try:
        total = spool.spool.record(article_id, visit=visit, day=day)
    except OSError:
        logger.exception("Không ghi được tệp đếm, ghi thẳng vào cơ sở dữ liệu")
    else:
        # Taken back if the page then fails to render (CounterMiddleware.__call__).
        request._counters_spooled = (article_id, visit, day)
        return total
    if article_id:
        return services.record_view(article_id, count_visit=visit)
    services.record_visit()
    return None


class CounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # A typo in TRUSTED_PROXIES stops the worker at start-up, not on a reader's request.
        check_trusted_proxies()
        # Likewise a spool folder that cannot be written.
        if getattr(settings, "COUNTERS_ENABLED", True):
            spool.spool_dir()

    def __call__(self, request):
        response = self.get_response(request)
        # Pages answered with a plain HttpResponse never pass process_template_response;
        # they still start visits.
        if not getattr(request, "_counters_seen", False) and _countable(request, response):
            self._count(request, response, article=None)
        spooled = getattr(request, "_counters_spooled", None)
        if spooled is not None and response.status_code != 200:
            # Counted before rendering (so that a killed worker loses nothing), but the page
            # failed to render (a 503 when PostgreSQL went away): the reader saw no page,
            # so the view and visit are taken back.
            try:
                spool.spool.cancel(*spooled)
            except OSError:
                logger.exception("Không ghi được việc huỷ lượt đếm của trang lỗi")
        return response

    def process_template_response(self, request, response):
        request._counters_seen = True
        if _countable(request, response):
            self._count(request, response, article=_shown_article(request, response))
        return response

    def _count(self, request, response, article):
        now = now_seconds()
        repeat_window, visit_window = _windows()
        state = ReaderState.from_request(request, max_age=max(repeat_window, visit_window))
        view_due = article is not None and state.view_due(article.pk, now, repeat_window)
        visit_due = state.visit_due(now, visit_window)
        if view_due or visit_due:
            if not guard.allow(client_ip(request), now):
                return
            try:
                total = _record(request, article.pk if view_due else None, visit_due)
            except DatabaseError:
                # The page is worth more than one count: render it, say what was lost.
                logger.exception("Không ghi được lượt xem/lượt truy cập")
                return
            if view_due:
                state.mark_article(article.pk, now)
                if response.context_data is not None:
                    response.context_data[CONTEXT_KEY] = {article.pk: total}
        state.mark_seen(now)
        state.write(response, request, now, repeat_window, visit_window)
