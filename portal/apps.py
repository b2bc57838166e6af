"""App configs of the project itself, and of apps the portal adjusts for its users."""

from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package: page cache, per-request parts, the admin as assembled."""

    name = "portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from documents.sitemaps import DocumentSitemap
        from news import sitemaps

        from . import pagecache

        pagecache.connect_signals()
        # Each site's sitemap index lists its documents too; news does not know them.
        sitemaps.SITEMAPS.setdefault("van-ban", DocumentSitemap)


class AxesConfig(BaseAxesConfig):
    """django-axes under a Vietnamese name in admin (its strings: portal/locale)."""

    verbose_name = "Khóa đăng nhập sai"
