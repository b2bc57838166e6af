"""The only code that writes or sums counts. Everything else calls these functions.

Public API (stable; the admin report, the home page widget and the importer use it):

- ``apply_batch(views, visits_by_day, views_by_day, progress=None) -> {article: total}``:
  apply many counts at once (what ``counters.spool`` flushes from its files): one upsert
  per table with ``n = n + k``, the spool file's new offset in the same transaction.
- ``spool_offset(name)`` / ``forget_spool(name)``: a spool file's committed offset.

- ``record_view(article_id, count_visit=False, now=None) -> int``: count one article
  view (and, when asked, one site visit) and return the article's new total. One SQL
  statement, committed before it returns. The middleware counts through
  ``counters.spool`` and uses this only when its spool file cannot be written.
- ``record_visit(now=None) -> None``: count one site visit without an article view.
- ``article_total(article_id) -> int``: the stored total of one article (0 if never seen).
- ``site_totals(use_cache=True) -> SiteTotals``: all-time visits and article views,
  baseline included; cached for ``SITE_TOTALS_CACHE_SECONDS``.
- ``daily_site_stats(start, end) -> list[DayStats]``: visits and views per local day in
  [start, end], shards summed, days without counts filled with zeros.
- ``set_article_baseline(article_id, views)`` / ``set_site_baseline(visits, views=0)``:
  store the totals imported from the old portal; idempotent and safe while counting runs.

Why the SQL is hand-written: every increment must be one atomic statement,
``INSERT ... ON CONFLICT DO UPDATE SET n = t.n + 1 RETURNING n``. Never read-modify-write,
never ``exists()`` then ``create()``: two gunicorn workers (or two app servers) counting
the same article at once both succeed and neither increment is lost, because PostgreSQL
re-evaluates the ``SET`` on the row version the other writer committed.
Django's ``bulk_create(update_conflicts=True)`` cannot express ``n = t.n + 1`` nor return
the new value, so the statements are written out.

Durability: the statements run in autocommit, outside any view transaction, so the count
is committed before the response that shows it is rendered; a killed worker loses nothing a
reader saw. With ``COUNTER_ASYNC_COMMIT`` (default on) the counter transaction alone runs
with ``synchronous_commit = off``; see docs/operations.md for what that trades.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from news.models import Article

from .models import (
    SITE_SHARDS,
    ArticleDailyViews,
    ArticleViewTotal,
    SiteBaseline,
    SiteDailyStats,
    SpoolProgress,
)

# The site total is a SUM over many rows; readers may see it a few seconds old.
SITE_TOTALS_CACHE_SECONDS = 5
SITE_TOTALS_CACHE_KEY = "counters:site-totals"

_TOTAL = ArticleViewTotal._meta.db_table
_DAILY = ArticleDailyViews._meta.db_table
_SITE = SiteDailyStats._meta.db_table
_BASELINE = SiteBaseline._meta.db_table
_PROGRESS = SpoolProgress._meta.db_table
_ARTICLE = Article._meta.db_table

# Local (per transaction) switch to asynchronous commit, see docs/operations.md. As a CTE
# that the final INSERT selects from, it runs inside the one statement, hence the one
# implicit transaction, whose commit it affects.
_ASYNC_CTE = "cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS v)"

# Each upsert takes its row from {source}: "VALUES (...)" or "SELECT ... FROM cfg".
_TOTAL_UPSERT = f"""
INSERT INTO {_TOTAL} AS t (article_id, views, baseline) {{source}}
ON CONFLICT (article_id) DO UPDATE SET views = t.views + 1
RETURNING views
"""
_DAILY_UPSERT = f"""
INSERT INTO {_DAILY} AS d (article_id, day, views) VALUES (%s, %s, 1)
ON CONFLICT (article_id, day) DO UPDATE SET views = d.views + 1
"""
_SITE_UPSERT = f"""
INSERT INTO {_SITE} AS s (day, shard, visits, views) {{source}}
ON CONFLICT (day, shard) DO UPDATE
SET visits = s.visits + EXCLUDED.visits, views = s.views + EXCLUDED.views
"""
_SITE_VALUES = "VALUES (%s, %s, %s, %s)"


@dataclass(frozen=True)
class SiteTotals:
    visits: int
    views: int


@dataclass(frozen=True)
class DayStats:
    day: date
    visits: int
    views: int


def _async_commit():
    return getattr(settings, "COUNTER_ASYNC_COMMIT", True)


def _shard():
    return random.randrange(SITE_SHARDS)


def record_view(article_id, count_visit=False, now=None):
    """Return the article's new view total after counting one view (and maybe a visit)."""
    day = timezone.localdate(now)
    site_params = [day, _shard(), 1 if count_visit else 0, 1]
    # One round trip, one implicit transaction: all three rows or none.
    ctes = [
        f"daily AS ({_DAILY_UPSERT})",
        f"site AS ({_SITE_UPSERT.format(source=_SITE_VALUES)})",
    ]
    source = "SELECT %s, 1, 0"
    if _async_commit():
        ctes.insert(0, _ASYNC_CTE)
        source += " FROM cfg"
    sql = "WITH " + ", ".join(ctes) + _TOTAL_UPSERT.format(source=source)
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id, day, *site_params, article_id])
        return cursor.fetchone()[0]


