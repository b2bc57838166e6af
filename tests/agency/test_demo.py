"""The demo: on each demo site a reader reaches Giới thiệu, Liên hệ, the leaders and the
site map by following links from the home page."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from agency import demo
from agency.models import AgencyInfo, Leader, Page
from news.demo import sites as demo_sites
from tests.factories import make_site

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a [^>]*href="(/[^"]*)"[^>]*>(.*?)</a>', re.S)


def links(html):
    """Return {link text: address} of a page's internal links."""
    return {re.sub(r"<[^>]+>", "", text).strip(): url for url, text in HREF.findall(html)}


@pytest.fixture
def demo_portal(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.COUNTERS_ENABLED = False
    cache.clear()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield
    cache.clear()


def test_each_demo_site_leads_from_home_to_its_agency_pages(client, demo_portal):
    for _key, domain, *_rest in demo_sites.SITES:

        def get(url, domain=domain):
            return client.get(url, HTTP_HOST=domain)

        home = get("/")
        assert home.status_code == 200, domain
        from_home = links(home.content.decode())
        about = get(from_home["Giới thiệu"])
        assert about.status_code == 200 and "Cơ cấu tổ chức" in about.content.decode()
        from_about = links(about.content.decode())
        for child in ("Chức năng, nhiệm vụ", "Cơ cấu tổ chức", "Lịch sử"):
            assert get(from_about[child]).status_code == 200, (domain, child)
        leaders = get(from_about["Lãnh đạo"])
        assert leaders.status_code == 200 and "Chủ tịch" in leaders.content.decode()
        contact = get(from_home["Liên hệ"])
        assert contact.status_code == 200 and "Điện thoại" in contact.content.decode()
        site_map = get(from_home["Sơ đồ trang"])
        assert site_map.status_code == 200 and "Lịch sử" in site_map.content.decode()
        english = get(from_home["English"])
        assert english.status_code == 200 and '<html lang="en">' in english.content.decode()


def test_load_demo_twice_adds_nothing(settings, tmp_path):
    """Loading the agency's demo again on the same sites adds and changes nothing."""
    settings.MEDIA_ROOT = str(tmp_path)
    sites = {key: make_site(domain) for key, domain, *_rest in demo_sites.SITES}
    demo.load(sites)
    Page.objects.filter(path="lien-he").update(title="Liên hệ – đã sửa")
    counts = (Page.objects.count(), Leader.objects.count(), AgencyInfo.objects.count())
    demo.load(sites)
    assert (Page.objects.count(), Leader.objects.count(), AgencyInfo.objects.count()) == counts
    assert counts == (15, 9, 3)
    assert Page.objects.filter(title="Liên hệ – đã sửa").count() == 3
