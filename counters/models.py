"""Tables of the counters app: view and visit counts live here, never on Article.

Layout (why each table exists):

- ``ArticleViewTotal``: one row per article holding the running total a reader sees as
  "Số lượt người xem: N". ``views`` already includes ``baseline`` (the total imported from
  the old portal), so the article page, the admin column and "all-time most viewed" read
  one column. Incremented by one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``
  whose result is the N shown to the reader who caused it.
- ``ArticleDailyViews``: one row per (article, local day). "Last 7 days" rankings and the
  per-article history are one indexed query (on (day, article) and (article, day)).
- ``SiteDailyStats``: the site-wide visits and article views per local day, split into
  ``SITE_SHARDS`` rows per day (a random shard per increment) so that the site total is
  never one hot row every request waits on. A day's figure is ``SUM`` over its shards;
  the all-time total is ``SUM`` over the table plus ``SiteBaseline``.
- ``SiteBaseline``: one row (pk 1) with the totals imported from the old portal
  (36,312,546 visits), added to the sums above; set with ``services.set_site_baseline``.

Counted columns are kept out of indexes where rows change often: PostgreSQL can then
update a counter row in place on its page (a HOT update, helped by ``fillfactor = 50`` set
in migration 0002) instead of adding an index entry per change. With one upsert per view,
an index on ``views`` left thousands of dead index entries on a hot article's row and
pgbench fell to a few hundred upserts/s (docs/performance.md). Since views are applied in
batches (counters.spool), an article's total changes about once a second per worker, so
``views`` now has one descending index, for "Tin xem nhiều" of all time (migration 0004:
0.3 ms instead of a 270 ms sort at a million articles). The per-day and site rows keep
none on their counted columns.

Days are local calendar days (settings.TIME_ZONE, Asia/Ho_Chi_Minh), as editors read them.
Nothing here is edited by hand in the admin: all writes go through ``counters.services``.
"""

from django.db import models

# Rows per day for the site counters. 16 random shards keep the chance that two of 64
# concurrent writers collide on one row low while the daily SUM stays trivially small.
SITE_SHARDS = 16


class ArticleViewTotal(models.Model):
    article = models.OneToOneField(
        "news.Article",
        verbose_name="bài viết",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="view_total",
    )
    views = models.PositiveBigIntegerField(
        "tổng lượt xem",
        default=0,
        help_text="Tổng số lượt người xem hiển thị trên trang, đã gồm số lượt nhập từ cổng cũ.",
    )
    baseline = models.PositiveBigIntegerField(
        "lượt xem nhập từ cổng cũ",
        default=0,
        help_text="Phần của tổng lượt xem được nhập từ cổng thông tin cũ.",
    )

    class Meta:
        verbose_name = "tổng lượt xem bài viết"
        verbose_name_plural = "tổng lượt xem bài viết"
        indexes = [
            # "Tin xem nhiều" (all time) walks this from the top instead of sorting every
            # article's total (270 ms at a million). Affordable since views are applied in
            # batches (counters.spool): a row changes about once a second, not once a view.
            models.Index(models.F("views").desc(), name="counters_total_views_idx"),
        ]

    def __str__(self):
        return f"{self.article_id}: {self.views}"


class ArticleDailyViews(models.Model):
    article = models.ForeignKey(
        "news.Article",
        verbose_name="bài viết",
        on_delete=models.CASCADE,
        related_name="daily_views",
        # The (article, day) unique index below serves lookups by article.
        db_index=False,
    )
    day = models.DateField("ngày")
    views = models.PositiveBigIntegerField("lượt xem", default=0)

    class Meta:
        verbose_name = "lượt xem bài viết theo ngày"
        verbose_name_plural = "lượt xem bài viết theo ngày"
        constraints = [
            # The conflict target of the upsert; also serves one article's history.
            models.UniqueConstraint(fields=["article", "day"], name="counters_article_day_uniq"),
        ]
        indexes = [
            # Top articles of a period: WHERE day BETWEEN .. GROUP BY article.
            models.Index(fields=["day", "article"], name="counters_daily_day_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class SiteDailyStats(models.Model):
    day = models.DateField("ngày")
    shard = models.PositiveSmallIntegerField("phân đoạn")
    visits = models.PositiveBigIntegerField("lượt truy cập", default=0)
    views = models.PositiveBigIntegerField("lượt xem bài viết", default=0)

    class Meta:
        verbose_name = "thống kê toàn trang theo ngày"
        verbose_name_plural = "thống kê toàn trang theo ngày"
        constraints = [
            # The conflict target of the upsert; its index also serves day ranges.
            models.UniqueConstraint(fields=["day", "shard"], name="counters_site_day_shard_uniq"),
        ]

    def __str__(self):
        return f"{self.day}#{self.shard}: {self.visits} / {self.views}"


class SiteBaseline(models.Model):
    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK)
    visits = models.PositiveBigIntegerField("lượt truy cập nhập từ cổng cũ", default=0)
    views = models.PositiveBigIntegerField("lượt xem nhập từ cổng cũ", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "số liệu nhập từ cổng cũ"
        verbose_name_plural = "số liệu nhập từ cổng cũ"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="counters_baseline_singleton"),
        ]

    def __str__(self):
        return f"{self.visits} / {self.views}"


class SpoolProgress(models.Model):
    """How far each spool file (counters.spool) has been applied to the tables above.

    Written in the same transaction as the counts it accounts for, so a spool line is
    applied exactly once. A row lives as long as its file; names are unique per process.
    """

    name = models.CharField("tệp", max_length=200, primary_key=True)
    applied_bytes = models.PositiveBigIntegerField("số byte đã ghi", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "tiến độ ghi tệp đếm"
        verbose_name_plural = "tiến độ ghi tệp đếm"

    def __str__(self):
        return f"{self.name}: {self.applied_bytes}"
