"""Small readers of the counters tables used by several test modules."""

import re

from django.db.models import Sum

from counters.models import ArticleDailyViews, ArticleViewTotal, SiteDailyStats

BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36"
)
GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def article_views(article):
    """Return the stored running total of an article, 0 when it has no row."""
    row = ArticleViewTotal.objects.filter(article=article).first()
    return row.views if row else 0


def article_daily_views(article):
    """Return the sum of an article's per-day rows."""
    return ArticleDailyViews.objects.filter(article=article).aggregate(n=Sum("views"))["n"] or 0


def site_sums():
    """Return (visits, views) summed over every site shard row."""
    sums = SiteDailyStats.objects.aggregate(visits=Sum("visits"), views=Sum("views"))
    return (sums["visits"] or 0, sums["views"] or 0)


_SHOWN = re.compile(r'Số lượt người xem: <strong class="article-views__number">(\d+)</strong>')


def shown_views(response):
    """Return the "Số lượt người xem" number a page shows, or None if it shows none."""
    match = _SHOWN.search(response.content.decode())
    return int(match.group(1)) if match else None
