"""The per-IP ceiling on counted views and where the client IP comes from."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from counters.reader import _networks, client_ip
from tests.factories import make_article

from .helpers import BROWSER_UA, article_views, site_sums

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
TRUSTED = ["10.0.0.0/8"]


@pytest.fixture
def article():
    return make_article()


def cookieless_get(article, remote_addr="198.51.100.7", **extra):
    """GET the article as a brand-new reader (no cookie) from remote_addr."""
    client = Client(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR=remote_addr)
    return client.get(article.get_absolute_url(), **extra)


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=3)
def test_fourth_view_from_one_ip_in_a_minute_is_not_counted(article):
    """With a ceiling of 3, the 4th counted view from one IP in a minute is served, not counted."""
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        responses = [cookieless_get(article) for _ in range(4)]
    assert [r.status_code for r in responses] == [200] * 4
    assert article_views(article) == 3
    assert site_sums() == (3, 3)


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=0)
def test_zero_disables_the_ceiling(article):
    """COUNTER_MAX_PER_IP_PER_MINUTE=0 counts every view."""
    for _ in range(5):
        cookieless_get(article)
    assert article_views(article) == 5


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=1)
def test_ceiling_is_per_ip(article):
    """Two addresses each get their own ceiling."""
    cookieless_get(article, "198.51.100.7")
    cookieless_get(article, "198.51.100.8")
    assert article_views(article) == 2


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=1)
def test_ceiling_resets_next_minute(article):
    """An IP over the ceiling is counted again in the next minute."""
    with time_machine.travel(timezone.now().replace(second=1), tick=False) as clock:
        cookieless_get(article)
        cookieless_get(article)
        clock.shift(timedelta(minutes=1))
        cookieless_get(article)
    assert article_views(article) == 2


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=1, TRUSTED_PROXIES=TRUSTED)
def test_forwarded_for_honoured_from_trusted_proxy(article):
    """Behind a trusted proxy, two readers with different X-Forwarded-For are two IPs."""
    cookieless_get(article, PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
    cookieless_get(article, PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert article_views(article) == 2


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=1, TRUSTED_PROXIES=TRUSTED)
def test_forwarded_for_ignored_from_untrusted_address(article):
    """A client forging X-Forwarded-For directly is still limited by its own address."""
    cookieless_get(article, "198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    cookieless_get(article, "198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert article_views(article) == 1


@override_settings(TRUSTED_PROXIES=TRUSTED)
def test_client_ip_is_rightmost_untrusted_hop():
    """Entries left of the first untrusted hop (client-typed) are ignored."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=[])
def test_client_ip_without_trusted_proxies_is_remote_addr():
    """With no trusted proxy configured, X-Forwarded-For is never read."""
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == PROXY


@override_settings(TRUSTED_PROXIES=TRUSTED)
def test_garbage_forwarded_for_falls_back_to_proxy_hop():
    """A malformed X-Forwarded-For entry stops at the last trusted hop, never a 500."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, <script>, 10.0.0.2"
    )
    assert client_ip(request) == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=TRUSTED, COUNTER_MAX_PER_IP_PER_MINUTE=3)
def test_garbage_forwarded_for_page_still_served(article):
    """A request with a nonsense X-Forwarded-For through the proxy is served and counted."""
    response = cookieless_get(article, PROXY, HTTP_X_FORWARDED_FOR="không phải IP")
    assert response.status_code == 200
    assert article_views(article) == 1


def test_invalid_trusted_proxies_setting_is_refused():
    """A typo in TRUSTED_PROXIES is a configuration error with a Vietnamese message."""
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        _networks(("10.0.0.0/8", "proxy.local"))


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=1)
def test_ipv6_ceiling_covers_the_whole_slash_64(article):
    """Rotating addresses inside one IPv6 /64 does not escape the ceiling."""
    cookieless_get(article, "2001:db8:1:2::10")
    cookieless_get(article, "2001:db8:1:2:ffff::99")
    cookieless_get(article, "2001:db8:1:3::10")
    assert article_views(article) == 2


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=3)
def test_cache_outage_neither_breaks_the_page_nor_loses_the_view(article):
    """With the cache down the guard fails open: page served, view counted."""
    with mock.patch("counters.guard.cache.add", side_effect=ConnectionError("redis down")):
        response = cookieless_get(article)
    assert response.status_code == 200
    assert article_views(article) == 1


@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=2)
def test_local_memory_cache_is_not_filled_with_addresses():
    """With the per-process cache, 1,000 readers' addresses leave no cache entry behind.

    One entry per address and minute filled the local-memory cache (2,000 entries) and
    evicted the cached pages every reader needs; the counts live beside it instead.
    """
    from django.core.cache import cache

    from counters import guard

    cache.clear()
    now = timezone.now().timestamp()
    assert all(guard.allow(f"10.{i // 250}.{i % 250}.1", now) for i in range(1000))
    assert [guard.allow("198.51.100.9", now) for _ in range(3)] == [True, True, False]
    assert guard.allow("198.51.100.9", now + 60)  # a new minute, a new ceiling
    assert not [key for key in cache._cache if guard.KEY_PREFIX in key]


def test_redis_ceiling_is_exact_in_one_round_trip_and_its_key_expires(
    article, settings, redis_cache
):
    """With Redis the 4th view of a minute from one address is not counted; one command
    round trip per count, and the minute's key carries its expiry."""
    import redis.connection
    from django.core.cache import cache

    from counters import guard

    settings.COUNTER_MAX_PER_IP_PER_MINUTE = 3
    client = cache._cache.get_client(write=True)
    now = timezone.now().replace(second=1).timestamp()
    # Round trips of this process (the server's own counter would also count other
    # processes using the same Redis), on a connection already open.
    client.ping()
    sent = mock.patch.object(
        redis.connection.AbstractConnection,
        "send_packed_command",
        autospec=True,
        side_effect=redis.connection.AbstractConnection.send_packed_command,
    )
    with sent as send:
        allowed = [guard.allow("198.51.100.7", now) for _ in range(4)]
    assert allowed == [True, True, True, False]
    assert send.call_count == 4  # one pipelined INCR + EXPIRE a count (three before)
    key = cache.make_and_validate_key(f"{guard.KEY_PREFIX}:198.51.100.7:{int(now) // 60}")
    assert 0 < client.ttl(key) <= guard.KEY_TIMEOUT_SECONDS
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        responses = [cookieless_get(article, "198.51.100.8") for _ in range(4)]
    assert [r.status_code for r in responses] == [200] * 4
    assert article_views(article) == 3
