"""Sitemaps: an index of paginated per-section maps with lastmod; robots.txt points to it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news import sitemaps
from news.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _xml(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def _article_locs(client, page=None):
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    root = _xml(client.get(url, {"p": page} if page else {}))
    return [u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)]


def test_index_lists_each_section(client):
    """/sitemap.xml is a sitemap index naming the home, category and article maps."""
    make_article()
    root = _xml(client.get(reverse("sitemap-index")))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locs = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    assert any(loc.endswith("/sitemap-bai-viet.xml") for loc in locs)
    assert any(loc.endswith("/sitemap-chuyen-muc.xml") for loc in locs)


def test_article_map_has_lastmod(client):
    """Every article URL carries its last modification date."""
    article = make_article()
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    root = _xml(client.get(url))
    (entry,) = root.findall("sm:url", NS)
    assert entry.findtext("sm:loc", namespaces=NS).endswith(article.get_absolute_url())
    expected = timezone.localdate(article.updated_at).isoformat()
    assert entry.findtext("sm:lastmod", namespaces=NS) == expected


def test_articles_are_paginated_and_the_index_lists_every_page(client, monkeypatch):
    """Past the page size the article map splits into pages, each named in the index."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    category = make_category()
    for _ in range(5):
        make_article(category=category)
    root = _xml(client.get(reverse("sitemap-index")))
    locs = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    assert sum("sitemap-bai-viet.xml" in loc for loc in locs) == 3
    pages = [_article_locs(client, p) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert len(set(sum(pages, []))) == 5


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=1)},
        {
            "publish_at": timezone.now() - timedelta(days=2),
            "unpublish_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["draft", "scheduled", "withdrawn"],
)
def test_unpublished_articles_never_in_sitemap(client, fields):
    """Drafts, scheduled and withdrawn articles are not in the article map."""
    public = make_article()
    hidden = make_article(**fields)
    locs = _article_locs(client)
    assert any(loc.endswith(public.get_absolute_url()) for loc in locs)
    assert not any(loc.endswith(hidden.get_absolute_url()) for loc in locs)


def test_page_beyond_the_last_is_404(client):
    """?p=99 or ?p=abc on a short map is a 404, not a 500."""
    make_article()
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    assert client.get(url, {"p": 99}).status_code == 404
    assert client.get(url, {"p": "abc"}).status_code == 404


def test_unknown_section_is_404(client):
    """A section name that does not exist is a 404."""
    assert client.get(reverse("sitemap-section", kwargs={"section": "khac"})).status_code == 404


def test_robots_txt_points_to_the_sitemap_index(client):
    """robots.txt is plain text, names the absolute sitemap URL and keeps robots off search."""
    response = client.get(reverse("robots"))
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /tim-kiem/" in text


def test_article_map_query_count(client, django_assert_num_queries):
    """One page of the article map: a count and the page, whatever the number of rows."""
    category = make_category()
    for _ in range(5):
        make_article(category=category)
    client.get(reverse("robots"))  # the visit counter counts the first page of a visit
    with django_assert_num_queries(2):
        client.get(reverse("sitemap-section", kwargs={"section": "bai-viet"}))
