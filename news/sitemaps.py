"""Sitemaps for search engines: /sitemap.xml is an index of per-section, paginated maps.

Articles are listed in id order, so a new article lands on the last page and the other
pages stay the same between crawls; ARTICLES_PER_PAGE keeps each page quick to build
(a million articles make a hundred pages). Only published() articles ever appear.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Category

ARTICLES_PER_PAGE = 10_000


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("pk").only("slug")


class ArticleSitemap(Sitemap):
    limit = ARTICLES_PER_PAGE
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default takes the max over every item: a million rows for the index.
        return None


SITEMAPS = {"trang-chu": HomeSitemap, "chuyen-muc": CategorySitemap, "bai-viet": ArticleSitemap}
