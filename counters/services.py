"""The only code that writes or sums counts. Everything else calls these functions.

- ``apply_batch(views, sites, progress=None) -> {article: total}``: apply many counts at
  once (what ``counters.spool`` flushes): one upsert per table with ``n = n + k``, the
  spool file's new offset in the same transaction.
- ``record_view(site_id, article_id, count_visit=False) -> int`` / ``record_visit(site_id)``:
  count one view (and maybe a visit) in one statement; counting uses these when its
  spool file cannot be written, or with ``COUNTER_SPOOL`` off.
- ``article_total(article_id)``, ``site_totals(site_ids)``, ``daily_site_stats(start, end,
  site_ids)``: what readers and the admin report are shown.
- ``set_article_baseline(article_id, views)`` / ``set_site_baseline(site_id, visits)``:
  totals imported from an old portal; idempotent and safe while counting runs.

Why the SQL is written out: every increment is one atomic ``INSERT ... ON CONFLICT DO
UPDATE SET n = t.n + k``, which ``bulk_create(update_conflicts=True)`` cannot express;
two workers or app servers counting one article at once both succeed, neither is lost.
With ``COUNTER_ASYNC_COMMIT`` (default on) a single count's transaction alone runs with
``synchronous_commit = off`` (docs/operations.md).
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
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
    SiteTotal,
    SpoolProgress,
)

_TOTAL = ArticleViewTotal._meta.db_table
_DAILY = ArticleDailyViews._meta.db_table
_SITE_DAY = SiteDailyStats._meta.db_table
_SITE_TOTAL = SiteTotal._meta.db_table
_BASELINE = SiteBaseline._meta.db_table
_PROGRESS = SpoolProgress._meta.db_table
_ARTICLE = Article._meta.db_table

# Local (per transaction) switch to asynchronous commit, see docs/operations.md. As a CTE
# that the last statement selects from, it runs inside the one implicit transaction.
_ASYNC_CTE = "cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS v)"

_SITE_DAY_UPSERT = f"""
INSERT INTO {_SITE_DAY} AS s (site_id, day, shard, visits, views) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (site_id, day, shard) DO UPDATE
SET visits = s.visits + EXCLUDED.visits, views = s.views + EXCLUDED.views
"""
_SITE_TOTAL_UPSERT = f"""
INSERT INTO {_SITE_TOTAL} AS s (site_id, shard, visits, views) VALUES (%s, %s, %s, %s)
ON CONFLICT (site_id, shard) DO UPDATE
SET visits = s.visits + EXCLUDED.visits, views = s.views + EXCLUDED.views
"""
_DAILY_UPSERT = f"""
INSERT INTO {_DAILY} AS d (article_id, site_id, day, views) VALUES (%s, %s, %s, 1)
ON CONFLICT (article_id, day) DO UPDATE SET views = d.views + 1
"""
_TOTAL_UPSERT = f"""
INSERT INTO {_TOTAL} AS t (article_id, views, baseline) SELECT %s, 1, 0 {{source}}
ON CONFLICT (article_id) DO UPDATE SET views = t.views + 1
RETURNING views
"""


@dataclass(frozen=True)
class SiteTotals:
    visits: int
    views: int


@dataclass(frozen=True)
class DayStats:
    day: date
    visits: int
    views: int


def _shard():
    return random.randrange(SITE_SHARDS)


def _site_ctes(site_id, day, visits, views):
    """Return the CTEs and parameters counting a site's visits and views of one day."""
    shard = _shard()
    ctes = [f"site_day AS ({_SITE_DAY_UPSERT})", f"site_total AS ({_SITE_TOTAL_UPSERT})"]
    params = [site_id, day, shard, visits, views, site_id, shard, visits, views]
    if getattr(settings, "COUNTER_ASYNC_COMMIT", True):
        ctes.insert(0, _ASYNC_CTE)
    return ctes, params


def record_view(site_id, article_id, count_visit=False, now=None):
    """Return the article's new total after counting one view (and maybe a visit).

    One round trip, one implicit transaction: every row or none.
    """
    day = timezone.localdate(now)
    ctes, params = _site_ctes(site_id, day, 1 if count_visit else 0, 1)
    ctes.append(f"daily AS ({_DAILY_UPSERT})")
    source = "FROM cfg" if getattr(settings, "COUNTER_ASYNC_COMMIT", True) else ""
    sql = "WITH " + ", ".join(ctes) + _TOTAL_UPSERT.format(source=source)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, article_id, site_id, day, article_id])
        return cursor.fetchone()[0]


