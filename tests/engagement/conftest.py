"""Fixtures of the engagement tests: a clean cache, a reader, a shared Redis cache."""

import secrets

import pytest
from django.core.cache import cache
from django.test import Client

from tests.counters.helpers import BROWSER_UA
from tests.factories import make_user

REDIS_LOCATION = "redis://127.0.0.1:6379/14"
ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    settings.COUNTERS_ENABLED = False
    cache.clear()
    yield
    cache.clear()


def reader(address="198.51.100.7", **extra):
    """Return a browser with no cookies, coming from `address`."""
    return Client(**{"HTTP_USER_AGENT": BROWSER_UA, "REMOTE_ADDR": address, **extra})


@pytest.fixture
def redis_cache(settings):
    """Use Redis under a key prefix of this test only, and delete its keys afterwards.

    Never FLUSHDB: other checkouts' suites may be using the same Redis database.
    """
    prefix = f"portal-test-engagement-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_LOCATION,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def superuser_client():
    """Return a test client signed in as a new superuser."""
    client = Client()
    client.force_login(make_user(superuser=True))
    return client
