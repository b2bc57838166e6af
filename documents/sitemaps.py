"""The documents' section of each site's sitemap (added to news.sitemaps.SITEMAPS by portal)."""

from news.models import slug_url
from news.sitemaps import SiteSitemap

from .models import Document


class DocumentSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5_000

    def items(self):
        # (slug, updated_at) tuples: a page builds no model instance.
        return (
            Document.objects.published()
            .filter(site=self.site)
            .order_by("pk")
            .values_list("slug", "updated_at")
        )

    def location(self, item):
        return slug_url("documents:detail", item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return None
