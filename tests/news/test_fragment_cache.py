"""The article page's cached fragments: scheduled changes and saves show at once,
staff previews and per-reader parts are never cached."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from news.cache import next_scheduled_change
from news.models import Article
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
SOON = NOW + timedelta(minutes=10)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _clock_and_cache(settings):
    settings.COUNTERS_ENABLED = False
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
    cache.clear()


@pytest.fixture
def page(_clock_and_cache):
    """Return (a middle article of a category, the category, the clock)."""
    category = make_category()
    older = make_article(category=category, publish_at=NOW - timedelta(days=2))
    article = make_article(category=category, publish_at=NOW - timedelta(days=1))
    return article, older, category, _clock_and_cache


def test_scheduled_article_appears_in_cached_newer_list_at_its_publish_at(client, page):
    """A sibling scheduled for SOON is missing before SOON and listed from SOON on."""
    article, _older, category, clock = page
    scheduled = make_article(category=category, title="Tin hẹn giờ đăng", publish_at=SOON)
    url = article.get_absolute_url()
    clock.move_to(SOON - SECOND)
    assert scheduled.title not in client.get(url).content.decode()
    assert scheduled.title not in client.get(url).content.decode()  # from the cache
    clock.move_to(SOON)
    assert scheduled.title in client.get(url).content.decode()


def test_withdrawn_article_leaves_cached_older_list_at_its_unpublish_at(client, page):
    """An older sibling withdrawn at SOON is listed before SOON and gone from SOON on."""
    article, older, _category, clock = page
    Article.objects.filter(pk=older.pk).update(unpublish_at=SOON)
    cache.clear()  # update() sends no signal; start from a cache that never saw the row
    url = article.get_absolute_url()
    clock.move_to(SOON - SECOND)
    assert older.title in client.get(url).content.decode()
    assert older.title in client.get(url).content.decode()  # from the cache
    clock.move_to(SOON)
    assert older.title not in client.get(url).content.decode()


def test_cached_article_disappears_at_its_unpublish_at(client, page):
    """The article looked up from the cache is still answered 404 from its unpublish_at."""
    article, _older, _category, clock = page
    article.unpublish_at = SOON
    article.save()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    clock.move_to(SOON)
    assert client.get(url).status_code == 404


def test_scheduled_article_page_opens_at_its_publish_at(client, page):
    """An article scheduled for SOON answers 404 until SOON, then its page."""
    _article, _older, category, clock = page
    scheduled = make_article(category=category, publish_at=SOON)
    url = scheduled.get_absolute_url()
    assert client.get(url).status_code == 404
    clock.move_to(SOON)
    assert client.get(url).status_code == 200


def test_editors_save_shows_at_once(client, page):
    """Saving a new title changes the page readers get on their next request."""
    article, _older, _category, _clock = page
    url = article.get_absolute_url()
    client.get(url)
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert "Tiêu đề đã sửa" in client.get(url).content.decode()


def test_preview_never_reads_the_readers_cache(client, page):
    """A staff preview shows the stored article even where readers' fragments are cached."""
    article, _older, _category, _clock = page
    client.get(article.get_absolute_url())
    # update() bumps no version: the readers' cache still holds the old title.
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề mới trong CSDL")
    client.force_login(make_user(staff=True, perms=["news.change_article", "news.publish_article"]))
    preview = client.get(reverse("news:article-preview", kwargs={"pk": article.pk}))
    assert "Tiêu đề mới trong CSDL" in preview.content.decode()


def test_preview_of_a_draft_leaves_nothing_for_readers(client, page):
    """A draft previewed by staff is still 404 for readers, its text nowhere in their page."""
    article, _older, category, _clock = page
    draft = make_article(category=category, status=Article.Status.DRAFT, title="Bản nháp kín")
    client.force_login(make_user(staff=True, perms=["news.change_article", "news.publish_article"]))
    assert client.get(reverse("news:article-preview", kwargs={"pk": draft.pk})).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Bản nháp kín" not in client.get(article.get_absolute_url()).content.decode()


def test_view_count_stays_outside_the_cached_fragments(client, page, settings):
    """Two readers of a cached page each see their own 'Số lượt người xem'."""
    settings.COUNTERS_ENABLED = True
    article, _older, _category, _clock = page
    url = article.get_absolute_url()
    first = client.get(url, REMOTE_ADDR="10.0.0.1")
    client.cookies.clear()
    second = client.get(url, REMOTE_ADDR="10.0.0.2")
    assert first.context["counter_article_views"] == {article.pk: 1}
    assert second.context["counter_article_views"] == {article.pk: 2}
    assert 'Số lượt người xem: <strong class="article-views__number">2</strong>' in (
        second.content.decode()
    )


def test_next_scheduled_change_is_the_earliest_publish_or_unpublish(page):
    """The schedule bound is the nearest future publish_at or unpublish_at of a published row."""
    _article, older, category, _clock = page
    make_article(category=category, publish_at=NOW + timedelta(hours=2))
    Article.objects.filter(pk=older.pk).update(unpublish_at=NOW + timedelta(hours=1))
    make_article(category=category, status=Article.Status.DRAFT, publish_at=SOON)
    cache.clear()
    assert next_scheduled_change() == NOW + timedelta(hours=1)


def test_scheduled_article_appears_on_cached_home_at_its_publish_at(client, page):
    """The cached home page lists an article scheduled for SOON from SOON on, not before."""
    _article, _older, category, clock = page
    scheduled = make_article(category=category, title="Tin hẹn giờ lên trang chủ", publish_at=SOON)
    url = reverse("news:home")
    clock.move_to(SOON - SECOND)
    assert scheduled.title not in client.get(url).content.decode()
    assert scheduled.title not in client.get(url).content.decode()  # from the cache
    clock.move_to(SOON)
    assert scheduled.title in client.get(url).content.decode()


def test_withdrawn_article_leaves_cached_home_at_its_unpublish_at(client, page):
    """The cached home page stops listing an article at its unpublish_at."""
    article, _older, _category, clock = page
    article.unpublish_at = SOON
    article.save()
    url = reverse("news:home")
    clock.move_to(SOON - SECOND)
    assert article.title in client.get(url).content.decode()
    assert article.title in client.get(url).content.decode()  # from the cache
    clock.move_to(SOON)
    assert article.title not in client.get(url).content.decode()


def test_scheduled_article_appears_on_cached_category_page_at_its_publish_at(client, page):
    """The cached category page lists an article scheduled for SOON from SOON on, not before."""
    _article, _older, category, clock = page
    scheduled = make_article(
        category=category, title="Tin hẹn giờ trong chuyên mục", publish_at=SOON
    )
    url = category.get_absolute_url()
    clock.move_to(SOON - SECOND)
    assert scheduled.title not in client.get(url).content.decode()
    assert scheduled.title not in client.get(url).content.decode()  # from the cache
    clock.move_to(SOON)
    assert scheduled.title in client.get(url).content.decode()
