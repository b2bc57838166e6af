"""The naive page's article: title, date, body and a views column on the same row."""

from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=255, unique=True)
    published_at = models.DateTimeField()
    body = models.TextField()
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        # A copy of news_article's rows that bench/run.sh makes with CREATE TABLE ... AS:
        # the naive page's UPDATE per view must not touch the portal's own table (its
        # search trigger, dead rows and visibility map would slow the portal's phases).
        db_table = "bench_naive_article"
        managed = False
