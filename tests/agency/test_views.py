"""What readers see: pages, leaders, the site map, English twins, the agency in the footer
and the structured data; a change shows at once on every page of the site."""

import json
import re

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.urls import reverse

from agency.models import Page
from tests.agency.factories import make_info, make_leader, make_page
from tests.factories import make_article, make_category, make_site

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    settings.COUNTERS_ENABLED = False
    cache.clear()
    yield
    cache.clear()


def organization(response):
    """Return the schema.org Organization of a page's structured data."""
    blocks = [json.loads(b) for b in JSON_LD.findall(response.content.decode())]
    (found,) = [b for b in blocks if b["@type"] == "Organization"]
    return found


def test_published_page_is_shown_with_its_breadcrumb_and_children(client):
    about = make_page(title="Giới thiệu")
    make_page(title="Cơ cấu tổ chức", parent=about)
    child = make_page(title="Lịch sử", parent=about)
    response = client.get(child.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="article__title">Lịch sử</h1>' in html
    assert 'href="/gioi-thieu/">Giới thiệu</a>' in html
    parent_page = client.get(about.get_absolute_url()).content.decode()
    assert 'href="/gioi-thieu/co-cau-to-chuc/"' in parent_page


def test_draft_page_is_not_found(client):
    page = make_page(title="Dự thảo", status=Page.Status.DRAFT)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_top_level_menu_pages_follow_the_categories(client):
    make_category(name="Tin tức sự kiện")
    make_page(title="Giới thiệu", show_in_menu=True)
    make_page(title="Quy chế", show_in_menu=False)
    html = client.get(reverse("news:home")).content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert nav.index("Tin tức sự kiện") < nav.index(">Giới thiệu<")
    assert "Quy chế" not in nav


def test_english_twin_is_linked_both_ways_with_hreflang(client):
    page = make_page(title="Liên hệ", title_en="Contact", body_en="<p>Call us.</p>")
    vietnamese = client.get(page.get_absolute_url()).content.decode()
    english = client.get(page.get_english_url())
    assert english.status_code == 200
    text = english.content.decode()
    assert '<html lang="en">' in text and "Call us." in text
    assert 'hreflang="vi" href="http://testserver/lien-he/"' in text
    assert 'hreflang="en" href="http://testserver/en/lien-he/"' in vietnamese
    assert 'class="language-switch" href="/en/lien-he/"' in vietnamese
    assert 'class="language-switch" href="/lien-he/"' in text


def test_english_interface_strings_on_english_pages(client):
    page = make_page(title="Giới thiệu", title_en="About us")
    text = client.get(page.get_english_url()).content.decode()
    for english in ("Skip to main content", ">Home<", "About us"):
        assert english in text
    for vietnamese in ("Bỏ qua", "Trang chủ<", "Tìm kiếm tin bài"):
        assert vietnamese not in text


def test_page_without_english_has_no_twin_or_switch(client):
    page = make_page(title="Lịch sử")
    html = client.get(page.get_absolute_url()).content.decode()
    assert "language-switch" not in html and 'hreflang="en"' not in html
    assert client.get(f"/en/{page.path}/").status_code == 404


def test_english_home_lists_english_pages_and_leaders(client):
    make_page(title="Giới thiệu", title_en="About us")
    make_page(title="Lịch sử")
    make_leader(name="Lê Văn Tám", position_en="Chairman")
    make_leader(name="Không Tiếng Anh")
    response = client.get(reverse("agency:english-home"))
    text = response.content.decode()
    assert 'href="/en/gioi-thieu/"' in text and "About us" in text
    assert "Lịch sử" not in text
    assert "Lê Văn Tám" in text and "Không Tiếng Anh" not in text
    assert 'hreflang="vi" href="http://testserver/"' in text


def test_vietnamese_home_points_to_the_english_home(client):
    make_page(title="Giới thiệu", title_en="About us")
    html = client.get(reverse("news:home")).content.decode()
    assert 'class="language-switch" href="/en/"' in html
    assert 'hreflang="en" href="http://testserver/en/"' in html


def test_leaders_list_and_page(client):
    leader = make_leader(
        name="Trương Mỹ Dung", position="Chủ tịch", duties="Phụ trách chung.", email="a@b.vn"
    )
    listing = client.get(reverse("agency:leader-list")).content.decode()
    assert leader.get_absolute_url() in listing and "Chủ tịch" in listing
    page = client.get(leader.get_absolute_url()).content.decode()
    assert "Phụ trách chung." in page and 'href="mailto:a@b.vn"' in page


def test_introduction_links_to_the_leaders(client):
    make_leader(name="Trương Mỹ Dung")
    about = make_page(title="Giới thiệu", block=Page.Block.LEADERS)
    html = client.get(about.get_absolute_url()).content.decode()
    assert f'href="{reverse("agency:leader-list")}"' in html and "Trương Mỹ Dung" in html


def test_site_map_shows_categories_subcategories_and_the_page_tree(client):
    top = make_category(name="Xây dựng Đảng")
    make_category(name="Kiểm tra, giám sát", parent=top)
    about = make_page(title="Giới thiệu")
    make_page(title="Cơ cấu tổ chức", parent=about)
    html = client.get(reverse("agency:site-map")).content.decode()
    for text in ("Xây dựng Đảng", "Kiểm tra, giám sát", "/gioi-thieu/co-cau-to-chuc/"):
        assert text in html
    assert f'href="{reverse("agency:site-map")}">Sơ đồ trang' in client.get("/").content.decode()


def test_footer_of_an_article_shows_the_agency_information(client):
    make_info()
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for text in (
        "Ủy ban nhân dân phường Thử Nghiệm",
        "Cơ quan chủ quản: Ủy ban nhân dân Thành phố",
        "12 Đường Số 1",
        "028 3800 0001",
        "Fax: 028 3800 0002",
        "ubnd@thunghiem.gov.vn",
        "Chịu trách nhiệm chính: Trần Thị Bình",
        "Giấy phép số 01/GP-TTĐT",
        "openstreetmap",
    ):
        assert text in footer


def test_contact_page_shows_the_agency_information(client):
    make_info()
    page = make_page(title="Liên hệ", block=Page.Block.CONTACT)
    html = client.get(page.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "12 Đường Số 1" in main and "ubnd@thunghiem.gov.vn" in main
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/lien-he/">Liên hệ' in footer


def test_organization_of_a_component_names_its_province_portal(client):
    province = Site.objects.get(pk=1)
    make_info(full_name="Ủy ban nhân dân Thành phố")
    ward = make_site("phuong.test", name="Cổng phường", parent=province)
    make_info(site=ward, full_name="Ủy ban nhân dân phường A", phone="028 1")
    data = organization(client.get("/", HTTP_HOST="phuong.test"))
    assert data["name"] == "Ủy ban nhân dân phường A" and data["telephone"] == "028 1"
    assert data["parentOrganization"]["name"] == "Ủy ban nhân dân Thành phố"
    assert f"//{province.domain}/" not in json.dumps(data)  # no address of another site


def test_a_change_of_agency_information_shows_at_once_on_cached_pages(client):
    """The footer and a component's parentOrganization follow a save, cache or not."""
    province = Site.objects.get(pk=1)
    info = make_info(full_name="Tên cũ")
    ward = make_site("phuong.test", name="Cổng phường", parent=province)
    article = make_article()
    assert "Tên cũ" in client.get(article.get_absolute_url()).content.decode()
    assert (
        organization(client.get("/", HTTP_HOST="phuong.test"))["parentOrganization"]["name"]
        == "Tên cũ"
    )
    info.full_name = "Tên mới"
    info.save()
    assert "Tên mới" in client.get(article.get_absolute_url()).content.decode()
    data = organization(client.get("/", HTTP_HOST="phuong.test"))
    assert data["parentOrganization"]["name"] == "Tên mới"
    assert ward.pk


def test_a_page_saved_shows_at_once(client):
    page = make_page(title="Giới thiệu", body="<p>Bản cũ</p>", show_in_menu=True)
    assert "Bản cũ" in client.get(page.get_absolute_url()).content.decode()
    page.body = "<p>Bản mới</p>"
    page.save()
    assert "Bản mới" in client.get(page.get_absolute_url()).content.decode()


def test_sitemap_lists_pages_english_pages_and_leaders(client):
    page = make_page(title="Giới thiệu", title_en="About us")
    leader = make_leader(position_en="Chairman")
    index = client.get(reverse("sitemap-index")).content.decode()
    assert "sitemap-trang.xml" in index and "sitemap-lanh-dao.xml" in index
    pages = client.get(reverse("sitemap-section", kwargs={"section": "trang"})).content.decode()
    for url in (page.get_absolute_url(), page.get_english_url(), "/so-do-trang/", "/en/"):
        assert f"<loc>http://testserver{url}</loc>" in pages
    leaders = client.get(reverse("sitemap-section", kwargs={"section": "lanh-dao"})).content
    assert f"http://testserver{leader.get_english_url()}".encode() in leaders


def test_draft_pages_stay_out_of_the_sitemap(client):
    page = make_page(title="Dự thảo", status=Page.Status.DRAFT)
    body = client.get(reverse("sitemap-section", kwargs={"section": "trang"})).content.decode()
    assert page.get_absolute_url() not in body
