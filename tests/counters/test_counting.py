"""What the middleware counts, and what it leaves alone, on real public pages."""

import time
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import signing
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from counters import services
from counters.models import ArticleViewTotal
from counters.reader import COOKIE_NAME, COOKIE_SALT
from counters.spool import spool
from news.models import Article
from tests.factories import make_article, make_user

from .helpers import (
    BROWSER_UA,
    GOOGLEBOT_UA,
    article_daily_views,
    article_views,
    shown_views,
    site_sums,
)

pytestmark = pytest.mark.django_db

WINDOW = timedelta(minutes=30)


def browser():
    return Client(HTTP_USER_AGENT=BROWSER_UA)


@pytest.fixture
def article():
    return make_article()


def test_first_view_counts_article_day_and_site(article):
    """A browser's first GET of an article adds one to its total, its day and the site."""
    response = browser().get(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 1
    assert article_daily_views(article) == 1
    assert site_sums() == (1, 1)


def test_page_shows_total_including_this_view(article):
    """The page shows the new total: the imported baseline plus this view."""
    services.set_article_baseline(article.pk, 7168)
    response = browser().get(article.get_absolute_url())
    assert shown_views(response) == 7169


def test_repeat_view_within_window_counts_once(article):
    """The same browser reloading within 30 minutes is one view."""
    client = browser()
    for _ in range(3):
        client.get(article.get_absolute_url())
    assert article_views(article) == 1


def test_repeat_view_after_window_counts_again(article):
    """After 30 minutes the same browser's view counts again."""
    client = browser()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(article.get_absolute_url())
        clock.shift(WINDOW - timedelta(seconds=1))
        client.get(article.get_absolute_url())
        assert article_views(article) == 1
        clock.shift(timedelta(seconds=2))
        client.get(article.get_absolute_url())
    assert article_views(article) == 2


def test_shortened_repeat_window_setting_is_honoured(article):
    """COUNTER_REPEAT_WINDOW_MINUTES decides how long a repeat is ignored."""
    client = browser()
    with override_settings(COUNTER_REPEAT_WINDOW_MINUTES=1):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            client.get(article.get_absolute_url())
            clock.shift(timedelta(seconds=61))
            client.get(article.get_absolute_url())
    assert article_views(article) == 2


def test_client_without_cookies_counts_every_view(article):
    """A client that keeps no cookies is a new reader every time."""
    for _ in range(3):
        browser().get(article.get_absolute_url())
    assert article_views(article) == 3
    assert site_sums() == (3, 3)


def test_two_articles_by_one_browser_count_separately(article):
    """The repeat window is per article: another article still counts."""
    other = make_article()
    client = browser()
    client.get(article.get_absolute_url())
    client.get(other.get_absolute_url())
    assert (article_views(article), article_views(other)) == (1, 1)


def test_bot_is_not_counted(article):
    """Googlebot gets the page but adds no view, no visit and no cookie."""
    response = Client(HTTP_USER_AGENT=GOOGLEBOT_UA).get(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 0
    assert site_sums() == (0, 0)
    assert COOKIE_NAME not in response.cookies


def test_head_is_not_counted(article):
    """A HEAD request is not a view."""
    response = browser().head(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
    ],
)
def test_prefetch_is_not_counted(article, headers):
    """Speculative loads (Sec-Purpose / Purpose headers) are not views."""
    response = browser().get(article.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    assert article_views(article) == 0
    assert site_sums() == (0, 0)


def test_staff_preview_is_never_counted():
    """An editor previewing an article (draft or published) adds nothing."""
    draft = make_article(status=Article.Status.DRAFT)
    editor = make_user(staff=True, perms=["news.change_article", "news.publish_article"])
    client = browser()
    client.force_login(editor)
    response = client.get(reverse("news:article-preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    assert article_views(draft) == 0
    assert site_sums() == (0, 0)


def test_unpublished_article_is_not_counted():
    """A draft's public URL answers 404 and counts nothing."""
    draft = make_article(status=Article.Status.DRAFT)
    response = browser().get(draft.get_absolute_url())
    assert response.status_code == 404
    assert ArticleViewTotal.objects.count() == 0
    assert site_sums() == (0, 0)


def test_unknown_page_is_not_a_visit():
    """A 404 neither counts a visit nor sets the cookie."""
    response = browser().get(reverse("news:article-detail", kwargs={"slug": "khong-co-bai-nay"}))
    assert response.status_code == 404
    assert site_sums() == (0, 0)


@pytest.mark.parametrize(
    "value",
    ["rac", "a" * 4000, "eyJ2IjoxfQ:1tXyz:abc", "'; DROP TABLE x; --"],
)
def test_garbage_cookie_is_ignored_not_a_500(article, value):
    """An unsigned or malformed cookie is treated as absent: 200, counted as new."""
    client = browser()
    client.cookies[COOKIE_NAME] = value
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 1


def test_cookie_signed_with_another_salt_is_not_trusted(article):
    """A cookie claiming this article was just seen, but not signed by us, is ignored."""
    now = int(timezone.now().timestamp())
    forged = signing.dumps({"v": now, "a": [[article.pk, now]]}, salt="something-else")
    client = browser()
    client.cookies[COOKIE_NAME] = forged
    client.get(article.get_absolute_url())
    assert article_views(article) == 1
    assert site_sums() == (1, 1)


def test_signed_cookie_of_wrong_shape_is_ignored(article):
    """A correctly signed value with an unexpected shape never breaks the page."""
    client = browser()
    client.cookies[COOKIE_NAME] = signing.dumps(
        {"v": "hôm qua", "a": [[article.pk], "x", [True, 1]]}, salt=COOKIE_SALT
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 1


def test_cookie_is_small_signed_and_httponly(article):
    """The dedup cookie is HttpOnly, SameSite=Lax, short-lived, and no session is made."""
    response = browser().get(article.get_absolute_url())
    morsel = response.cookies[COOKIE_NAME]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) == 30 * 60
    assert len(morsel.value) < 200
    assert "sessionid" not in response.cookies


def test_cookie_stays_bounded_after_many_articles():
    """However many articles a browser reads, the cookie keeps only the newest few."""
    articles = [make_article() for _ in range(60)]
    client = browser()
    for a in articles:
        client.get(a.get_absolute_url())
    assert len(client.cookies[COOKIE_NAME].value) < 1200


def test_visit_counted_once_across_pages_within_window(article):
    """Home, then an article, then its category within 30 minutes: one visit."""
    client = browser()
    client.get(reverse("news:home"))
    client.get(article.get_absolute_url())
    client.get(article.category.get_absolute_url())
    assert site_sums() == (1, 1)


def test_visit_counted_again_after_window_without_pages(article):
    """A browser back after 30 minutes without a counted page starts a new visit."""
    client = browser()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(reverse("news:home"))
        clock.shift(WINDOW + timedelta(seconds=1))
        client.get(reverse("news:home"))
    assert site_sums() == (2, 0)


def test_visit_window_slides_with_each_page(article):
    """Pages every 20 minutes keep one visit going (30 minutes *without* a page ends it)."""
    client = browser()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            client.get(reverse("news:home"))
            clock.shift(timedelta(minutes=20))
    assert site_sums()[0] == 1


def test_bot_on_home_is_not_a_visit():
    """A crawler on the home page is never a visit."""
    Client(HTTP_USER_AGENT=GOOGLEBOT_UA).get(reverse("news:home"))
    assert site_sums() == (0, 0)


@override_settings(COUNTERS_ENABLED=False)
def test_disabled_counts_nothing_but_renders(article):
    """COUNTERS_ENABLED=false: the page is served, no row, no cookie."""
    response = browser().get(article.get_absolute_url())
    assert response.status_code == 200
    assert ArticleViewTotal.objects.count() == 0
    assert site_sums() == (0, 0)
    assert COOKIE_NAME not in response.cookies


def test_counts_survive_editor_saving_article(article):
    """An editor saving an article loaded before the views keeps every view."""
    stale = Article.objects.get(pk=article.pk)
    for _ in range(3):
        browser().get(article.get_absolute_url())
    stale.title = "Tiêu đề đã sửa"
    stale.save()
    assert article_views(article) == 3


def test_count_shown_on_page_after_repeat_is_stored_total(article):
    """A deduplicated reload shows the stored total without counting."""
    client = browser()
    client.get(article.get_absolute_url())
    browser().get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert shown_views(response) == 2
    assert article_views(article) == 2


def test_response_carrying_the_cookie_is_private(article):
    """A page that sets the reader's cookie is never stored by a shared cache."""
    response = browser().get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]


def test_failed_flush_serves_the_page_and_keeps_the_count(article):
    """PostgreSQL refusing the spooled counts neither fails the page nor loses the view.

    The count stays in the spool file and the next flush applies it, exactly once.
    """
    with mock.patch(
        "counters.services.apply_batch", side_effect=OperationalError("statement timeout")
    ):
        response = browser().get(article.get_absolute_url())
    assert response.status_code == 200
    assert 'Số lượt người xem: <strong class="article-views__number">1</strong>' in (
        response.content.decode()
    )
    assert article_views(article) == 0
    assert spool.pending() == 1

    browser().get(reverse("news:home"))  # any later request flushes again
    assert article_views(article) == 1
    assert site_sums() == (2, 1)
    assert spool.pending() == 0


def test_unwritable_spool_counts_straight_into_postgresql(article):
    """A full or broken disk under the spool: the view is counted directly, not lost."""
    with mock.patch("counters.spool.os.write", side_effect=OSError(28, "No space left")):
        response = browser().get(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 1
    assert shown_views(response) == 1


def test_rss_feed_is_not_a_visit():
    """A feed reader polling the RSS feed (not an HTML page) is not a visit."""
    make_article()
    response = browser().get(reverse("news:feed"))
    assert response.status_code == 200
    assert site_sums() == (0, 0)
    assert COOKIE_NAME not in response.cookies


def test_search_page_is_a_visit():
    """Any public HTML page, the search page too, starts a visit."""
    response = browser().get(reverse("news:search"), {"q": "đời sống"})
    assert response.status_code == 200
    assert site_sums() == (1, 0)


def test_a_readers_number_never_goes_back_whichever_worker_answers(article):
    """A reload answered by a worker that knows fewer views still shows the last number.

    Another gunicorn worker (or app server) shows the total it last read plus its own
    unapplied views, which can be below what this reader saw: the cookie remembers it.
    """
    services.set_article_baseline(article.pk, 41)
    client = browser()
    assert shown_views(client.get(article.get_absolute_url())) == 42
    for _ in range(3):
        browser().get(article.get_absolute_url())
    assert shown_views(client.get(article.get_absolute_url())) == 45
    # This process now plays a worker that read the total long ago.
    spool.learn_total(article.pk, 40, time.time())
    assert shown_views(client.get(article.get_absolute_url())) == 45
    assert article_views(article) == 45


@override_settings(COUNTER_SPOOL=False)
def test_without_the_spool_each_view_is_one_statement(article, django_assert_num_queries):
    """COUNTER_SPOOL=false: the view is counted by one upsert and shown at once (the
    site's visit total is a second query: without the spool nothing remembers it)."""
    client = browser()
    client.get(article.get_absolute_url())  # fills the page cache
    with django_assert_num_queries(2):
        response = browser().get(article.get_absolute_url())
    assert shown_views(response) == 2
    assert article_views(article) == 2