def record_visit(now=None):
    """Count one site visit on a page that counts no article view."""
    params = [timezone.localdate(now), _shard(), 1, 0]
    if _async_commit():
        source = "SELECT %s::date, %s, %s, %s FROM cfg"
        sql = f"WITH {_ASYNC_CTE} {_SITE_UPSERT.format(source=source)}"
    else:
        sql = _SITE_UPSERT.format(source=_SITE_VALUES)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class SpoolConflict(DatabaseError):
    """A spool file's committed offset is not the one its flusher started from."""


# Batched upserts: one statement per table for a whole spool batch. Rows come
# sorted, so two flushers lock shared rows in the same order and never deadlock. Counts of
# an article deleted since it was viewed are dropped (its rows are gone too).
_BATCH_DAILY = f"""
INSERT INTO {_DAILY} AS d (article_id, day, views)
SELECT u.a, u.d, u.n FROM unnest(%s::bigint[], %s::date[], %s::bigint[]) AS u(a, d, n)
WHERE EXISTS (SELECT 1 FROM {_ARTICLE} WHERE id = u.a)
ORDER BY u.a, u.d
ON CONFLICT (article_id, day) DO UPDATE SET views = d.views + EXCLUDED.views
"""
_BATCH_TOTAL = f"""
INSERT INTO {_TOTAL} AS t (article_id, views, baseline)
SELECT u.a, u.n, 0 FROM unnest(%s::bigint[], %s::bigint[]) AS u(a, n)
WHERE EXISTS (SELECT 1 FROM {_ARTICLE} WHERE id = u.a)
ORDER BY u.a
ON CONFLICT (article_id) DO UPDATE SET views = t.views + EXCLUDED.views
RETURNING article_id, views
"""


def apply_batch(views, visits_by_day, views_by_day, progress=None):
    """Apply many counts in one transaction and return {article id: new total}.

    ``views`` maps (article id, day) to a number of views; ``visits_by_day`` and
    ``views_by_day`` map days to the site's visits and article views. With ``progress``
    = (spool file name, offset read from, new offset), the file's committed offset moves
    in the same transaction, and only if it still is the offset read from; otherwise
    SpoolConflict is raised and nothing is applied.
    """
    per_article = Counter()
    for (article_id, _day), n in views.items():
        per_article[article_id] += n
    added = sorted(views.items())
    totals = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if progress is not None:
            _advance(cursor, *progress)
        if added:
            ids = [article_id for (article_id, _day), _n in added]
            days = [day for (_article_id, day), _n in added]
            cursor.execute(_BATCH_DAILY, [ids, days, [n for _key, n in added]])
            gains = sorted(per_article)
            cursor.execute(_BATCH_TOTAL, [gains, [per_article[a] for a in gains]])
            totals = dict(cursor.fetchall())
        for day in sorted(set(visits_by_day) | set(views_by_day)):
            cursor.execute(
                _SITE_UPSERT.format(source=_SITE_VALUES),
                [day, _shard(), visits_by_day.get(day, 0), views_by_day.get(day, 0)],
            )
    return totals


