"""Exact totals when many readers count at once: threads, each on its own connection.

These tests commit for real (transaction=True): every thread's Django connection is a
separate PostgreSQL session, as with several gunicorn workers, so a read-modify-write or a
check-then-insert would lose or double counts here.
"""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings

from counters import services
from tests.factories import make_article

from .helpers import BROWSER_UA, article_daily_views, article_views, site_sums

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
REQUESTS_PER_THREAD = 50
TOTAL = THREADS * REQUESTS_PER_THREAD


def run_in_threads(work):
    """Run work(thread_index) in THREADS threads started together; re-raise any failure."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def target(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a counting thread hung"
    if errors:
        raise errors[0]


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=0)
def test_cookieless_readers_hitting_one_article_are_counted_exactly():
    """8 threads x 50 cookieless GETs of one article: exactly 400 views and 400 visits."""
    article = make_article()
    url = article.get_absolute_url()
    statuses = []

    def work(_index):
        client = Client(HTTP_USER_AGENT=BROWSER_UA)
        for _ in range(REQUESTS_PER_THREAD):
            client.cookies.clear()
            statuses.append(client.get(url).status_code)

    run_in_threads(work)
    assert statuses.count(200) == TOTAL
    assert article_views(article) == TOTAL
    assert article_daily_views(article) == TOTAL
    assert site_sums() == (TOTAL, TOTAL)


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=0)
def test_each_browser_counts_once_under_concurrency():
    """8 browsers reloading one article 50 times each at once: exactly 8 views, 8 visits."""
    article = make_article()
    url = article.get_absolute_url()

    def work(_index):
        client = Client(HTTP_USER_AGENT=BROWSER_UA)
        for _ in range(REQUESTS_PER_THREAD):
            client.get(url)

    run_in_threads(work)
    assert article_views(article) == THREADS
    assert site_sums() == (THREADS, THREADS)


def test_every_reader_is_shown_a_distinct_total():
    """400 concurrent record_view() calls return exactly 1..400: none lost, none doubled."""
    article = make_article()
    shown = []

    def work(_index):
        for _ in range(REQUESTS_PER_THREAD):
            shown.append(services.record_view(article.site_id, article.pk, count_visit=True))

    run_in_threads(work)
    assert sorted(shown) == list(range(1, TOTAL + 1))
    assert site_sums() == (TOTAL, TOTAL)


def test_first_views_of_a_new_article_race_without_error():
    """Many first views of a never-counted article: the upsert has no check-then-insert race."""
    articles = [make_article() for _ in range(5)]

    def work(index):
        for i in range(REQUESTS_PER_THREAD):
            services.record_view(1, articles[(index + i) % len(articles)].pk)

    run_in_threads(work)
    assert sum(article_views(a) for a in articles) == TOTAL
    assert sum(article_daily_views(a) for a in articles) == TOTAL
