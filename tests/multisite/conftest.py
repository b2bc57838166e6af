"""A province portal and two of its wards with the same addresses, for the isolation and
staff tests: each ward has a category "tin-tuc" and an article "hoi-nghi-tong-ket"."""

from dataclasses import dataclass

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from news.models import Article, Category, LegacyRedirect
from news.redirects import normalize_old_path
from tests.counters.helpers import BROWSER_UA
from tests.factories import make_article, make_category, make_site

PROVINCE_HOST = "tinh.test"
WARD_A_HOST = "phuongan.tinh.test"
WARD_B_HOST = "phuongbinh.tinh.test"
SHARED_CATEGORY = "tin-tuc"
SHARED_ARTICLE = "hoi-nghi-tong-ket"
OLD_ADDRESS = "/Default.aspx?tabid=52&ID=77"


@dataclass
class SiteContent:
    """One site of the fixture and the things only it has, to look for on the others."""

    site: Site
    category: Category
    article: Article
    only_here: Article

    @property
    def host(self):
        return self.site.domain

    def markers(self):
        """Return texts that appear on this site's pages and on no other site's."""
        return [self.category.name, self.article.title, self.only_here.title, self.only_here.slug]


def site_content(site, label):
    category = make_category(site=site, slug=SHARED_CATEGORY, name=f"Tin tức {label}")
    article = make_article(
        category=category,
        slug=SHARED_ARTICLE,
        title=f"Hội nghị tổng kết {label}",
        lead=f"Sapo hội nghị {label}.",
        body=f"<p>Hội nghị tổng kết năm của {label}.</p>",
    )
    only_here = make_article(
        category=category,
        slug=f"chi-co-o-{site.pk}",
        title=f"Hội nghị chỉ có ở {label}",
        body=f"<p>Hội nghị riêng của {label}.</p>",
    )
    LegacyRedirect.objects.create(
        site=site, old_path=normalize_old_path(OLD_ADDRESS), article=only_here
    )
    return SiteContent(site, category, article, only_here)


@pytest.fixture
def sites(db):
    """Return (province, ward A, ward B) as SiteContent, every one with the same paths."""
    clear_local_cache()
    province = make_site(PROVINCE_HOST, name="Cổng thông tin điện tử Tỉnh Thử")
    ward_a = make_site(WARD_A_HOST, name="Cổng thông tin điện tử Phường An", parent=province)
    ward_b = make_site(WARD_B_HOST, name="Cổng thông tin điện tử Phường Bình", parent=province)
    yield (
        site_content(province, "tỉnh Thử"),
        site_content(ward_a, "phường An"),
        site_content(ward_b, "phường Bình"),
    )
    clear_local_cache()


def clear_local_cache():
    """Empty the local-memory page cache, which outlives a test's rollback; never Redis's
    (its clear() is FLUSHDB, and other suites share the database)."""
    if isinstance(caches["default"], LocMemCache):
        cache.clear()


def reader(host):
    """Return a test client that reads `host` as a browser does (so views are counted)."""
    return Client(HTTP_HOST=host, HTTP_USER_AGENT=BROWSER_UA)