# Moves a spool file's offset from start to end in one statement: inserts the row for a new
# file (start 0), updates it only where it still says start, and does nothing otherwise
# (a missing row with start > 0 means the file was forgotten: nothing may be applied).
_ADVANCE = f"""
INSERT INTO {_PROGRESS} AS p (name, applied_bytes, updated_at)
SELECT %(name)s, %(end)s, %(now)s
WHERE %(start)s = 0 OR EXISTS (SELECT 1 FROM {_PROGRESS} WHERE name = %(name)s)
ON CONFLICT (name) DO UPDATE
SET applied_bytes = EXCLUDED.applied_bytes, updated_at = EXCLUDED.updated_at
WHERE p.applied_bytes = %(start)s
"""


def _advance(cursor, name, start, end):
    cursor.execute(_ADVANCE, {"name": name, "start": start, "end": end, "now": timezone.now()})
    if cursor.rowcount != 1:
        raise SpoolConflict(f"Tệp đếm {name}: vị trí đã ghi không còn là {start}.")


def spool_offset(name):
    """Return how many bytes of a spool file have been applied (0 for a new file)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT applied_bytes FROM {_PROGRESS} WHERE name = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else 0


def forget_spool(name):
    """Delete a spool file's progress row, once the file itself is gone."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_PROGRESS} WHERE name = %s", [name])


def article_total(article_id):
    """Return the stored view total of one article, 0 if it was never counted."""
    total = (
        ArticleViewTotal.objects.filter(article_id=article_id)
        .values_list("views", flat=True)
        .first()
    )
    return total or 0


def site_totals(use_cache=True):
    """Return all-time site visits and article views, imported baseline included."""
    if use_cache:
        cached = cache.get(SITE_TOTALS_CACHE_KEY)
        if cached is not None:
            return SiteTotals(*cached)
    # One query: every shard row of every day, plus the imported baseline.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT
                COALESCE(SUM(visits), 0)
                + COALESCE((SELECT visits FROM {_BASELINE} WHERE id = %s), 0),
                COALESCE(SUM(views), 0)
                + COALESCE((SELECT views FROM {_BASELINE} WHERE id = %s), 0)
            FROM {_SITE}
            """,
            [SiteBaseline.SINGLETON_PK, SiteBaseline.SINGLETON_PK],
        )
        visits, views = cursor.fetchone()
    totals = SiteTotals(visits=int(visits), views=int(views))
    if use_cache:
        cache.set(SITE_TOTALS_CACHE_KEY, (totals.visits, totals.views), SITE_TOTALS_CACHE_SECONDS)
    return totals


def daily_site_stats(start, end):
    """Return one DayStats per local day from start to end inclusive, zeros where empty."""
    rows = (
        SiteDailyStats.objects.filter(day__range=(start, end))
        .values("day")
        .annotate(visits=Sum("visits"), views=Sum("views"))
        .order_by()
    )
    by_day = {row["day"]: row for row in rows}
    result = []
    day = start
    while day <= end:
        row = by_day.get(day)
        result.append(DayStats(day, row["visits"] if row else 0, row["views"] if row else 0))
        day += timedelta(days=1)
    return result


def set_article_baseline(article_id, views):
    """Store an article's imported total; live counts made meanwhile are kept on top."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {_TOTAL} AS t (article_id, views, baseline) VALUES (%s, %s, %s)
            ON CONFLICT (article_id) DO UPDATE
            SET views = t.views - t.baseline + EXCLUDED.baseline, baseline = EXCLUDED.baseline
            """,
            [article_id, views, views],
        )


def set_site_baseline(visits, views=0):
    """Store the site totals imported from the old portal (replacing any earlier import)."""
    # The row is created by migration 0001; an UPDATE of one row is atomic by itself.
    SiteBaseline.objects.filter(pk=SiteBaseline.SINGLETON_PK).update(
        visits=visits, views=views, updated_at=timezone.now()
    )
    cache.delete(SITE_TOTALS_CACHE_KEY)
