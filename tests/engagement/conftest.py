"""Fixtures of the engagement tests: a clean cache, a reader, a shared Redis cache."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.counters.helpers import BROWSER_UA
from tests.factories import make_user

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


def superuser_client():
    """Return a test client signed in as a new superuser."""
    client = Client()
    client.force_login(make_user(superuser=True))
    return client
