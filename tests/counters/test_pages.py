"""The counters as readers see them on the public pages, and what they cost in queries."""

import time

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from counters import services
from counters.spool import spool
from tests.factories import make_article, make_user

from .helpers import BROWSER_UA, GOOGLEBOT_UA, article_views

pytestmark = pytest.mark.django_db


# The query the spool runs when it knows nothing of an article (services.article_total).
TOTAL_ALONE = "SELECT views FROM counters_articleviewtotal"


def quiet_spool():
    """Keep this process's spool from flushing or adopting files during the next seconds.

    An idle-flush thread started by an earlier test (one that set COUNTER_FLUSH_SECONDS)
    flushes when the last flush is 5 s old, and adoption runs every 10 s: either would
    add statements to a request whose queries are counted.
    """
    spool._last_flush = spool._last_adopt = time.monotonic()


def browser():
    return Client(HTTP_USER_AGENT=BROWSER_UA)


def views_html(n):
    return (
        '<p class="article-views">Số lượt người xem: '
        f'<strong class="article-views__number">{n}</strong></p>'
    )


def test_article_page_shows_total_including_this_view():
    """Imported 7168 views, one more reader: the page says 7169, as the old portal would."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    response = browser().get(article.get_absolute_url())
    assertContains(response, views_html(7169), html=True)


def test_reload_within_window_shows_same_total():
    """A reload within 30 minutes shows the stored total, not one more."""
    article = make_article()
    client = browser()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assertContains(response, views_html(1), html=True)
    assert article_views(article) == 1


@pytest.mark.parametrize("page", ["home", "category", "article"])
def test_every_public_page_shows_visit_digits(page):
    """Home, category and article pages all carry the eight-box visit counter."""
    services.set_site_baseline(1, 36312546)
    article = make_article()
    url = {
        "home": reverse("news:home"),
        "category": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
    }[page]
    html = browser().get(url).content.decode()
    assert "Số lượt truy cập" in html
    assert html.count('class="visit-counter__digit"') == 8
    # The total may already include this request's visit (cache permitting).
    assert '<span class="visually-hidden">3631254' in html


def test_preview_shows_stored_total_without_counting():
    """An editor's preview shows the article's total but adds nothing to it."""
    article = make_article()
    services.set_article_baseline(article.pk, 12)
    editor = make_user(staff=True, perms=["news.change_article", "news.publish_article"])
    client = browser()
    client.force_login(editor)
    response = client.get(reverse("news:article-preview", kwargs={"pk": article.pk}))
    assertContains(response, views_html(12), html=True)
    assert article_views(article) == 12


@override_settings(COUNTERS_ENABLED=False)
def test_disabled_pages_render_without_counters():
    """COUNTERS_ENABLED=false: the article page renders with neither counter."""
    article = make_article()
    response = browser().get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số lượt người xem" not in html
    assert "Số lượt truy cập" not in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_counted_view_runs_no_query_in_the_request():
    """Once this process knows the article's total, a counted view costs no query at all.

    The count goes to the spool file; PostgreSQL sees it at the next flush, after the
    response (here: not within the hour this test sets).
    """
    article = make_article()
    url = article.get_absolute_url()
    with override_settings(COUNTERS_ENABLED=False):
        browser().get(url)  # warm the news app's caches (menu)
        uncounted = _queries(browser(), url)
    services.site_totals([1])  # warm the site total, as every request after the first finds it
    with override_settings(COUNTER_FLUSH_SECONDS=3600):
        browser().get(url)  # the first view in this process reads the stored total once
        spool.flush(force=True)
        assert _queries(browser(), url) == uncounted
        response = browser().get(url)
    assertContains(response, views_html(3), html=True)
    assert spool.pending() == 2  # the first view was applied after its response
    assert article_views(article) == 1


def test_first_view_reads_the_total_with_the_articles_lists():
    """The first view of an article counts without a query of its own: its stored total
    comes in the round trip of "TIN MỚI HƠN" / "TIN ĐÃ ĐƯA" (news.siteparts)."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    url = article.get_absolute_url()
    quiet_spool()
    with override_settings(COUNTER_FLUSH_SECONDS=3600), CaptureQueriesContext(connection) as ctx:
        response = browser().get(url)  # counted in the spool, applied later
    assertContains(response, views_html(7169), html=True)
    statements = [query["sql"] for query in ctx.captured_queries]
    assert not [sql for sql in statements if sql.startswith(TOTAL_ALONE)]
    assert sum("counters_articleviewtotal" in sql for sql in statements) == 1


