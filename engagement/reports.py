"""The ratings report's queries: per item and per day, for a site family and a period.

Read-only, one query each. Items are shown with their kind, title and address when they
still exist, and, where their kind counts views (articles), their views of the same period
(counters), side by side. `kind` ("agency.page") narrows any of them to one kind.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .models import Rating
from .targets import RATEABLE


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
    kind: str = ""

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


def _period(site_ids, start, end, content_type_id=None, object_id=None):
    rows = Rating.objects.filter(site_id__in=list(site_ids), day__range=(start, end))
    if content_type_id is not None:
        rows = rows.filter(content_type_id=content_type_id)
        if object_id is not None:
            rows = rows.filter(object_id=object_id)
    return rows


def _counts():
    return {
        "useful_count": Count("pk", filter=Q(useful=True)),
        "not_useful_count": Count("pk", filter=Q(useful=False)),
    }


def item_results(site_ids, start, end, limit, content_type_id=None, object_id=None):
    """Return the `limit` items with the most ratings in the period, most rated first
    (of one kind, or one item, if asked)."""
    rows = (
        _period(site_ids, start, end, content_type_id, object_id)
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
    """Give `items` their kind, title, addresses and, where their kind counts views, their
    views in the period: a query or two per kind present (engagement.targets)."""
    for model, content_type in ContentType.objects.get_for_models(*rated_models()).items():
        content_type_id, kind = content_type.pk, RATEABLE[model._meta.label_lower]
        ids = [item.object_id for item in items if item.content_type_id == content_type_id]
        if not ids:
            continue
        found = kind.describe(ids)
        views = kind.views(ids, start, end) if kind.views is not None else None
        for item in items:
            if item.content_type_id != content_type_id:
                continue
            item.kind = kind.name
            described = found.get(item.object_id)
            if described is not None:
                item.title, item.url = described.title, described.url
                item.admin_url = described.admin_url
                if views is not None:
                    item.views = views.get(item.object_id, 0)
    return items


def rated_models():
    """Return the models of every rateable kind."""
    return [apps.get_model(label) for label in RATEABLE]


def kind_content_type(label):
    """Return the content type id of a rateable kind ("agency.page")."""
    return ContentType.objects.get_for_model(apps.get_model(label)).pk


def day_results(site_ids, start, end, content_type_id=None, object_id=None):
    """Return one DayResult per day from start to end, zero where nobody rated (of one
    kind, or one item, if asked)."""
    rows = _period(site_ids, start, end, content_type_id, object_id)
    found = {row["day"]: row for row in rows.values("day").annotate(**_counts()).order_by()}
    days, day = [], start
    while day <= end:
        row = found.get(day, {})
        days.append(DayResult(day, row.get("useful_count", 0), row.get("not_useful_count", 0)))
        day += timedelta(days=1)
    return days


def comments(site_ids, start, end, limit, content_type_id=None, object_id=None):
    """Return the period's ratings that carry a comment, newest day first."""
    rows = _period(site_ids, start, end, content_type_id, object_id).exclude(comment="")
    return list(rows.only("day", "useful", "comment", "content_type_id", "object_id")[:limit])
