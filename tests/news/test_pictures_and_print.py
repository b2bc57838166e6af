"""Pictures for link previews and the page's first paint, the one stylesheet, printing."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _cover(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 80, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("bia.jpg", buffer.getvalue(), content_type="image/jpeg")


def _meta(html, name):
    match = re.search(rf'<meta property="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_og_image_is_a_1200_px_rendition_with_its_size(client):
    """Link previews get a 1200 px wide JPEG, and are told its width and height."""
    article = make_article(cover=_cover((1600, 900)))
    html = client.get(article.get_absolute_url()).content.decode()
    url = _meta(html, "og:image")
    assert (_meta(html, "og:image:width"), _meta(html, "og:image:height")) == ("1200", "675")
    name = url.removeprefix("http://testserver/media/")
    with default_storage.open(name) as stored:
        assert Image.open(stored).size == (1200, 675)


def test_a_smaller_cover_is_not_enlarged_and_says_its_own_size(client):
    article = make_article(cover=_cover((800, 600)))
    html = client.get(article.get_absolute_url()).content.decode()
    assert (_meta(html, "og:image:width"), _meta(html, "og:image:height")) == ("800", "600")


def test_json_ld_image_is_the_1200_px_rendition_with_its_size(client):
    import json

    article = make_article(cover=_cover((1600, 900)))
    html = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
    (image,) = data["image"]
    assert (image["width"], image["height"]) == (1200, 675)
    assert image["url"] == _meta(html, "og:image")


def test_the_largest_picture_of_each_page_has_high_fetch_priority(client):
    """Home's featured story, the article's cover and a category's first item: one each,
    fetched at once, not lazily."""
    category = make_category()
    articles = [make_article(category=category, cover=_cover((640, 480))) for _ in range(3)]
    articles[0].featured = True
    articles[0].save()
    for path in (reverse("news:home"), category.get_absolute_url(), articles[1].get_absolute_url()):
        html = client.get(path).content.decode()
        (img,) = re.findall(r'<img [^>]*fetchpriority="high"[^>]*>', html)
        assert 'loading="eager"' in img, path


def test_pages_load_one_stylesheet(client):
    article = make_article()
    for path in (reverse("news:home"), article.get_absolute_url()):
        html = client.get(path).content.decode()
        assert len(re.findall(r'<link rel="stylesheet"', html)) == 1, path


def test_the_printout_names_the_portal_and_the_articles_address(client):
    """A print-only header carries the site's name, the canonical address and a place for
    the print date that print.js fills."""
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    header = html[html.index('class="print-only print-header"') :].split("</div>", 1)[0]
    assert "Cổng thông tin điện tử" in header
    assert f"Địa chỉ bài viết: http://testserver{article.get_absolute_url()}" in header
    assert "data-print-date hidden>Ngày in:" in header


def test_the_print_button_comes_from_a_static_script_and_waits_for_it(client):
    """No inline script (the CSP forbids them): the button is hidden until print.js runs."""
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<script src="/static/js/print\.js[^"]*" defer></script>', html)
    assert re.search(r"<button [^>]*data-print hidden>In bài</button>", html)
    scripts = re.findall(r"<script(?: [^>]*)?>", html)
    assert all("src=" in s or "application/ld+json" in s for s in scripts), scripts


def test_print_stylesheet_leaves_out_counters_and_tools():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    print_block = css[css.index("@media print") :]
    hidden = print_block[: print_block.index("display: none")]
    for selector in (".article-views", ".visit-counter", ".popular", ".print-button", ".site-nav"):
        assert selector in hidden, selector
    assert ".print-only { display: block; }" in print_block


def test_the_menu_is_a_disclosure_listing_every_category(client):
    """On phones the menu is a <details> whose <summary> opens it; every menu category
    and the home page are links in it."""
    categories = [make_category(name=f"Chuyên mục {n}") for n in range(6)]
    html = client.get(reverse("news:home")).content.decode()
    nav = html[html.index('<nav class="site-nav"') :].split("</nav>", 1)[0]
    assert '<details class="site-nav__menu">' in nav
    assert '<summary class="site-nav__toggle">Chuyên mục</summary>' in nav
    for category in categories:
        assert f'href="{category.get_absolute_url()}"' in nav
    assert f'href="{reverse("news:home")}">Trang chủ</a>' in nav