def test_page_cached_by_another_worker_brings_the_total_with_it():
    """A page rendered and counted by one worker, served from the cache by another that
    has never counted the article: no query, and the count goes on from the stored total
    the page was rendered with (plus what this process has counted and not applied)."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    url = article.get_absolute_url()
    services.site_totals([1])
    quiet_spool()
    with override_settings(COUNTER_FLUSH_SECONDS=3600):
        browser().get(url)  # rendered, counted: 7169; the page kept with the total 7168
        known_here = _queries(browser(), url)  # 7170, by the worker that knows the total
        spool._known.clear()  # now a worker that has never seen the article
        with CaptureQueriesContext(connection) as ctx:
            response = browser().get(url)
    assertContains(response, views_html(7171), html=True)
    assert len(ctx.captured_queries) == known_here


def _total_queries(client, url):
    """Return the response and the statements that read an article's total on their own."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries if TOTAL_ALONE in q["sql"]]


def test_a_bots_view_of_a_page_cached_elsewhere_reads_no_total():
    """A crawler is not counted, but its page shows the total the cached page carries:
    no query of its own, on a worker that has never seen the article (crawlers read the
    long tail that readers leave to the cache's other workers)."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    url = article.get_absolute_url()
    quiet_spool()
    with override_settings(COUNTER_FLUSH_SECONDS=3600):
        browser().get(url)  # counted here: 7169 (one view pending in this process)
        spool._known.clear()  # another worker, which knows nothing of the article
        response, alone = _total_queries(Client(HTTP_USER_AGENT=GOOGLEBOT_UA), url)
    assertContains(response, views_html(7169), html=True)
    assert alone == []


def test_a_page_first_rendered_for_a_bot_carries_the_total():
    """A page a crawler rendered first is kept with the stored total like a reader's: the
    reader after it, on another worker, counts from there without a query."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    url = article.get_absolute_url()
    quiet_spool()
    with override_settings(COUNTER_FLUSH_SECONDS=3600):
        bot_page = Client(HTTP_USER_AGENT=GOOGLEBOT_UA).get(url)
        spool._known.clear()
        response, alone = _total_queries(browser(), url)
    assertContains(bot_page, views_html(7168), html=True)
    assertContains(response, views_html(7169), html=True)
    assert alone == []


def test_a_total_read_before_this_process_last_read_it_is_not_taken():
    """A cached page's total older than this process's own reading (which includes the
    views it has applied since), or read by a server whose clock runs ahead, is ignored."""
    article = make_article()
    spool.learn_total(article.pk, 50, time.time())
    spool.learn_total(article.pk, 40, time.time() - 5)
    assert spool.known_total(article.pk)[0] == 50
    spool.learn_total(article.pk, 60, time.time() + 5)
    assert spool.known_total(article.pk)[0] == 50
    spool.learn_total(article.pk, 55, time.time())
    assert spool.known_total(article.pk)[0] == 55


def test_repeat_view_runs_no_query():
    """A deduplicated reload shows the total this process knows: no query, no write."""
    article = make_article()
    url = article.get_absolute_url()
    with override_settings(COUNTERS_ENABLED=False):
        browser().get(url)
        uncounted = _queries(browser(), url)
    client = browser()
    client.get(url)
    services.site_totals([1])
    assert _queries(client, url) == uncounted


def test_flush_applies_a_batch_in_five_statements():
    """90 views of three articles and 90 visits of one site, the same day: one write per
    table (article days, article totals, site day, site total), plus the offset."""
    articles = [make_article() for _ in range(3)]
    with override_settings(COUNTER_FLUSH_SECONDS=3600):
        for i in range(90):
            spool.record(1, articles[i % 3].pk, visit=True)
        with CaptureQueriesContext(connection) as ctx:
            spool.flush(force=True)
    writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 5, writes
    assert [article_views(a) for a in articles] == [30, 30, 30]
    assert spool.pending() == 0
