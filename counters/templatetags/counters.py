"""Template tags that show counts: the site's "Số lượt truy cập" and an article's views.

Both are cheap on purpose, since every public page shows the first one (measured: each
costs tens of microseconds, not the ~0.1-0.2 ms of rendering an included template):

- the site total is ``services.site_totals()`` (one SUM, cached for a few seconds), and
  its digit-box markup is rendered from ``counters/visit_counter.html`` only when that
  total changes, then reused by this process;
- the article total comes from the middleware when this request was counted, else from
  ``counters.spool`` (the total this process last read plus its own unflushed views; one
  primary-key lookup when it has not read it for a while).

With ``COUNTERS_ENABLED=false`` both render nothing and cost nothing: the switch exists for
benchmarks and emergencies, where a page without counters beats a page with stale ones.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html

from .. import services, spool
from ..middleware import CONTEXT_KEY

register = template.Library()

# The original portal draws at least eight digit boxes (36312546); more appear as needed.
MIN_DIGITS = 8
VISIT_COUNTER_TEMPLATE = "counters/visit_counter.html"
ARTICLE_VIEWS_HTML = (
    '<p class="article-views">Số lượt người xem: '
    '<strong class="article-views__number">{}</strong></p>'
)

# (visits, html) of the last rendering in this process; replaced as a whole, so a thread
# reads either the old pair or the new one, never a mix.
_last_visit_counter = (None, "")


def render_visit_counter(visits):
    """Return the digit-box markup for a visit total (at least MIN_DIGITS boxes)."""
    return render_to_string(
        VISIT_COUNTER_TEMPLATE,
        {"visits": visits, "digits": list(str(visits).zfill(MIN_DIGITS))},
    )


def _once_per_request(context, name, compute):
    """Return compute()'s value, computed once per request however often a page asks.

    news.pagecache renders the counters alone and within the page; both must show the
    same numbers even when the cached site total expires between the two.
    """
    request = context.get("request")
    if request is None:
        return compute()
    shown = request.__dict__.setdefault("_counters_shown", {})
    if name not in shown:
        shown[name] = compute()
    return shown[name]


@register.simple_tag(takes_context=True)
def visit_counter(context):
    """Return the "Số lượt truy cập" block: the site's visit total as digit boxes."""
    global _last_visit_counter
    if not settings.COUNTERS_ENABLED:
        return ""
    visits = _once_per_request(context, "visits", lambda: services.site_totals().visits)
    last_visits, html = _last_visit_counter
    if visits != last_visits:
        html = render_visit_counter(visits)
        _last_visit_counter = (visits, html)
    return html


@register.simple_tag(takes_context=True)
def article_views(context, article):
    """Return "Số lượt người xem: N", N including the view that rendered this page."""
    if not settings.COUNTERS_ENABLED:
        return ""
    views = (context.get(CONTEXT_KEY) or {}).get(article.pk)
    if views is None:
        views = _once_per_request(
            context, ("views", article.pk), lambda: spool.spool.shown_total(article.pk)
        )
    return format_html(ARTICLE_VIEWS_HTML, views)
