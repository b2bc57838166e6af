"""Cached fragments follow editors' saves, and scheduling keeps time with caching on."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from counters import services
from counters.templatetags.counters_popular import popular_lists
from news.cache import bump_content_version, content_version
from news.models import Article
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)
REDIS_TEST_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # A database number of its own, emptied before and after.
        "LOCATION": "redis://127.0.0.1:6379/14",
        "KEY_PREFIX": "portal-test",
    }
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _popular_titles():
    lists = popular_lists()
    return [item["title"] for item in lists["recent"] + lists["all_time"]]


def test_saving_an_article_bumps_the_content_version():
    """Any article save moves the version on."""
    before = content_version()
    make_article()
    assert content_version() > before


def test_renamed_category_shows_in_the_menu_at_once(client):
    """The menu is cached, yet a renamed category shows on the very next page."""
    category = make_category(name="Tin cũ")
    make_article(category=category)
    assert "Tin cũ" in client.get(reverse("news:home")).content.decode()
    category.name = "Tin tức sự kiện"
    category.save()
    assert "Tin tức sự kiện" in client.get(reverse("news:home")).content.decode()


def test_bulk_unpublish_drops_the_article_from_cached_popular_lists(client):
    """admin's unpublish action (update(), no signal) still empties the cached box."""
    article = make_article(title="Bài được xem nhiều")
    services.record_view(article.pk)
    assert "Bài được xem nhiều" in _popular_titles()  # now cached
    client.force_login(make_user(superuser=True))
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [article.pk], "index": 0},
    )
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert "Bài được xem nhiều" not in _popular_titles()


def test_scheduled_article_appears_and_disappears_on_time_with_caching_on(client):
    """With every fragment cached, a scheduled article shows at publish_at, goes at unpublish_at."""
    with time_machine.travel(NOW, tick=False):
        article = make_article(
            title="Bài hẹn giờ đăng",
            publish_at=NOW + timedelta(minutes=5),
            unpublish_at=NOW + timedelta(minutes=10),
        )
        client.get(reverse("news:home"))  # warm the menu and the popular box
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(NOW + timedelta(minutes=5, seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200  # one view
        assert "Bài hẹn giờ đăng" in client.get(reverse("news:home")).content.decode()
    with time_machine.travel(NOW + timedelta(minutes=9, seconds=50), tick=False):
        assert "Bài hẹn giờ đăng" in _popular_titles()  # cached now, for up to a minute
    # Eleven seconds later, one past unpublish_at: well inside that minute.
    with time_machine.travel(NOW + timedelta(minutes=10, seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Bài hẹn giờ đăng" not in client.get(reverse("news:home")).content.decode()
        assert "Bài hẹn giờ đăng" not in _popular_titles()


@override_settings(CACHES=REDIS_TEST_CACHE)
def test_redis_version_is_shared_between_connections():
    """With Redis, a bump made through one connection is seen through another."""
    from django.core.cache.backends.redis import RedisCache

    cache.clear()
    other = RedisCache(REDIS_TEST_CACHE["default"]["LOCATION"], {"KEY_PREFIX": "portal-test"})
    before = content_version()
    bump_content_version()
    assert other.get("news:content-version") == before + 1
    cache.clear()
