"""The home page's "Tin xem nhiều" box: `{% load counters_popular %}{% popular_articles %}`."""

from django import template
from django.conf import settings
from django.utils import timezone

from counters import reports
from news.models import slug_url

register = template.Library()

POPULAR_COUNT = 5
POPULAR_RECENT_DAYS = 7


def _items(rows):
    return [
        {
            "title": row["title"],
            "url": slug_url("news:article-detail", row["slug"]),
            "views": row["period_views"],
        }
        for row in rows
    ]


def popular_lists(site_id, now=None):
    """Return {"recent": [...], "all_time": [...]}: a site's most viewed articles."""
    now = now or timezone.now()
    recent = reports.popular_recent(site_id, POPULAR_RECENT_DAYS, POPULAR_COUNT, now)
    return {
        "recent": _items(recent),
        "all_time": _items(reports.popular_all_time(site_id, POPULAR_COUNT, now)),
    }


@register.inclusion_tag("counters/popular.html", takes_context=True)
def popular_articles(context):
    """Return the context of the "Tin xem nhiều" box: last 7 days and all time.

    With COUNTERS_ENABLED off the rankings would freeze, so the box is left out and
    costs no query. The home page around it is cached for a minute at most
    (portal.pagecache.RANKING_SECONDS, in news/urls.py), so the rankings are at most that
    old. A page that shows this box elsewhere declares the same lifetime.
    """
    if not settings.COUNTERS_ENABLED:
        return {"shown": False}
    site_id = context["request"].site.pk
    return {**popular_lists(site_id), "recent_days": POPULAR_RECENT_DAYS, "shown": True}
