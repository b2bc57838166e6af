"""Fixtures for the counters tests: a clean cache (IP guard, cached site total) per test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
