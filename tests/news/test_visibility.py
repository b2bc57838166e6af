"""Who sees what: published/scheduled/expired/draft x anonymous/staff on every public path."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
STATES = ("published", "scheduled", "expired", "draft")
READERS = ("anonymous", "staff")


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    cache.clear()
    yield
    cache.clear()


def _article_in_state(state, **extra):
    """Return an article that is, at NOW, in the given publishing state."""
    fields = {
        "published": {"publish_at": NOW - timedelta(hours=1)},
        "scheduled": {"publish_at": NOW + timedelta(hours=1)},
        "expired": {
            "publish_at": NOW - timedelta(days=2),
            "unpublish_at": NOW - timedelta(hours=1),
        },
        "draft": {"status": Article.Status.DRAFT, "publish_at": NOW - timedelta(hours=1)},
    }[state]
    return make_article(title=f"Bài ở trạng thái {state}", **fields, **extra)


def _client_for(client, reader):
    if reader == "staff":
        client.force_login(
            make_user(staff=True, perms=["news.change_article", "news.publish_article"])
        )
    return client


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("state", STATES)
def test_home(client, state, reader):
    """Home lists an article only when it is published, for readers and staff alike."""
    article = _article_in_state(state)
    html = _client_for(client, reader).get(reverse("news:home")).content.decode()
    assert (article.title in html) is (state == "published")


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("state", STATES)
def test_category_page(client, state, reader):
    """A category page lists an article only when it is published."""
    article = _article_in_state(state)
    response = _client_for(client, reader).get(article.category.get_absolute_url())
    assert response.status_code == 200
    assert (article.title in response.content.decode()) is (state == "published")


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("state", STATES)
def test_article_page(client, state, reader):
    """The public article URL answers 200 only for a published article, else 404 for all."""
    article = _article_in_state(state)
    response = _client_for(client, reader).get(article.get_absolute_url())
    assert response.status_code == (200 if state == "published" else 404)


@pytest.mark.parametrize("state", STATES)
def test_preview_for_staff(client, state):
    """An editor (change and publish permissions) previews an article in any state."""
    article = _article_in_state(state)
    response = _client_for(client, "staff").get(
        reverse("news:article-preview", kwargs={"pk": article.pk})
    )
    assert response.status_code == 200
    assert article.title in response.content.decode()


@pytest.mark.parametrize("state", STATES)
def test_preview_for_anonymous(client, state):
    """An anonymous reader never sees a preview, whatever the article's state."""
    article = _article_in_state(state)
    response = client.get(reverse("news:article-preview", kwargs={"pk": article.pk}))
    assert response.status_code == 302
    assert article.title not in response.content.decode()


def test_scheduled_article_appears_and_disappears_by_itself(client, time_machine):
    """A scheduled article shows at publish_at and goes at unpublish_at, with no job run."""
    category = make_category()
    publish_at = NOW + timedelta(hours=2)
    unpublish_at = NOW + timedelta(hours=5)
    article = make_article(
        category=category, title="Bài hẹn giờ", publish_at=publish_at, unpublish_at=unpublish_at
    )

    def seen():
        detail = client.get(article.get_absolute_url()).status_code == 200
        on_home = article.title in client.get(reverse("news:home")).content.decode()
        in_category = article.title in client.get(category.get_absolute_url()).content.decode()
        return detail, on_home, in_category

    assert seen() == (False, False, False)
    time_machine.move_to(publish_at - timedelta(seconds=1), tick=False)
    assert seen() == (False, False, False)
    time_machine.move_to(publish_at, tick=False)
    assert seen() == (True, True, True)
    time_machine.move_to(unpublish_at - timedelta(seconds=1), tick=False)
    assert seen() == (True, True, True)
    time_machine.move_to(unpublish_at, tick=False)
    assert seen() == (False, False, False)


def test_scheduled_article_joins_newer_list_when_due(client, time_machine):
    """A scheduled article of the same category enters TIN MỚI HƠN once its time comes."""
    category = make_category()
    current = make_article(category=category, publish_at=NOW - timedelta(days=1))
    scheduled = make_article(category=category, publish_at=NOW + timedelta(hours=1))
    assert list(client.get(current.get_absolute_url()).context["newer"]) == []
    time_machine.move_to(NOW + timedelta(hours=1), tick=False)
    newer = client.get(current.get_absolute_url()).context["newer"]
    assert [a.pk for a in newer] == [scheduled.pk]


def test_unpublished_article_not_featured_on_home(client):
    """A featured draft never becomes the home page's featured story."""
    make_article(title="Nháp nổi bật", featured=True, status=Article.Status.DRAFT)
    shown = make_article(title="Tin đã đăng")
    response = client.get(reverse("news:home"))
    assert response.context["featured"].pk == shown.pk
    assert "Nháp nổi bật" not in response.content.decode()


def test_expired_article_leaves_home_category_block(client):
    """An expired article is in no category block on home."""
    category = make_category(name="Tin tức sự kiện")
    make_article(category=category, title="Tin còn hiệu lực")
    _article_in_state("expired", category=category)
    blocks = client.get(reverse("news:home")).context["category_blocks"]
    titles = [a.title for _c, articles in blocks for a in articles]
    assert titles == ["Tin còn hiệu lực"]
