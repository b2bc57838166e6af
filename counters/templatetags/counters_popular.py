"""The home page's "Tin xem nhiều" box: `{% load counters_popular %}{% popular_articles %}`."""

from django import template
from django.core.cache import cache
from django.urls import reverse

from counters import reports

register = template.Library()

POPULAR_COUNT = 5
POPULAR_RECENT_DAYS = 7
# Readers may see the ranking up to a minute old; a withdrawn article leaves it at once
# because the cached list is dropped when any article is saved (counters.popular_cache).
POPULAR_CACHE_SECONDS = 60
POPULAR_CACHE_KEY = "counters:popular:v1"


def _items(rows):
    return [
        {
            "title": row["title"],
            "url": reverse("news:article-detail", kwargs={"slug": row["slug"]}),
            "views": row["period_views"],
        }
        for row in rows
    ]


def popular_lists():
    """Return {"recent": [...], "all_time": [...]}, computed at most once a minute."""
    lists = cache.get(POPULAR_CACHE_KEY)
    if lists is None:
        lists = {
            "recent": _items(reports.popular_recent(POPULAR_RECENT_DAYS, POPULAR_COUNT)),
            "all_time": _items(reports.popular_all_time(POPULAR_COUNT)),
        }
        cache.set(POPULAR_CACHE_KEY, lists, POPULAR_CACHE_SECONDS)
    return lists


@register.inclusion_tag("counters/popular.html")
def popular_articles():
    """Return the context of the "Tin xem nhiều" box: last 7 days and all time."""
    return {**popular_lists(), "recent_days": POPULAR_RECENT_DAYS}