def record_visit(site_id, now=None):
    """Count one visit of a site on a page that counts no article view."""
    ctes, params = _site_ctes(site_id, timezone.localdate(now), 1, 0)
    source = " FROM cfg" if getattr(settings, "COUNTER_ASYNC_COMMIT", True) else ""
    with connection.cursor() as cursor:
        cursor.execute("WITH " + ", ".join(ctes) + " SELECT 1" + source, params)


class SpoolConflict(DatabaseError):
    """A spool file's committed offset is not the one its flusher started from."""


# Batched upserts: one statement per table for a whole spool batch. Rows come sorted, so two
# flushers lock shared rows in the same order and never deadlock. Counts of an article
# deleted since it was viewed are dropped (its rows are gone too).
_BATCH_DAILY = f"""
INSERT INTO {_DAILY} AS d (article_id, site_id, day, views)
SELECT u.a, a.site_id, u.d, u.n FROM unnest(%s::bigint[], %s::date[], %s::bigint[]) AS u(a, d, n)
JOIN {_ARTICLE} AS a ON a.id = u.a
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


def apply_batch(views, sites, progress=None):
    """Apply many counts in one transaction and return {article id: new total}.

    ``views`` maps (article id, day) to a number of views; ``sites`` maps (site id, day) to
    (visits, article views). With ``progress`` = (spool file name, offset read from, new
    offset), the file's committed offset moves in the same transaction, and only if it
    still is the offset read from; otherwise SpoolConflict is raised, nothing applied.
    """
    per_article = Counter()
    for (article_id, _day), n in views.items():
        per_article[article_id] += n
    per_site = {}
    for (site_id, _day), (visits, site_views) in sites.items():
        old = per_site.get(site_id, (0, 0))
        per_site[site_id] = (old[0] + visits, old[1] + site_views)
    totals = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if progress is not None:
            _advance(cursor, *progress)
        if views:
            added = sorted(views.items())
            ids = [article_id for (article_id, _day), _n in added]
            days = [day for (_article_id, day), _n in added]
            cursor.execute(_BATCH_DAILY, [ids, days, [n for _key, n in added]])
            gains = sorted(per_article)
            cursor.execute(_BATCH_TOTAL, [gains, [per_article[a] for a in gains]])
            totals = dict(cursor.fetchall())
        for (site_id, day), (visits, site_views) in sorted(sites.items()):
            cursor.execute(_SITE_DAY_UPSERT, [site_id, day, _shard(), visits, site_views])
        for site_id, (visits, site_views) in sorted(per_site.items()):
            cursor.execute(_SITE_TOTAL_UPSERT, [site_id, _shard(), visits, site_views])
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


# An article's id and stored total, read with its page's related lists (news.siteparts).
ARTICLE_TOTAL_PART_SQL = (
    f"SELECT %(id)s, coalesce((SELECT views FROM {_TOTAL} WHERE article_id = %(id)s), 0)"
)


def article_total(article_id):
    """Return the stored total of one article, 0 if it was never counted."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT views FROM {_TOTAL} WHERE article_id = %s", [article_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def site_totals(site_ids):
    """Return all-time visits and article views of these sites, imported baselines included.

    One query over SITE_SHARDS rows per site.
    """
    site_ids = list(site_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT
                COALESCE((SELECT SUM(visits) FROM {_SITE_TOTAL} WHERE site_id = ANY(%s)), 0)
                + COALESCE((SELECT SUM(visits) FROM {_BASELINE} WHERE site_id = ANY(%s)), 0),
                COALESCE((SELECT SUM(views) FROM {_SITE_TOTAL} WHERE site_id = ANY(%s)), 0)
                + COALESCE((SELECT SUM(views) FROM {_BASELINE} WHERE site_id = ANY(%s)), 0)
            """,
            [site_ids, site_ids, site_ids, site_ids],
        )
        visits, views = cursor.fetchone()
    return SiteTotals(visits=int(visits), views=int(views))


def daily_site_stats(start, end, site_ids):
    """Return one DayStats per local day from start to end inclusive for these sites,
    shards and sites summed, zeros where empty."""
    rows = (
        SiteDailyStats.objects.filter(site_id__in=list(site_ids), day__range=(start, end))
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


def set_site_baseline(site_id, visits, views=0):
    """Store a site's totals imported from its old portal (replacing an earlier import)."""
    SiteBaseline.objects.update_or_create(
        site_id=site_id, defaults={"visits": visits, "views": views}
    )
