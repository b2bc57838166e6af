"""RSS feeds: valid XML, latest 50 published articles, full lead, dates, conditional GET."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from news.feeds import FEED_SIZE
from news.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _items(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return root.find("channel").findall("item")


def _titles(response):
    return [item.findtext("title") for item in _items(response)]


def test_feed_is_valid_rss_with_full_lead_and_pubdate(client):
    """The feed parses as XML; each item has title, link, the full lead, pubDate."""
    lead = "Sapo dài " + "rất dài " * 80 + "& có <ký tự> đặc biệt."
    article = make_article(title="Tin có sapo dài", lead=lead)
    (item,) = _items(client.get(reverse("news:feed")))
    assert item.findtext("title") == "Tin có sapo dài"
    assert item.findtext("description") == lead
    assert item.findtext("link").endswith(article.get_absolute_url())
    pubdate = parsedate_to_datetime(item.findtext("pubDate"))
    assert abs(pubdate - article.publish_at) < timedelta(seconds=1)


def test_feed_lists_the_latest_fifty_newest_first(client):
    """With 55 articles the feed has the 50 newest, newest first."""
    category = make_category()
    now = timezone.now()
    for n in range(FEED_SIZE + 5):
        make_article(title=f"Tin {n}", category=category, publish_at=now - timedelta(hours=n + 1))
    titles = _titles(client.get(reverse("news:feed")))
    assert len(titles) == FEED_SIZE
    assert titles[0] == "Tin 0" and titles[-1] == f"Tin {FEED_SIZE - 1}"


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
def test_unpublished_articles_never_in_feeds(client, fields):
    """Drafts, scheduled and withdrawn articles are in neither feed."""
    category = make_category(slug="tin-tuc")
    make_article(title="Bài công khai", category=category)
    make_article(title="Bài chưa đăng", category=category, **fields)
    assert _titles(client.get(reverse("news:feed"))) == ["Bài công khai"]
    feed = reverse("news:category-feed", kwargs={"slug": "tin-tuc"})
    assert _titles(client.get(feed)) == ["Bài công khai"]


def test_category_feed_includes_subcategories_only(client):
    """A category feed has its own and its subcategories' articles, not others'."""
    top = make_category(slug="xay-dung-dang")
    child = make_category(parent=top)
    make_article(title="Ở mục cha", category=top)
    make_article(title="Ở mục con", category=child)
    make_article(title="Ở mục khác", category=make_category())
    titles = _titles(client.get(reverse("news:category-feed", kwargs={"slug": "xay-dung-dang"})))
    assert sorted(titles) == ["Ở mục cha", "Ở mục con"]


def test_unknown_category_feed_is_404(client):
    """A feed for a category that does not exist is a 404, not a 500."""
    assert client.get(reverse("news:category-feed", kwargs={"slug": "khong-co"})).status_code == 404


def test_conditional_get_answers_304(client):
    """A repeat request with If-Modified-Since or If-None-Match gets 304 Not Modified."""
    make_article()
    first = client.get(reverse("news:feed"))
    assert first.has_header("Last-Modified")
    again = client.get(reverse("news:feed"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    tagged = client.get(reverse("news:feed"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert tagged.status_code == 304


def test_new_article_changes_last_modified(client):
    """After a newer article, the old If-Modified-Since gets the full feed again."""
    old = make_article(publish_at=timezone.now() - timedelta(days=2))
    Article.objects.filter(pk=old.pk).update(updated_at=old.publish_at)
    first = client.get(reverse("news:feed"))
    make_article(title="Tin mới hơn")
    again = client.get(reverse("news:feed"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200


def test_pages_link_to_the_feeds(client):
    """Category pages announce the site feed and their own with <link rel=alternate>."""
    category = make_category(slug="tin-tuc")
    make_article(category=category)
    html = client.get(category.get_absolute_url()).content.decode()
    assert f'href="{reverse("news:feed")}"' in html
    feed = reverse("news:category-feed", kwargs={"slug": "tin-tuc"})
    assert f'type="application/rss+xml" title="{category.name}' in html and feed in html


def test_feed_query_counts(client, django_assert_num_queries):
    """The site feed runs one query, a category feed two, whatever the number of items."""
    # The first page of a content generation also reads when the next scheduled change is:
    # the articles', the downtime notices' (engagement) and the documents'.
    category = make_category(slug="tin-tuc")
    for _ in range(5):
        make_article(category=category)
    with django_assert_num_queries(4):
        client.get(reverse("news:feed"))
    with django_assert_num_queries(2):
        client.get(reverse("news:category-feed", kwargs={"slug": "tin-tuc"}))
    with django_assert_num_queries(0):
        client.get(reverse("news:feed"))  # from the page cache
