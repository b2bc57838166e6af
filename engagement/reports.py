"""The ratings report's queries: per item and per day, for a site family and a period.

Read-only, one query each. Items are shown with their title and address when they still
exist, and articles with their views of the same period (counters), side by side.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.urls import reverse

from counters.models import ArticleDailyViews
from news.models import Article

from .models import Rating

ARTICLE = ("news", "article")


@dataclass
class ItemResult:
    content_type_id: int
    object_id: int
    useful: int
    not_useful: int
    comments: int
    title: str = ""
    url: str = ""
    admin_url: str = ""
    views: int | None = None

    @property
    def total(self):
        return self.useful + self.not_useful

    @property
    def useful_percent(self):
        return round(100 * self.useful / self.total) if self.total else 0


@dataclass(frozen=True)
class DayResult:
    day: object
    useful: int
    not_useful: int

    @property
    def total(self):
        return self.useful + self.not_useful


def _period(site_ids, start, end):
    return Rating.objects.filter(site_id__in=list(site_ids), day__range=(start, end))


def _counts():
    return {
        "useful_count": Count("pk", filter=Q(useful=True)),
        "not_useful_count": Count("pk", filter=Q(useful=False)),
    }


def item_results(site_ids, start, end, limit):
    """Return the `limit` items with the most ratings in the period, most rated first."""
    rows = (
        _period(site_ids, start, end)
        .values("content_type_id", "object_id")
        .annotate(**_counts(), comment_count=Count("pk", filter=~Q(comment="")), total=Count("pk"))
        .order_by("-total", "-useful_count", "object_id")[:limit]
    )
    return [
        ItemResult(row["content_type_id"], row["object_id"], row["useful_count"],
                   row["not_useful_count"], row["comment_count"])
        for row in rows
    ]  # fmt: skip


def describe(items, start, end):
    """Give articles among `items` their title, addresses and views in the period (2 queries)."""
    article_type = ContentType.objects.get_by_natural_key(*ARTICLE).pk
    ids = [item.object_id for item in items if item.content_type_id == article_type]
    if not ids:
        return items
    articles = Article.objects.filter(pk__in=ids).only("title", "slug").in_bulk()
    views = dict(
        ArticleDailyViews.objects.filter(article_id__in=ids, day__range=(start, end))
        .values("article_id")
        .annotate(total=Sum("views"))
        .values_list("article_id", "total")
    )
    for item in items:
        article = articles.get(item.object_id) if item.content_type_id == article_type else None
        if article is not None:
            item.title = article.title
            item.url = article.get_absolute_url()
            item.admin_url = reverse("admin:news_article_change", args=[article.pk])
            item.views = views.get(article.pk, 0)
    return items


def day_results(site_ids, start, end):
    """Return one DayResult per day from start to end, zero where nobody rated."""
    found = {
        row["day"]: row
        for row in _period(site_ids, start, end).values("day").annotate(**_counts()).order_by()
    }
    days, day = [], start
    while day <= end:
        row = found.get(day, {})
        days.append(DayResult(day, row.get("useful_count", 0), row.get("not_useful_count", 0)))
        day += timedelta(days=1)
    return days


def comments(site_ids, start, end, limit, content_type_id=None, object_id=None):
    """Return the period's ratings that carry a comment, newest day first."""
    rows = _period(site_ids, start, end).exclude(comment="")
    if content_type_id is not None:
        rows = rows.filter(content_type_id=content_type_id, object_id=object_id)
    return list(rows.only("day", "useful", "comment", "content_type_id", "object_id")[:limit])
