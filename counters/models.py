"""Tables of the counters app: view and visit counts live here, never on Article.

- ``ArticleViewTotal``: an article's running total ("Số lượt người xem: N"), the imported
  ``baseline`` included, so the page, the admin column and "Tin xem nhiều" read one column.
- ``ArticleDailyViews``: one row per (article, local day): rankings of a period, history.
- ``SiteDailyStats``: a site's visits and article views per local day, ``SITE_SHARDS``
  rows a day (a random shard per write) so no single row is what every writer waits on.
- ``SiteTotal``: the same, all time, ``SITE_SHARDS`` rows per site: "Số lượt truy cập" is
  a sum of 16 rows plus ``SiteBaseline``, the totals imported from the old portal.

Counted columns stay out of indexes where rows change often, so PostgreSQL updates them in
place (HOT updates, ``fillfactor = 50``, migration 0002); ``views`` has one index, for "Tin
xem nhiều" of all time, affordable since the spool applies views in batches. Days are
local calendar days (Asia/Ho_Chi_Minh). All writes go through ``counters.services``.
"""

from django.contrib.sites.models import Site
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
    # The article's site, kept on the row: a site's ranking of a period reads that site's
    # rows only, instead of every site's rows of the period joined to their articles.
    site = models.ForeignKey(
        "sites.Site",
        verbose_name="trang",
        on_delete=models.CASCADE,
        related_name="+",
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
            # A site's top articles of a period ("Tin xem nhiều" on its home page).
            models.Index(fields=["site", "day", "article"], name="counters_daily_site_day_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class SiteDailyStats(models.Model):
    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="daily_stats"
    )
    day = models.DateField("ngày")
    shard = models.PositiveSmallIntegerField("phân đoạn")
    visits = models.PositiveBigIntegerField("lượt truy cập", default=0)
    views = models.PositiveBigIntegerField("lượt xem bài viết", default=0)

    class Meta:
        verbose_name = "thống kê theo ngày"
        verbose_name_plural = "thống kê theo ngày"
        constraints = [
            # The conflict target of the upsert; its index also serves a site's day ranges.
            models.UniqueConstraint(
                fields=["site", "day", "shard"], name="counters_site_day_shard_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.site_id} {self.day}#{self.shard}: {self.visits} / {self.views}"


class SiteTotal(models.Model):
    """A site's all-time counts, in SITE_SHARDS rows: "Số lượt truy cập" sums 16 rows,
    not a row per day of ten years."""

    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="totals"
    )
    shard = models.PositiveSmallIntegerField("phân đoạn")
    visits = models.PositiveBigIntegerField("lượt truy cập", default=0)
    views = models.PositiveBigIntegerField("lượt xem bài viết", default=0)

    class Meta:
        verbose_name = "tổng lượt truy cập"
        verbose_name_plural = "tổng lượt truy cập"
        constraints = [
            models.UniqueConstraint(fields=["site", "shard"], name="counters_site_total_uniq"),
        ]

    def __str__(self):
        return f"{self.site_id}#{self.shard}: {self.visits} / {self.views}"


class SiteBaseline(models.Model):
    """A site's totals imported from the old portal(s) whose archive it took over."""

    site = models.OneToOneField(
        Site,
        verbose_name="trang",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="counter_baseline",
    )
    visits = models.PositiveBigIntegerField("lượt truy cập nhập từ cổng cũ", default=0)
    views = models.PositiveBigIntegerField("lượt xem nhập từ cổng cũ", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "số liệu nhập từ cổng cũ"
        verbose_name_plural = "số liệu nhập từ cổng cũ"

    def __str__(self):
        return f"{self.site_id}: {self.visits} / {self.views}"


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


class DownloadTotal(models.Model):
    """A file's downloads ("Lượt tải: N"), counted by counters.downloads."""

    attachment = models.OneToOneField(
        "documents.Attachment",
        verbose_name="tệp",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="download_total",
    )
    downloads = models.PositiveBigIntegerField("lượt tải", default=0)

    class Meta:
        verbose_name = "lượt tải tệp"
        verbose_name_plural = "lượt tải tệp"

    def __str__(self):
        return f"{self.attachment_id}: {self.downloads}"
