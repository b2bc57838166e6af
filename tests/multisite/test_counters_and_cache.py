"""Counters and cached pages per site: a ward's visits and views are its own, and a page
cached for one host is never served on another nor made stale by a sibling's change."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from counters import services
from portal import pagecache
from tests.counters.helpers import article_views
from tests.factories import make_user
from tests.multisite.conftest import SHARED_ARTICLE, reader

pytestmark = pytest.mark.django_db

VISITS_SHOWN = re.compile(r'<span class="visually-hidden">(\d+)</span>')


def shown_visits(host):
    """Return the "Số lượt truy cập" a new reader of the host's home page is shown."""
    match = VISITS_SHOWN.search(reader(host).get("/").content.decode())
    return int(match.group(1))


def test_each_site_shows_its_own_visit_total(sites):
    """Ward A's "Số lượt truy cập" counts ward A's visits on top of its own baseline only."""
    province, ward_a, ward_b = sites
    services.set_site_baseline(ward_a.site.pk, 1_000)
    services.set_site_baseline(ward_b.site.pk, 50_000)
    services.set_site_baseline(province.site.pk, 900_000)
    assert shown_visits(ward_a.host) == 1_001
    assert shown_visits(ward_a.host) == 1_002
    assert shown_visits(ward_b.host) == 50_001
    assert shown_visits(province.host) == 900_001
    assert services.site_totals([ward_a.site.pk]).visits == 1_002
    assert services.site_totals([ward_b.site.pk]).visits == 50_001


def test_a_view_on_one_host_counts_for_that_sites_article_only(sites):
    """Reading /tin-tuc/hoi-nghi-tong-ket/ on ward A counts ward A's article, not B's."""
    _province, ward_a, ward_b = sites
    reader(ward_a.host).get(f"/tin-tuc/{SHARED_ARTICLE}/")
    reader(ward_a.host).get(f"/tin-tuc/{SHARED_ARTICLE}/")
    reader(ward_b.host).get(f"/tin-tuc/{SHARED_ARTICLE}/")
    assert article_views(ward_a.article) == 2
    assert article_views(ward_b.article) == 1
    assert services.site_totals([ward_a.site.pk]).views == 2
    assert services.site_totals([ward_b.site.pk]).views == 1


def test_a_page_cached_for_one_host_is_not_served_on_another(sites, redis_cache):
    """The same path, cached for ward A, renders afresh for ward B, with B's content."""
    _province, ward_a, ward_b = sites
    path = f"/tin-tuc/{SHARED_ARTICLE}/"
    reader(ward_a.host).get(path)
    cached = reader(ward_a.host).get(path)
    assert getattr(cached, "from_page_cache", False)
    other = reader(ward_b.host).get(path)
    assert not getattr(other, "from_page_cache", False)
    assert ward_b.article.title in other.content.decode()
    assert ward_a.article.title not in other.content.decode()


def test_cache_keys_differ_by_host_for_the_same_path(sites, rf):
    """The entry key of a page carries its host: two sites never share an entry."""
    _province, ward_a, ward_b = sites
    page = pagecache.ReaderPage(query=frozenset())
    keys = {
        pagecache.entry_key(rf.get(f"/tin-tuc/{SHARED_ARTICLE}/", HTTP_HOST=host), page)
        for host in (ward_a.host, ward_b.host)
    }
    assert len(keys) == 2


def test_a_wards_change_moves_its_own_and_its_provinces_generation_only(sites, redis_cache):
    """Saving ward A's article makes ward A's and the province's pages stale, not ward B's."""
    province, ward_a, ward_b = sites

    def generation(content):
        return pagecache.current_generation(
            pagecache.SITE_GENERATION_KEY.format(site=content.site.pk)
        )

    before = {c.site.pk: generation(c) for c in sites}
    installation = pagecache.current_generation()
    ward_a.article.title = "Hội nghị tổng kết phường An (sửa)"
    ward_a.article.save()
    assert generation(ward_a) != before[ward_a.site.pk]
    assert generation(province) != before[province.site.pk]
    assert generation(ward_b) == before[ward_b.site.pk]
    assert pagecache.current_generation() == installation
    assert cache.get(pagecache.SITE_GENERATION_KEY.format(site=ward_b.site.pk)) is not None


def test_a_sibling_wards_change_keeps_the_other_wards_cached_page(sites, redis_cache):
    """Ward B's page stays cached when ward A changes; ward A's renders again."""
    _province, ward_a, ward_b = sites
    path = f"/tin-tuc/{SHARED_ARTICLE}/"
    for content in (ward_a, ward_b):
        reader(content.host).get(path)
    ward_a.article.title = "Hội nghị tổng kết phường An (sửa)"
    ward_a.article.save()
    assert getattr(reader(ward_b.host).get(path), "from_page_cache", False)
    again = reader(ward_a.host).get(path)
    assert not getattr(again, "from_page_cache", False)
    assert "Hội nghị tổng kết phường An (sửa)" in again.content.decode()


def test_the_province_report_totals_the_visits_counted_on_its_wards(sites, client):
    """Visits read on each host: the province report shows its own and the sum across
    its component sites; a ward's report shows that ward's alone."""
    province, ward_a, ward_b = sites
    for host, readers in ((province.host, 1), (ward_a.host, 2), (ward_b.host, 3)):
        for _ in range(readers):
            reader(host).get("/")
    client.force_login(make_user(superuser=True))
    url = reverse("admin:counters_sitedailystats_changelist")
    report = client.get(url, {"trang": province.site.pk})
    assert report.context["site_totals"].visits == 1
    assert report.context["family_totals"].visits == 6
    assert "Cả cổng và các trang thành phần: <strong>6</strong> lượt truy cập" in (
        report.content.decode()
    )
    ward = client.get(url, {"trang": ward_b.site.pk})
    assert ward.context["site_totals"].visits == 3
    assert ward.context["family_totals"] is None
    assert ward.context["chart"]["total_visits"] == 3
