"""The visit counter's digit boxes and the article's "Số lượt người xem" (counters.parts)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from counters import parts, services
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _request():
    from django.contrib.sites.models import Site

    request = RequestFactory().get("/")
    request.site = Site(pk=1, domain="testserver", name="Cổng thông tin")  # no query
    return request


def visit_counter():
    return parts.visit_counter(_request())


def article_views(article):
    return parts.article_views(_request(), str(article.pk))


def test_visit_counter_pads_to_eight_digit_boxes():
    """A small total is drawn as eight boxes, zero-padded."""
    services.set_site_baseline(1, 1234)
    html = visit_counter()
    assert html.count('class="visit-counter__digit"') == 8
    assert (
        "".join(part.split("<")[0] for part in html.split('class="visit-counter__digit">')[1:])
        == "00001234"
    )


def test_visit_counter_reads_whole_number_to_screen_readers():
    """Screen readers get the number once; the digit boxes are hidden from them."""
    services.set_site_baseline(1, 36312546)
    html = visit_counter()
    assert '<span class="visually-hidden">36312546</span>' in html
    assert 'aria-hidden="true"' in html
    assert "Số lượt truy cập" in html


def test_visit_counter_grows_past_eight_digits():
    """A total with nine digits gets nine boxes."""
    services.set_site_baseline(1, 123456789)
    assert visit_counter().count('class="visit-counter__digit"') == 9


def test_visit_counter_includes_counted_visits():
    """The shown total is the imported baseline plus visits counted here."""
    services.set_site_baseline(1, 100)
    services.record_visit(1)
    services.record_view(1, make_article().pk, count_visit=True)
    assert '<span class="visually-hidden">102</span>' in visit_counter()


def test_visit_counter_is_served_from_cache(django_assert_num_queries):
    """Within the cache period the digit block costs no query."""
    visit_counter()
    with django_assert_num_queries(0):
        visit_counter()


def test_article_views_falls_back_to_stored_total():
    """Without a count from this request, the part shows the stored total."""
    article = make_article()
    services.set_article_baseline(article.pk, 7168)
    html = article_views(article)
    assert "Số lượt người xem: <strong" in html
    assert ">7168</strong>" in html


def test_article_views_of_never_counted_article_is_zero():
    """An article nobody has read yet shows 0, not an error."""
    html = article_views(make_article())
    assert ">0</strong>" in html


@override_settings(COUNTERS_ENABLED=False)
def test_disabled_counters_show_nothing_and_query_nothing(django_assert_num_queries):
    """COUNTERS_ENABLED=false: neither block is drawn and neither costs a query."""
    article = make_article()
    with django_assert_num_queries(0):
        html = visit_counter() + article_views(article)
    assert html.strip() == ""


def test_cold_visit_counter_costs_one_query(django_assert_num_queries):
    """With a cold cache the site total (shards + baseline) is a single query."""
    with django_assert_num_queries(1):
        visit_counter()


@override_settings(COUNTER_SPOOL=True)
def test_visit_counter_never_shows_fewer_visits_than_stored_after_a_line_applies_twice():
    """Lines applied again (an offset read back from a rolled-back transaction) once made
    the shown total negative, and the digit boxes a 500."""
    from django.utils import timezone

    from counters.spool import encode, spool

    spool.record(1, visit=True)  # this process writes one visit line, pending
    line = encode(1, 0, timezone.localdate(), True)
    with spool._lock:
        spool._after_apply(line, {})
        spool._after_apply(line, {})
        spool._known_sites.pop(1, None)  # the next call reads the stored total again
    assert spool.shown_site_visits(1) >= services.site_totals([1]).visits
    assert "visit-counter__digit" in visit_counter()
