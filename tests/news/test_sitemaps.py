"""Sitemaps: an index of paginated per-section maps with lastmod; robots.txt points to it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
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


def _article_pages(client):
    root = _xml(client.get(reverse("sitemap-index")))
    locs = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    return [loc for loc in locs if "sitemap-bai-viet.xml" in loc]


def _start(page_url):
    return int(page_url.rsplit(f"?{sitemaps.PAGE_PARAMETER}=", 1)[1])


def _article_entries(client, start=None):
    """Return the <url> elements of the article map page starting at id `start`, or of
    every page the index names."""
    if start is None:
        starts = [_start(url) for url in _article_pages(client)]
        return [entry for first in starts for entry in _article_entries(client, first)]
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    return _xml(client.get(url, {sitemaps.PAGE_PARAMETER: start})).findall("sm:url", NS)


def _article_locs(client, start=None):
    return [u.findtext("sm:loc", namespaces=NS) for u in _article_entries(client, start)]


def test_index_lists_each_section(client):
    """/sitemap.xml is a sitemap index naming the home, category and article maps."""
    make_article()
    root = _xml(client.get(reverse("sitemap-index")))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locs = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    assert any("/sitemap-bai-viet.xml?tu=" in loc for loc in locs)
    assert any(loc.endswith("/sitemap-chuyen-muc.xml") for loc in locs)


def test_article_map_has_lastmod(client):
    """Every article URL carries its last modification date."""
    article = make_article()
    (entry,) = _article_entries(client)
    assert entry.findtext("sm:loc", namespaces=NS).endswith(article.get_absolute_url())
    expected = timezone.localdate(article.updated_at).isoformat()
    assert entry.findtext("sm:lastmod", namespaces=NS) == expected


def test_article_pages_are_keyset_pages_each_named_in_the_index(client, monkeypatch):
    """The index names one page per `limit` published articles, by the id it starts from;
    each page holds the next `limit` articles in id order."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    category = make_category()
    articles = [make_article(category=category) for _ in range(5)]
    pages = _article_pages(client)
    assert [_start(url) for url in pages] == [articles[0].pk, articles[2].pk, articles[4].pk]
    for first, chunk in zip(pages, (articles[0:2], articles[2:4], articles[4:]), strict=True):
        assert [
            loc.removeprefix("http://testserver") for loc in _article_locs(client, _start(first))
        ] == [a.get_absolute_url() for a in chunk]


def test_withdrawing_an_article_changes_only_its_own_page_and_later_ones(client, monkeypatch):
    """A withdrawn article leaves the map; pages before it keep their URLs, and a new
    article lands on the last page."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    category = make_category()
    articles = [make_article(category=category) for _ in range(6)]
    first_page = _article_locs(client, articles[0].pk)
    withdrawn = articles[3]
    withdrawn.unpublish_at = withdrawn.publish_at + timedelta(minutes=1)
    withdrawn.save()
    assert _article_locs(client) and not any(
        loc.endswith(withdrawn.get_absolute_url()) for loc in _article_locs(client)
    )
    assert _article_locs(client, articles[0].pk) == first_page
    newest = make_article(category=category)
    assert _article_locs(client)[-1].endswith(newest.get_absolute_url())


def test_a_site_map_lists_only_that_sites_articles(client):
    """Each site's map names its own articles; ids of other sites leave no empty pages."""
    from tests.factories import make_site

    other = make_site("phuong-khac.test")
    elsewhere = [make_article(category=make_category(site=other)) for _ in range(3)]
    here = make_article()
    locs = _article_locs(client)
    assert [loc.removeprefix("http://testserver") for loc in locs] == [here.get_absolute_url()]
    assert len(_article_pages(client)) == 1
    theirs = Client(HTTP_HOST="phuong-khac.test").get(reverse("sitemap-index"))
    assert b"phuong-khac.test" in theirs.content and b"testserver" not in theirs.content
    assert all(a.site_id == other.pk for a in elsewhere)


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


def test_bad_page_start_is_404(client):
    """?tu=abc or ?tu=-5 is a 404, not a 500; a start past the last article is empty."""
    make_article()
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    assert client.get(url, {sitemaps.PAGE_PARAMETER: "abc"}).status_code == 404
    assert client.get(url, {sitemaps.PAGE_PARAMETER: "-5"}).status_code == 404
    assert _xml(client.get(url, {sitemaps.PAGE_PARAMETER: 10**9})).findall("sm:url", NS) == []


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
    """One page of the article map is one range query, whatever the number of rows; the
    index one scan for the page starts and their last changes, plus the categories and
    one query for the last changes of the home and category pages, and one for each other
    app's section (pages, leaders, documents)."""
    category = make_category()
    for _ in range(5):
        make_article(category=category)
    client.get(reverse("robots"))  # reads the schedule, once per content generation
    with django_assert_num_queries(1):
        client.get(reverse("sitemap-section", kwargs={"section": "bai-viet"}))
    with django_assert_num_queries(6):
        client.get(reverse("sitemap-index"))
