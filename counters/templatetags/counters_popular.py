"""The home page's "Tin xem nhiều" box: `{% load counters_popular %}{% popular_articles %}`."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from counters import reports
from news.cache import versioned_key

register = template.Library()

POPULAR_COUNT = 5
POPULAR_RECENT_DAYS = 7
# Readers may see the ranking up to a minute old. An article never outlives its
# unpublish_at in the box (the cached lists expire then), and saving an article or a
# bulk admin action makes them stale at once (news.cache's content version).
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
    now = timezone.now()
    key = versioned_key(POPULAR_CACHE_KEY)
    cached = cache.get(key)
    if cached is not None and (cached["valid_until"] is None or now < cached["valid_until"]):
        return cached["lists"]
    recent = reports.popular_recent(POPULAR_RECENT_DAYS, POPULAR_COUNT, now)
    all_time = reports.popular_all_time(POPULAR_COUNT, now)
    withdrawals = [row["unpublish_at"] for row in recent + all_time if row["unpublish_at"]]
    lists = {"recent": _items(recent), "all_time": _items(all_time)}
    cache.set(
        key,
        {"lists": lists, "valid_until": min(withdrawals, default=None)},
        POPULAR_CACHE_SECONDS,
    )
    return lists


@register.inclusion_tag("counters/popular.html")
def popular_articles():
    """Return the context of the "Tin xem nhiều" box: last 7 days and all time.

    With COUNTERS_ENABLED off the rankings would freeze, so the box is left out and
    costs no query: the news pages' own query counts stay what their tests pin.
    """
    if not getattr(settings, "COUNTERS_ENABLED", True):
        return {"shown": False}
    return {**popular_lists(), "recent_days": POPULAR_RECENT_DAYS, "shown": True}
