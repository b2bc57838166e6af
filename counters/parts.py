"""The counters on readers' pages: the per-request parts portal.pagecache fills in.

- ``article_views``: "Số lượt người xem: N". N is the total this request's count returned
  (it includes this reader's view) or, for a reader counted earlier, the stored total,
  which only ever grows: the same reader never sees it go back, whichever server answers.
- ``visit_counter``: the request's site's "Số lượt truy cập" as digit boxes.

Both render nothing with ``COUNTERS_ENABLED`` off.
"""

from django.conf import settings
from django.utils.safestring import mark_safe

from . import services, spool

# The original portal draws at least eight digit boxes (36312546); more appear as needed.
MIN_DIGITS = 8
VISIT_COUNTER_HTML = (
    '<section class="visit-counter" aria-labelledby="visit-counter-title">'
    '<h2 class="visit-counter__title" id="visit-counter-title">Số lượt truy cập</h2>'
    '<p class="visit-counter__number"><span class="visually-hidden">{}</span>'
    '<span class="visit-counter__digits" aria-hidden="true">{}</span></p></section>'
)
DIGIT_HTML = {d: f'<span class="visit-counter__digit">{d}</span>' for d in "0123456789"}
ARTICLE_VIEWS_HTML = (
    '<p class="article-views">Số lượt người xem: '
    '<strong class="article-views__number">{}</strong></p>'
)
# Where counting (counters.counting) leaves this request's counts: {article id: total}.
REQUEST_TOTALS = "counted_views"


def article_views(request, article_id):
    """Return "Số lượt người xem: N" for the article, N including this reader's view."""
    if not settings.COUNTERS_ENABLED:
        return ""
    article_id = int(article_id)
    total = getattr(request, REQUEST_TOTALS, {}).get(article_id)
    if total is None:  # a page that was not counted (a bot's, a staff preview)
        total = shown_total(article_id)
    return mark_safe(ARTICLE_VIEWS_HTML.format(int(total)))  # a number: nothing to escape


def shown_total(article_id):
    """Return the article's total as this process knows it (stored, plus spooled here):
    without a query when it was read with the page or came with the cached page."""
    if settings.COUNTER_SPOOL:
        return spool.spool.shown_total(article_id)
    return services.article_total(article_id)


def render_visit_counter(visits):
    """Return the digit-box markup for a visit total (at least MIN_DIGITS boxes).

    Screen readers read the whole number once; the boxes are hidden from them.
    """
    number = str(int(visits))  # a number: nothing to escape
    digits = "".join(DIGIT_HTML[d] for d in number.zfill(MIN_DIGITS))
    return mark_safe(VISIT_COUNTER_HTML.format(number, digits))


def visit_counter(request, arg=""):
    """Return the "Số lượt truy cập" block: the site's visit total as digit boxes."""
    if not settings.COUNTERS_ENABLED or getattr(request, "site", None) is None:
        return ""
    site_id = request.site.pk
    if settings.COUNTER_SPOOL:
        visits = spool.spool.shown_site_visits(site_id)
    else:
        visits = services.site_totals([site_id]).visits
    return render_visit_counter(visits)


DOWNLOADS_HTML = '<p class="doc-downloads">Lượt tải: <strong>{}</strong></p>'


def document_downloads(request, document_id):
    """Return "Lượt tải: N", the downloads of all the document's files."""
    if not settings.COUNTERS_ENABLED:
        return ""
    from .downloads import document_downloads as total

    return mark_safe(DOWNLOADS_HTML.format(total(int(document_id))))  # a number
