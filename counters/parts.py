"""The counters on readers' pages: the per-request parts portal.pagecache fills in.

- ``article_views``: "Số lượt người xem: N". N is the total this request's count returned
  (it includes this reader's view) or, for a reader counted earlier, the stored total,
  which only ever grows: the same reader never sees it go back, whichever server answers.
- ``visit_counter``: the site's "Số lượt truy cập" as digit boxes.

Both render nothing with ``COUNTERS_ENABLED`` off.
"""

from django.conf import settings
from django.utils.html import format_html, format_html_join

from . import services

# The original portal draws at least eight digit boxes (36312546); more appear as needed.
MIN_DIGITS = 8
VISIT_COUNTER_HTML = (
    '<section class="visit-counter" aria-labelledby="visit-counter-title">'
    '<h2 class="visit-counter__title" id="visit-counter-title">Số lượt truy cập</h2>'
    '<p class="visit-counter__number"><span class="visually-hidden">{}</span>'
    '<span class="visit-counter__digits" aria-hidden="true">{}</span></p></section>'
)
ARTICLE_VIEWS_HTML = (
    '<p class="article-views">Số lượt người xem: '
    '<strong class="article-views__number">{}</strong></p>'
)
# Where the counter middleware leaves this request's counts: {article id: total}.
REQUEST_TOTALS = "counted_views"


def article_views(request, article_id):
    """Return "Số lượt người xem: N" for the article, N including this reader's view."""
    if not settings.COUNTERS_ENABLED:
        return ""
    article_id = int(article_id)
    total = getattr(request, REQUEST_TOTALS, {}).get(article_id)
    if total is None:  # a page the middleware did not count (a bot's, a staff preview)
        total = services.article_total(article_id)
    return format_html(ARTICLE_VIEWS_HTML, total)


def render_visit_counter(visits):
    """Return the digit-box markup for a visit total (at least MIN_DIGITS boxes).

    Screen readers read the whole number once; the boxes are hidden from them.
    """
    digits = format_html_join(
        "",
        '<span class="visit-counter__digit">{}</span>',
        ((d,) for d in str(visits).zfill(MIN_DIGITS)),
    )
    return format_html(VISIT_COUNTER_HTML, visits, digits)


def visit_counter(request, arg=""):
    """Return the "Số lượt truy cập" block: the site's visit total as digit boxes."""
    if not settings.COUNTERS_ENABLED:
        return ""
    return render_visit_counter(services.site_totals().visits)
