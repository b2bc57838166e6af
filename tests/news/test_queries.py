"""Each public page runs a fixed number of queries, whatever the number of articles.

These pin the news pages' own queries, so view counting (the counters app, which pins its
own cost) is switched off here. A page rendered once comes from the page cache
(portal.pagecache) and runs none.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

# (top-level menu categories, articles): a small portal and a ten-times bigger one.
SIZES = [(2, 3), (8, 30)]

# The next scheduled publish_at or unpublish_at of an article, the next downtime notice to
# appear or disappear, and the next scheduled document: how long the page may be kept,
# read once per content generation (portal.pagecache.valid_until).
SCHEDULE_QUERIES = 3
# What every page drawn from base.html reads of its site, in one round trip
# (news.siteparts): the menu's categories (news), the agency information, menu pages and
# footer links (agency.chrome), the downtime notices shown now (engagement).
SITE_QUERIES = 1
PAGE_QUERIES = SCHEDULE_QUERIES + SITE_QUERIES
# featured story, latest news, all category blocks at once, the links block
HOME_QUERIES = PAGE_QUERIES + 4
# count, page of articles
CATEGORY_QUERIES = PAGE_QUERIES + 2
# the article, in the round trip of the site's chrome (news.siteparts.with_site_parts),
# then the newer and older lists with its attached files (the documents app's list under
# the body, templates/portal/article_extra.html) and its stored views in one round trip
ARTICLE_QUERIES = PAGE_QUERIES + 1
# An address made of slugs may be a page of the agency's tree, a reader's page: the
# schedule and the page lookup, then the site's chrome and the old-address redirect
# lookup (news/redirects.py).
NOT_FOUND_QUERIES = SCHEDULE_QUERIES + 1 + SITE_QUERIES + 1
# session, user, user permissions, group permissions, the sites the user works on, then the
# article, the lists with its files, the site's chrome: a preview never reads or fills the
# page cache, so no schedule.
PREVIEW_QUERIES = 5 + 2 + SITE_QUERIES


@pytest.fixture(autouse=True)
def _cold_cache(settings):
    settings.COUNTERS_ENABLED = False
    cache.clear()
    yield
    cache.clear()


def _portal(n_categories, n_articles):
    """Return (a top category with a subcategory, a middle article) on a filled portal."""
    tops = [make_category() for _ in range(n_categories)]
    subs = [make_category(parent=top) for top in tops]
    every = tops + subs
    now = timezone.now()
    articles = [
        make_article(
            category=every[i % len(every)],
            featured=(i % 7 == 0),
            cover_caption=f"Chú thích {i}",
            publish_at=now - timedelta(hours=i + 1),
        )
        for i in range(n_articles)
    ]
    # Unpublished rows must not change the count either.
    make_article(category=tops[0], status=Article.Status.DRAFT)
    return tops[0], articles[len(articles) // 2]


@pytest.mark.parametrize(("n_categories", "n_articles"), SIZES)
def test_home_queries(client, django_assert_num_queries, n_categories, n_articles):
    """Home runs HOME_QUERIES queries for any number of categories and articles."""
    _portal(n_categories, n_articles)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("news:home"))
    assert len(response.context["category_blocks"]) == n_categories


@pytest.mark.parametrize(("n_categories", "n_articles"), SIZES)
def test_category_queries(client, django_assert_num_queries, n_categories, n_articles):
    """A category page runs CATEGORY_QUERIES queries whatever its size."""
    category, _article = _portal(n_categories, n_articles)
    with django_assert_num_queries(CATEGORY_QUERIES):
        response = client.get(category.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize(("n_categories", "n_articles"), SIZES)
def test_article_queries(client, django_assert_num_queries, n_categories, n_articles):
    """An article page runs ARTICLE_QUERIES queries whatever the size of its lists."""
    _category, article = _portal(n_categories, n_articles)
    with django_assert_num_queries(ARTICLE_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize(("n_categories", "n_articles"), SIZES)
def test_preview_queries(client, django_assert_num_queries, n_categories, n_articles):
    """The staff preview runs a fixed number of queries."""
    _category, article = _portal(n_categories, n_articles)
    client.force_login(make_user(staff=True, perms=["news.change_article", "news.publish_article"]))
    url = reverse("news:article-preview", kwargs={"pk": article.pk})
    with django_assert_num_queries(PREVIEW_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("n_categories", "n_articles"), SIZES)
def test_not_found_queries(client, django_assert_num_queries, n_categories, n_articles):
    """The 404 page reads only the menu and the old-address redirects."""
    _portal(n_categories, n_articles)
    with django_assert_num_queries(NOT_FOUND_QUERIES):
        response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["home", "category", "article"])
def test_cached_page_runs_no_query(client, django_assert_num_queries, page):
    """Once a reader has loaded a page, the next reader's runs no query at all."""
    category, article = _portal(3, 12)
    url = {
        "home": reverse("news:home"),
        "category": category.get_absolute_url(),
        "article": article.get_absolute_url(),
    }[page]
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_lists_do_not_load_article_bodies(client, django_assert_num_queries):
    """Home and category lists leave the body column in the database."""
    category, _article = _portal(2, 5)
    with django_assert_num_queries(HOME_QUERIES) as home:
        client.get(reverse("news:home"))
    cache.clear()
    with django_assert_num_queries(CATEGORY_QUERIES) as listing:
        client.get(category.get_absolute_url())
    for captured in (home, listing):
        for query in captured.captured_queries:
            assert '"news_article"."body"' not in query["sql"], query["sql"]
