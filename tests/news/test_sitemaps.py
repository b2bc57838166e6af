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


def _article_pages(client):
    root = _xml(client.get(reverse("sitemap-index")))
    locs = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    return [loc for loc in locs if "sitemap-bai-viet.xml" in loc]


def _article_entries(client, page=None):
    """Return the <url> elements of one page of the article map, or of every page.

    Pages are id ranges, and ids in the test database keep growing from test to test,
    so the first pages may be empty: without `page`, every page the index names is read.
    """
    if page is None:
        pages = range(1, len(_article_pages(client)) + 1)
        return [entry for p in pages for entry in _article_entries(client, p)]
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    return _xml(client.get(url, {"p": page})).findall("sm:url", NS)


def _article_locs(client, page=None):
    return [u.findtext("sm:loc", namespaces=NS) for u in _article_entries(client, page)]


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
    (entry,) = _article_entries(client)
    assert entry.findtext("sm:loc", namespaces=NS).endswith(article.get_absolute_url())
    expected = timezone.localdate(article.updated_at).isoformat()
    assert entry.findtext("sm:lastmod", namespaces=NS) == expected


def test_article_pages_are_id_ranges_each_named_in_the_index(client, monkeypatch):
    """Page n holds the published articles with ids in ((n-1)*limit, n*limit]; the index
    names every page up to the highest published id."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    category = make_category()
    articles = [make_article(category=category) for _ in range(5)]
    last_page = -(-articles[-1].pk // 2)
    assert len(_article_pages(client)) == last_page
    for page in range(1, last_page + 1):
        expected = [a.get_absolute_url() for a in articles if (a.pk + 1) // 2 == page]
        assert [loc.removeprefix("http://testserver") for loc in _article_locs(client, page)] == (
            expected
        )


def test_withdrawing_an_article_leaves_the_other_pages_as_they_were(client, monkeypatch):
    """Pages are stable between crawls: a withdrawn article only leaves its own page, and
    a new one lands on the last page."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    category = make_category()
    articles = [make_article(category=category) for _ in range(6)]
    pages = range(-(-articles[0].pk // 2), -(-articles[-1].pk // 2) + 1)
    before = {p: _article_locs(client, p) for p in pages}
    withdrawn = articles[2]
    withdrawn.unpublish_at = withdrawn.publish_at + timedelta(minutes=1)
    withdrawn.save()
    after = {p: _article_locs(client, p) for p in pages}
    changed = [p for p in pages if before[p] != after[p]]
    assert changed == [-(-withdrawn.pk // 2)]
    assert not any(loc.endswith(withdrawn.get_absolute_url()) for loc in sum(after.values(), []))
    newest = make_article(category=category)
    assert _article_pages(client)[-1].endswith(f"?p={-(-newest.pk // 2)}")
    assert _article_locs(client, -(-newest.pk // 2))[-1].endswith(newest.get_absolute_url())


def test_a_million_article_map_is_a_thousand_pages(client, monkeypatch):
    """With ids up to 1,000,000 the index lists 1,000 article pages and page 1,000 serves
    its range, without counting rows (the index reads only the highest published id)."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(id=1_000_000)
    article = Article.objects.get()
    assert len(_article_pages(client)) == 1_000
    assert _article_locs(client, 1_000)[0].endswith(article.get_absolute_url())
    assert _article_locs(client, 999) == []
    url = reverse("sitemap-section", kwargs={"section": "bai-viet"})
    assert client.get(url, {"p": 1_001}).status_code == 404


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
    """One page of the article map: the highest published id and the page's id range,
    whatever the number of rows."""
    category = make_category()
    for _ in range(5):
        make_article(category=category)
    client.get(reverse("robots"))  # the visit counter counts the first page of a visit
    with django_assert_num_queries(2):
        client.get(reverse("sitemap-section", kwargs={"section": "bai-viet"}))
