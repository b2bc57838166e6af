"""Planned-downtime notices: which a page shows, when that changes, and the 7-working-day rule.

Nghị định 224/2026/NĐ-CP (art. 13.1.a) asks a portal to announce a planned stop at least
7 working days ahead, with the expected restore time. A notice shows on its site's pages
from ``show_from`` until ``restore_at``; a province portal's notice flagged
``on_components`` shows on its component sites too.
"""

from datetime import timedelta
from functools import lru_cache

import holidays
from django.db import connection
from django.utils import timezone

from multisite.sites import tree
from news.models import instances, select_sql
from news.siteparts import register_site_part, site_part

from .models import DowntimeNotice

REQUIRED_WORKING_DAYS = 7
SATURDAY = 5


# What DowntimeNoticeQuerySet.shown_on() asks, written out: every uncached page reads it, and
# compiling the queryset cost more than running it (as news.models.fetch says).
_SHOWN_WHERE = (
    "(site_id = %s OR (site_id = ANY(%s) AND on_components))"
    " AND show_from <= %s AND restore_at > %s"
)


NOTICES_PART = "notices"


def _shown_params(request):
    site_id, now = request.site.pk, timezone.now()
    return [site_id, tree().ancestors(site_id), now, now]


def register_notices_part():
    """Register the notices shown now as a part of every page's chrome, read with the
    rest of it in one round trip (news.siteparts; EngagementConfig.ready)."""
    register_site_part(
        NOTICES_PART,
        select_sql(DowntimeNotice, _SHOWN_WHERE, "stop_at, id"),
        params=_shown_params,
        build=lambda request, rows: instances(DowntimeNotice, rows),
        empty=list,
    )


def notices_of(request):
    """Return the notices the request's page shows now (news.siteparts)."""
    return site_part(request, NOTICES_PART)


def next_notice_change(site_ids, now=None):
    """Return the next moment a notice of these sites, or of the sites above them, appears
    or disappears, or None: portal.pagecache keeps no page of theirs past it (one query)."""
    now = now or timezone.now()
    ids = tree().with_ancestors(site_ids)
    table = DowntimeNotice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min(CASE WHEN show_from > %s THEN show_from ELSE restore_at END) FROM {table}"
            " WHERE site_id = ANY(%s) AND restore_at > %s",
            [now, ids, now],
        )
        return cursor.fetchone()[0]


@lru_cache(maxsize=16)
def _holidays(year):
    return holidays.country_holidays("VN", years=year)


def is_working_day(day):
    """Return whether `day` is a working day: Monday to Friday, not a public holiday."""
    return day.weekday() < SATURDAY and day not in _holidays(day.year)


def working_days_between(start, end):
    """Return the working days after the local day of `start`, up to that of `end`."""
    first = timezone.localdate(start) + timedelta(days=1)
    last = timezone.localdate(end)
    count, day = 0, first
    while day <= last:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def notice_lead(notice, now=None):
    """Return the working days between when readers first see the notice and the stop."""
    now = now or timezone.now()
    return working_days_between(max(notice.show_from, now), notice.stop_at)


def short_notice_warning(notice, now=None):
    """Return the Vietnamese warning for a notice shown fewer than 7 working days ahead, or
    None when it is early enough (or the stop is already past)."""
    now = now or timezone.now()
    if notice.stop_at <= now:
        return None
    lead = notice_lead(notice, now)
    if lead >= REQUIRED_WORKING_DAYS:
        return None
    return (
        f"Chú ý: bạn đọc chỉ được báo trước {lead} ngày làm việc trước lúc ngừng hoạt động "
        f"({timezone.localtime(notice.stop_at):%H:%M ngày %d/%m/%Y}). Nghị định "
        f"224/2026/NĐ-CP (điều 13.1.a) yêu cầu thông báo trước ít nhất "
        f"{REQUIRED_WORKING_DAYS} ngày làm việc (không tính thứ Bảy, Chủ nhật và ngày lễ): "
        "hãy cho thông báo hiện sớm hơn hoặc dời thời điểm ngừng."
    )
