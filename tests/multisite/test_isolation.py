"""The same paths on two hosts: nothing of one site appears on the other.

Two wards of one province (and the province itself) have the same category and article
addresses; every public page, feed, sitemap, robots.txt, search and old address is asked
of each host, and each answer must show its own site's content and nothing of the others'.
"""

import pytest
from django.test import override_settings

from tests.multisite.conftest import OLD_ADDRESS, SHARED_ARTICLE, SHARED_CATEGORY, reader

pytestmark = pytest.mark.django_db

# Every public path, the same on every site, and whether the site's own articles show on it.
PATHS = {
    "home": ("/", True),
    "category": (f"/chuyen-muc/{SHARED_CATEGORY}/", True),
    "article": (f"/tin-tuc/{SHARED_ARTICLE}/", False),
    "search": ("/tim-kiem/?q=hoi+nghi", True),
    "rss": ("/rss/", True),
    "category-rss": (f"/chuyen-muc/{SHARED_CATEGORY}/rss/", True),
    "sitemap-index": ("/sitemap.xml", False),
    "sitemap-articles": ("/sitemap-bai-viet.xml", True),
    "sitemap-categories": ("/sitemap-chuyen-muc.xml", False),
    "sitemap-home": ("/sitemap-trang-chu.xml", False),
    "robots": ("/robots.txt", False),
}


def page(host, path):
    response = reader(host).get(path)
    assert response.status_code == 200, (host, path, response.status_code)
    return response.content.decode()


def foreign_texts(other):
    """Return what must never show on another site: the other's content and host name."""
    return [*other.markers(), f"//{other.host}/"]


@pytest.mark.parametrize("name", PATHS)
def test_a_ward_shows_nothing_of_its_sibling_ward(sites, name):
    """Ward A's page at a path shows ward A's content, nothing of ward B's, and the reverse."""
    path, lists_articles = PATHS[name]
    _province, ward_a, ward_b = sites
    for own, other in ((ward_a, ward_b), (ward_b, ward_a)):
        body = page(own.host, path)
        for text in foreign_texts(other):
            assert text not in body, (name, own.host, text)
        if lists_articles:
            assert own.only_here.get_absolute_url() in body, (name, own.host)


@pytest.mark.parametrize("name", PATHS)
def test_a_ward_shows_nothing_of_its_province(sites, name):
    """A component site's pages never carry its province portal's news or menu."""
    path, _lists = PATHS[name]
    province, ward_a, _ward_b = sites
    body = page(ward_a.host, path)
    for text in foreign_texts(province):
        assert text not in body, (name, text)


@pytest.mark.parametrize("name", [n for n in PATHS if n != "home"])
def test_the_province_shows_nothing_of_its_wards_but_on_its_home_page(sites, name):
    """Only the province home's "Tin từ cơ sở" shows the wards' news; no other page does."""
    path, lists_articles = PATHS[name]
    province, ward_a, ward_b = sites
    body = page(province.host, path)
    for ward in (ward_a, ward_b):
        for text in foreign_texts(ward):
            assert text not in body, (name, text)
    if lists_articles:
        assert province.only_here.get_absolute_url() in body


def test_the_province_home_links_the_wards_news_on_their_own_hosts(sites):
    """The province home lists each ward's news with the ward's own host, never its own."""
    province, ward_a, ward_b = sites
    body = page(province.host, "/")
    assert "Tin từ cơ sở" in body
    for ward in (ward_a, ward_b):
        assert f"http://{ward.host}/tin-tuc/{ward.only_here.slug}/" in body
        assert f"//{province.host}/tin-tuc/{ward.only_here.slug}/" not in body
    # Its own articles stay on its own host, and its menu is its own.
    assert province.category.name in body
    assert ward_a.category.name not in body


def test_the_same_article_address_shows_each_sites_own_article(sites):
    """/tin-tuc/hoi-nghi-tong-ket/ is a different article on each host."""
    for content in sites:
        body = page(content.host, f"/tin-tuc/{SHARED_ARTICLE}/")
        assert content.article.title in body
        assert content.article.body in body


def test_an_old_address_redirects_to_its_own_sites_article(sites):
    """The same old address is a 301 to each site's own article, on that site."""
    for content in sites:
        response = reader(content.host).get(OLD_ADDRESS)
        assert response.status_code == 301
        assert response["Location"] == content.only_here.get_absolute_url()


def test_an_article_of_another_site_is_not_found(sites):
    """Ward B's own article slug is a 404 on ward A (and its old address no redirect)."""
    _province, ward_a, ward_b = sites
    response = reader(ward_a.host).get(ward_b.only_here.get_absolute_url())
    assert response.status_code == 404
    assert ward_b.only_here.title not in response.content.decode()


def test_search_finds_only_the_requesting_sites_articles(sites):
    """A word only ward B's article has finds nothing on ward A."""
    _province, ward_a, ward_b = sites
    response = reader(ward_a.host).get("/tim-kiem/", {"q": "riêng của phường Bình"})
    assert response.status_code == 200
    assert ward_b.only_here.get_absolute_url() not in response.content.decode()
    found = reader(ward_b.host).get("/tim-kiem/", {"q": "riêng của phường Bình"})
    assert ward_b.only_here.get_absolute_url() in found.content.decode()


def test_robots_txt_names_the_requesting_hosts_sitemap(sites):
    """Each site's robots.txt points at its own sitemap."""
    for content in sites:
        body = page(content.host, "/robots.txt")
        assert f"Sitemap: http://{content.host}/sitemap.xml" in body


@override_settings(UNKNOWN_HOST_SITE="404")
def test_an_unknown_host_gets_a_clear_404_naming_no_site(sites):
    """A host no site has: 404 with a Vietnamese page, and no site's name or news."""
    response = reader("khongco.test").get("/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không có trang thông tin ở địa chỉ này" in body
    for content in sites:
        assert content.site.name not in body
        for text in content.markers():
            assert text not in body


@override_settings(UNKNOWN_HOST_SITE="404")
@pytest.mark.parametrize("name", ["article", "rss", "sitemap-index", "robots"])
def test_an_unknown_host_gets_404_on_every_path(sites, name):
    """Not only the home page: no path of any site answers on an unknown host."""
    response = reader("khongco.test").get(PATHS[name][0])
    assert response.status_code == 404


@override_settings(UNKNOWN_HOST_SITE="root")
def test_an_unknown_host_gets_the_root_site_when_the_operator_says_so(sites):
    """UNKNOWN_HOST_SITE=root: an unknown host is answered by the root site, no ward."""
    from multisite.sites import tree

    root = tree().sites[tree().root_id]
    response = reader("khongco.test").get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert root.name in body
    _province, ward_a, ward_b = sites
    for ward in (ward_a, ward_b):
        assert ward.category.name not in body
