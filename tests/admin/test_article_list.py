"""The article list editors scan: one column and one filter saying what readers see now."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article, ReaderState
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """Return {state: article}, one article in each state readers can meet."""
    now = timezone.now()
    return {
        ReaderState.DRAFT: make_article(title="Bản thảo", status=Article.Status.DRAFT),
        ReaderState.SCHEDULED: make_article(title="Sắp đăng", publish_at=now + timedelta(days=2)),
        ReaderState.VISIBLE: make_article(title="Đang đăng"),
        ReaderState.WITHDRAWN: make_article(
            title="Đã hết hạn",
            publish_at=now - timedelta(days=9),
            unpublish_at=now - timedelta(days=2),
        ),
    }


def test_reader_state_says_what_readers_see_now(desk):
    """Each article's state is the one it was made for, scheduled with its moment."""
    for state, article in desk.items():
        assert article.reader_state()[0] == state
    assert desk[ReaderState.SCHEDULED].reader_state()[1] == desk[ReaderState.SCHEDULED].publish_at
    assert desk[ReaderState.WITHDRAWN].reader_state()[1] == desk[ReaderState.WITHDRAWN].unpublish_at


def test_in_state_agrees_with_reader_state(desk):
    """The queryset filter and the per-article state are the same rule."""
    for state, article in desk.items():
        assert list(Article.objects.in_state(state)) == [article]


def test_visible_state_is_exactly_what_published_returns(desk):
    """ "Đang hiển thị" means the articles readers' pages list, nothing else."""
    assert set(Article.objects.in_state(ReaderState.VISIBLE)) == set(Article.objects.published())


def test_list_shows_a_scheduled_article_as_scheduled_with_its_moment(client, desk):
    """A scheduled article reads "Hẹn giờ" and when, never "Đã xuất bản"."""
    client.force_login(make_user(superuser=True))
    response = client.get(reverse("admin:news_article_changelist"))
    scheduled = desk[ReaderState.SCHEDULED]
    moment = timezone.localtime(scheduled.publish_at).strftime("%d/%m/%Y %H:%M")
    html = response.content.decode()
    assert '<span class="reader-state hen-gio">Hẹn giờ</span>' in html
    assert f"hiện lúc {moment}" in html
    assert "Đã xuất bản" not in html.split('id="result_list"')[1].split("</table>")[0]


@pytest.mark.parametrize("state", list(ReaderState))
def test_list_filter_by_reader_state(client, desk, state):
    """The "bạn đọc thấy" filter lists the articles in that state only."""
    client.force_login(make_user(superuser=True))
    response = client.get(reverse("admin:news_article_changelist"), {"hien_thi": state.value})
    shown = list(response.context["cl"].result_list)
    assert shown == [desk[state]]
