"""The counting services: baselines, per-day rows, shards and both commit modes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import override_settings

from counters import services
from counters.models import SITE_SHARDS, ArticleDailyViews, SiteDailyStats
from counters.spool import spool
from tests.factories import make_article

from .helpers import article_views, site_sums

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_article_baseline_is_added_to_live_counts():
    """Views counted before an import are kept on top of the imported total."""
    article = make_article()
    services.record_view(article.site_id, article.pk)
    services.set_article_baseline(article.pk, 7168)
    assert services.record_view(article.site_id, article.pk) == 7170


def test_article_baseline_import_is_idempotent():
    """Importing the same baseline twice does not add it twice."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    services.set_article_baseline(article.pk, 7168)
    assert article_views(article) == 7168


def test_article_baseline_can_be_corrected():
    """A corrected import replaces the earlier baseline inside the total."""
    article = make_article()
    services.set_article_baseline(article.pk, 7000)
    services.record_view(article.site_id, article.pk)
    services.set_article_baseline(article.pk, 7168)
    assert article_views(article) == 7169


def test_site_baseline_is_added_to_totals():
    """The imported site visits are part of the all-time total."""
    services.set_site_baseline(1, visits=36312546)
    services.record_visit(1)
    assert services.site_totals([1]).visits == 36312547


def test_views_fall_on_the_local_day():
    """A view at 23:59 and one at 00:01 Vietnamese time land on two days."""
    article = make_article()
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, tzinfo=HCM), tick=False):
        services.record_view(article.site_id, article.pk)
    with time_machine.travel(datetime(2026, 3, 2, 0, 1, tzinfo=HCM), tick=False):
        services.record_view(article.site_id, article.pk)
    days = sorted(ArticleDailyViews.objects.values_list("day", flat=True))
    assert days == [date(2026, 3, 1), date(2026, 3, 2)]


def test_spooled_views_fall_on_the_local_day_to_the_second():
    """Spooled views at 23:59:59 and 00:00:00 Vietnamese time land on two days (the spool
    works the day out once a second)."""
    article = make_article()
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, 59, tzinfo=HCM), tick=False):
        spool.record(article.site_id, article.pk)
    with time_machine.travel(datetime(2026, 3, 2, 0, 0, 0, tzinfo=HCM), tick=False):
        spool.record(article.site_id, article.pk)
    spool.flush(force=True)
    days = sorted(ArticleDailyViews.objects.values_list("day", flat=True))
    assert days == [date(2026, 3, 1), date(2026, 3, 2)]


def test_site_rows_never_exceed_shard_count_per_day():
    """However many counts, a day has at most SITE_SHARDS site rows."""
    article = make_article()
    for _ in range(100):
        services.record_view(article.site_id, article.pk, count_visit=True)
    assert SiteDailyStats.objects.count() <= SITE_SHARDS
    assert site_sums() == (100, 100)


def test_daily_site_stats_sums_shards_and_fills_gaps():
    """Daily figures add the shards of each day and show 0 for a day without counts."""
    article = make_article()
    day1 = datetime(2026, 3, 1, 10, tzinfo=HCM)
    for _ in range(3):
        services.record_view(article.site_id, article.pk, count_visit=True, now=day1)
    services.record_visit(1, now=day1 + timedelta(days=2))
    stats = services.daily_site_stats(date(2026, 3, 1), date(2026, 3, 3), [1])
    assert [(s.day.day, s.visits, s.views) for s in stats] == [(1, 3, 3), (2, 0, 0), (3, 1, 0)]


@override_settings(COUNTER_ASYNC_COMMIT=False)
def test_synchronous_commit_mode_counts_the_same():
    """With COUNTER_ASYNC_COMMIT=false the same statements count without set_config."""
    article = make_article()
    assert services.record_view(article.site_id, article.pk, count_visit=True) == 1
    services.record_visit(1)
    assert site_sums() == (2, 1)


def test_async_commit_is_switched_on_for_the_counter_statement():
    """record_view() sets synchronous_commit=off for the transaction it runs in."""
    article = make_article()
    with connection.cursor() as cursor:
        # The test wraps everything in one transaction, so the local setting is visible.
        services.record_view(article.site_id, article.pk)
        cursor.execute("SELECT current_setting('synchronous_commit')")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db(transaction=True)
def test_async_commit_does_not_leak_into_other_writes():
    """In autocommit the switch ends with the counter statement: later writes are durable."""
    article = make_article()
    services.record_view(article.site_id, article.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        assert cursor.fetchone()[0] == "on"
