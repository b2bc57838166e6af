"""Template tags that show counts: the site's "Số lượt truy cập" and an article's views.

Both are cheap on purpose, since every public page shows the first one: the site total is
``services.site_totals()`` (a SUM cached for a few seconds) and the article total comes
from the middleware's upsert (``RETURNING``) when this request was counted, else from one
primary-key lookup.

With ``COUNTERS_ENABLED=false`` both render nothing and cost nothing: the switch exists for
benchmarks and emergencies, where a page without counters beats a page with stale ones.
"""

from django import template
from django.conf import settings

from .. import services
from ..middleware import CONTEXT_KEY

register = template.Library()

# The original portal draws at least eight digit boxes (36312546); more appear as needed.
MIN_DIGITS = 8


@register.inclusion_tag("counters/visit_counter.html")
def visit_counter():
    """Return the site's visit total, as a number and as zero-padded digits to draw."""
    if not settings.COUNTERS_ENABLED:
        return {"hidden": True}
    visits = services.site_totals().visits
    return {"visits": visits, "digits": list(str(visits).zfill(MIN_DIGITS))}


@register.inclusion_tag("counters/article_views.html", takes_context=True)
def article_views(context, article):
    """Return the article's view total, including the view that rendered this page."""
    if not settings.COUNTERS_ENABLED:
        return {"hidden": True}
    counted = context.get(CONTEXT_KEY) or {}
    views = counted.get(article.pk)
    if views is None:
        views = services.article_total(article.pk)
    return {"views": views}
