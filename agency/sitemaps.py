"""The agency's sections of a site's sitemap: its pages (Vietnamese and English), its
leaders, the site map page and the English home."""

from django.urls import reverse

from news.models import slug_url
from news.sitemaps import SiteSitemap

from .models import PAGE_DETAIL, PAGE_DETAIL_EN, Leader, Page


class PageSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        rows = (
            Page.objects.published()
            .filter(site=self.site)
            .order_by("path")
            .values_list("path", "title_en", "updated_at")
        )
        fixed = [(reverse("agency:site-map"), None)]
        english = [(slug_url(PAGE_DETAIL_EN, path), at) for path, title_en, at in rows if title_en]
        if english:
            fixed.append((reverse("agency:english-home"), None))
        return fixed + [(slug_url(PAGE_DETAIL, path), at) for path, _en, at in rows] + english

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


class LeaderSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        rows = list(Leader.objects.filter(site=self.site).order_by("order", "name", "id"))
        if not rows:
            return []
        urls = [(reverse("agency:leader-list"), None)]
        urls += [(leader.get_absolute_url(), leader.updated_at) for leader in rows]
        english = [
            (leader.get_english_url(), leader.updated_at) for leader in rows if leader.has_english
        ]
        if english:
            urls += [(reverse("agency:leader-list-en"), None), *english]
        return urls

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


SITEMAPS = {"trang": PageSitemap, "lanh-dao": LeaderSitemap}
