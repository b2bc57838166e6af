"""The home page's "Tin xem nhiều" box: last 7 days and all time, published articles only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from counters import services
from counters.templatetags.counters_popular import POPULAR_COUNT, popular_lists
from news.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def _pinned_clock_and_empty_cache():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def _views(article, count, days_ago=0):
    for _ in range(count):
        services.record_view(article.pk, now=NOW - timedelta(days=days_ago))


def _titles(items):
    return [item["title"] for item in items]


def test_recent_list_ranks_by_views_of_last_7_days():
    """The 7-day list orders articles by their views of the last 7 local days."""
    a, b, c = make_article(title="A"), make_article(title="B"), make_article(title="C")
    _views(a, 1)
    _views(b, 3, days_ago=6)
    _views(c, 2, days_ago=2)
    assert _titles(popular_lists()["recent"]) == ["B", "C", "A"]


def test_recent_list_ignores_views_older_than_7_days():
    """Views from 7 or more days ago do not lift an article in the 7-day list."""
    old_hit, fresh = make_article(title="Cũ"), make_article(title="Mới")
    _views(old_hit, 9, days_ago=7)
    _views(old_hit, 1)
    _views(fresh, 2)
    recent = popular_lists()["recent"]
    assert [(i["title"], i["views"]) for i in recent] == [("Mới", 2), ("Cũ", 1)]


def test_all_time_list_ranks_by_stored_totals():
    """The all-time list orders by the stored totals, imported baseline included."""
    a, b = make_article(title="A"), make_article(title="B")
    _views(a, 2, days_ago=400)
    services.set_article_baseline(b.pk, 1000)
    assert [(i["title"], i["views"]) for i in popular_lists()["all_time"]] == [
        ("B", 1000),
        ("A", 2),
    ]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at": NOW + timedelta(hours=1)},
        {"publish_at": NOW - timedelta(days=2), "unpublish_at": NOW - timedelta(hours=1)},
    ],
    ids=["draft", "scheduled", "withdrawn"],
)
def test_lists_exclude_articles_readers_cannot_see(hidden):
    """Drafts, scheduled and withdrawn articles appear in neither list, however viewed."""
    shown, unseen = make_article(title="Hiện"), make_article(title="Ẩn", **hidden)
    _views(shown, 1)
    _views(unseen, 50)
    lists = popular_lists()
    assert _titles(lists["recent"]) == ["Hiện"]
    assert _titles(lists["all_time"]) == ["Hiện"]


def test_lists_are_capped():
    """Each list holds at most POPULAR_COUNT articles."""
    for n in range(POPULAR_COUNT + 2):
        _views(make_article(title=f"Bài {n}"), n + 1)
    lists = popular_lists()
    assert len(lists["recent"]) == len(lists["all_time"]) == POPULAR_COUNT
    assert lists["recent"][0]["title"] == f"Bài {POPULAR_COUNT + 1}"


def test_three_queries_for_both_lists():
    """Both lists cost three queries (the 7-day list ranks, then reads the articles; the
    all-time list is one); the home page around them is cached (portal.pagecache)."""
    _views(make_article(), 1)
    with CaptureQueriesContext(connection) as queries:
        popular_lists()
    assert len(queries) == 3


def test_new_views_show_up_in_the_lists():
    """The rankings are read afresh: views counted since the last reading show up."""
    article = make_article(title="Tin nóng")
    popular_lists()
    _views(article, 1)
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert _titles(popular_lists()["recent"]) == ["Tin nóng"]


def test_tag_renders_links_and_counts():
    """The inclusion tag renders both headings, each article's link and its views."""
    article = make_article(title="Đại hội Đảng bộ phường 5")
    _views(article, 3)
    html = Template("{% load counters_popular %}{% popular_articles %}").render(Context())
    assert "Tin xem nhiều" in html
    assert "7 ngày qua" in html and "Từ trước đến nay" in html
    assert html.count(f'<a href="{article.get_absolute_url()}">Đại hội Đảng bộ phường 5</a>') == 2
    assert "(3 lượt xem)" in html


def test_tag_says_so_when_nothing_counted():
    """With no counts yet the box says there are no figures instead of empty lists."""
    make_article()
    html = Template("{% load counters_popular %}{% popular_articles %}").render(Context())
    assert html.count("Chưa có số liệu.") == 2


def test_tag_hidden_without_query_when_counting_is_off(settings):
    """With COUNTERS_ENABLED off the box is left out and runs no query."""
    settings.COUNTERS_ENABLED = False
    _views(make_article(), 1)
    with CaptureQueriesContext(connection) as queries:
        html = Template("{% load counters_popular %}{% popular_articles %}").render(Context())
    assert "Tin xem nhiều" not in html
    assert len(queries) == 0


def test_withdrawn_article_leaves_the_lists_at_its_unpublish_at():
    """An article leaves the box at its unpublish_at."""
    leaving = make_article(title="Sắp gỡ", unpublish_at=NOW + timedelta(seconds=10))
    _views(leaving, 1)
    assert _titles(popular_lists()["all_time"]) == ["Sắp gỡ"]
    with time_machine.travel(NOW + timedelta(seconds=10), tick=False):
        assert popular_lists()["all_time"] == []


def test_article_back_to_draft_leaves_the_lists():
    """An editor's save (here: back to draft) takes the article out of the box."""
    article = make_article(title="Bị rút")
    _views(article, 1)
    assert _titles(popular_lists()["recent"]) == ["Bị rút"]
    article.status = Article.Status.DRAFT
    article.save()
    assert popular_lists()["recent"] == []


def test_tag_groups_thousands_the_vietnamese_way():
    """Large counts are shown with dots between thousands: 36.312.546."""
    article = make_article(title="Bài nhiều người xem")
    services.set_article_baseline(article.pk, 36312546)
    html = Template("{% load counters_popular %}{% popular_articles %}").render(Context())
    assert "(36.312.546 lượt xem)" in html
