"""Queries behind the admin report and the "Tin xem nhiều" box: read-only, one query each.

Writes and site sums live in ``counters.services``; this module only ranks and reshapes
what the per-day tables hold, for a period of local days.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from news.models import Article

from .services import daily_site_stats

CHART_DAYS = 30


@dataclass(frozen=True)
class RankedArticle:
    rank: int
    article_id: int
    title: str
    slug: str
    category: str
    publish_at: object
    views: int
    total_views: int


def last_days(days, today=None):
    """Return (first day, today) of the `days` local days ending today."""
    today = today or timezone.localdate()
    return today - timedelta(days=days - 1), today


def daily_series(start, end):
    """Return visits and article views per local day from start to end, 0 for empty days."""
    return daily_site_stats(start, end)


def top_articles(start: date, end: date, limit):
    """Return the `limit` articles most viewed from start to end (local days), ranked.

    Counted articles only: one a reader never opened in the period is not listed. Drafts
    and withdrawn articles stay in the admin report: their views happened.
    """
    rows = (
        Article.objects.filter(daily_views__day__range=(start, end))
        .values("pk", "title", "slug", "category__name", "publish_at")
        .annotate(
            period_views=Sum("daily_views__views"),
            total_views=Coalesce("view_total__views", 0),
        )
        .order_by("-period_views", "-pk")[:limit]
    )
    return [
        RankedArticle(
            rank=rank,
            article_id=row["pk"],
            title=row["title"],
            slug=row["slug"],
            category=row["category__name"],
            publish_at=row["publish_at"],
            views=row["period_views"],
            total_views=row["total_views"],
        )
        for rank, row in enumerate(rows, start=1)
    ]


def popular_recent(days, limit, now=None):
    """Return published articles most viewed in the last `days` local days, with views."""
    start, _today = last_days(days, timezone.localdate(now))
    return list(
        Article.objects.published(now)
        .filter(daily_views__day__gte=start)
        .annotate(period_views=Sum("daily_views__views"))
        .order_by("-period_views", "-publish_at", "-pk")
        .values("title", "slug", "unpublish_at", "period_views")[:limit]
    )


def popular_all_time(limit, now=None):
    """Return published articles with the highest stored totals, with views."""
    return list(
        Article.objects.published(now)
        .filter(view_total__views__gt=0)
        .order_by("-view_total__views", "-publish_at", "-pk")
        .values("title", "slug", "unpublish_at", period_views=Coalesce("view_total__views", 0))[
            :limit
        ]
    )
