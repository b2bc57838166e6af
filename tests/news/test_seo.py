"""Search engines and link previews: canonical, OpenGraph, Twitter, NewsArticle JSON-LD."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


class _Head(HTMLParser):
    """Collect <meta>, <link> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self.nonces = {}, [], [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.nonces.append(attrs.get("nonce"))
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def _head(response):
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


def _canonical(head):
    return [link["href"] for link in head.links if link.get("rel") == "canonical"]


def test_article_has_canonical_url(client):
    """The article page names its absolute URL as canonical, without query string."""
    article = make_article()
    head = _head(client.get(article.get_absolute_url(), {"utm_source": "zalo"}))
    assert _canonical(head) == [f"http://testserver{article.get_absolute_url()}"]


def test_article_has_opengraph_and_twitter_tags(client):
    """og:title/description/url/type and a Twitter card describe the article."""
    article = make_article(title="Khánh thành trường học", lead="Trường mới có 30 phòng.")
    head = _head(client.get(article.get_absolute_url()))
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Khánh thành trường học"
    assert head.meta["og:description"] == "Trường mới có 30 phòng."
    assert head.meta["og:url"] == f"http://testserver{article.get_absolute_url()}"
    assert head.meta["og:locale"] == "vi_VN"
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["twitter:title"] == "Khánh thành trường học"


def test_article_has_news_article_json_ld(client):
    """The first JSON-LD block parses as a schema.org NewsArticle with the article's data.

    (The site's Organization follows it: tests/agency.)"""
    category = make_category(name="Tin tức sự kiện")
    article = make_article(title="Giao ban chuyên đề", category=category, byline="Ban Tổ chức")
    head = _head(client.get(article.get_absolute_url()))
    block = head.json_ld[0]
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Giao ban chuyên đề"
    assert data["datePublished"] == article.publish_at.isoformat()
    assert data["articleSection"] == "Tin tức sự kiện"
    assert data["author"]["name"] == "Ban Tổ chức"
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"


def test_json_ld_cannot_be_broken_out_of(client):
    """A title holding </script> stays inside the JSON: no new element, same data."""
    title = '</script><script>alert("x")</script><!-- & -->'
    article = make_article(title=title, lead="</SCRIPT>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in html
    head = _head(client.get(article.get_absolute_url()))
    assert json.loads(head.json_ld[0])["headline"] == title


def test_json_ld_carries_no_per_request_nonce(client):
    """The JSON-LD script has no nonce, and the policy lists none.

    Browsers never execute an application/ld+json data block, so CSP does not block it
    (tests/e2e/test_csp.py checks in Chromium); without a nonce the page is the same for
    every reader and can be cached whole.
    """
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert set(_head(response).nonces) == {None}
    assert "nonce" not in response["Content-Security-Policy"]


def test_cover_gives_large_twitter_card_and_og_image(client, settings):
    """With a cover, og:image and twitter:image are absolute JPEG URLs, card is large."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (10, 80, 160)).save(buffer, format="PNG")
    article = make_article(
        cover=SimpleUploadedFile("bia.png", buffer.getvalue(), content_type="image/png"),
        cover_alt="Quang cảnh buổi lễ",
    )
    head = _head(client.get(article.get_absolute_url()))
    assert head.meta["twitter:card"] == "summary_large_image"
    assert re.match(r"http://testserver/media/.+\.jpg$", head.meta["og:image"])
    assert head.meta["og:image:alt"] == "Quang cảnh buổi lễ"


def test_category_page_canonical_keeps_page_number(client):
    """Page 2 of a category is its own canonical page; page 1 has no ?page."""
    category = make_category(slug="tin-tuc")
    for _ in range(25):
        make_article(category=category)
    head = _head(client.get(category.get_absolute_url(), {"page": 2}))
    assert _canonical(head) == ["http://testserver/chuyen-muc/tin-tuc/?page=2"]
    head = _head(client.get(category.get_absolute_url(), {"x": 1}))
    assert _canonical(head) == ["http://testserver/chuyen-muc/tin-tuc/"]


def test_search_results_are_noindex_without_canonical(client):
    """Search pages tell robots not to index and claim no canonical URL."""
    make_article(title="Chi bộ")
    head = _head(client.get(reverse("news:search"), {"q": "chi bo"}))
    assert head.meta["robots"].startswith("noindex")
    assert _canonical(head) == []


def test_preview_is_noindex_with_the_public_canonical(client):
    """A staff preview is noindex and points to the article's public URL."""
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(superuser=True))
    head = _head(client.get(reverse("news:article-preview", args=[article.pk])))
    assert head.meta["robots"] == "noindex"
    assert _canonical(head) == [f"http://testserver{article.get_absolute_url()}"]


# The article page's query count, SEO tags included, is pinned by test_queries.py.
