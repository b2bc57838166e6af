"""A ceiling on counts per client IP per minute, against scripted inflation.

``COUNTER_MAX_PER_IP_PER_MINUTE`` (default 600, 0 disables): a request over the ceiling is
still served, it is just not counted. Why 600: a district portal's whole audience averages
a handful of counted views a minute (36 million visits over about ten years is ~7 a
minute); even a carrier-grade NAT putting thousands of mobile readers behind one address
would need ten counted views every second from that address, sustained for a minute, to
reach it, while a script looping on a page reaches it in seconds.

With a shared cache the count is one atomic increment (Redis: INCR and EXPIRE in one
round trip; memcached: ``cache.add(key, 0)`` then ``cache.incr(key)``), so all workers and
app servers share one exact count per (IP, minute). With the default local-memory cache
the count could only ever be per gunicorn worker (the effective ceiling is workers x 600;
production should set ``CACHE_URL`` to Redis, docs/operations.md), so it is kept in a
plain dictionary of the process instead: the same counts, without one cache entry per
reader's address, which filled the local-memory cache and evicted the cached pages every
reader needs.
"""

import ipaddress
import logging
import threading
from functools import lru_cache

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

KEY_PREFIX = "counters:ip"
# The key outlives its minute a little so a slow request at :59 still finds it.
KEY_TIMEOUT_SECONDS = 120
DEFAULT_MAX_PER_IP_PER_MINUTE = 600
# An IPv6 subscriber gets a whole /64 and can pick any address in it: one ceiling per /64.
IPV6_PREFIX = 64


@lru_cache(maxsize=4096)
def client_key(ip):
    """Return the address the ceiling is kept for: the IPv4 address, or the IPv6 /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))


class _ProcessCounts:
    """Counts per address for the current minute, in this process only."""

    def __init__(self):
        self._lock = threading.Lock()
        self._minute = None
        self._counts = {}

    def incr(self, address, minute):
        with self._lock:
            if self._minute is None or minute > self._minute:
                # Earlier minutes are never asked again: forget them all at once.
                self._minute, self._counts = minute, {}
            elif minute < self._minute:
                return 1  # a request that started in the previous minute: let it count
            count = self._counts.get(address, 0) + 1
            self._counts[address] = count
            return count

    def clear(self):
        with self._lock:
            self._minute, self._counts = None, {}


_process_counts = _ProcessCounts()


def reset():
    """Forget this process's counts (the test suite, between tests)."""
    _process_counts.clear()


def allow(ip, now):
    """Return whether one more count from this IP fits in the current minute's ceiling."""
    limit = getattr(settings, "COUNTER_MAX_PER_IP_PER_MINUTE", DEFAULT_MAX_PER_IP_PER_MINUTE)
    if not limit:
        return True
    minute = int(now) // 60
    if isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache):
        return _process_counts.incr(client_key(ip), minute) <= limit
    key = f"{KEY_PREFIX}:{client_key(ip)}:{minute}"
    try:
        count = _shared_count(key)
    except Exception:  # noqa: BLE001 - any cache backend failure
        # Fail open: with Redis down, readers keep being counted (and served); the ceiling
        # is a guard against abuse, not a reason to lose real views.
        logger.warning("Bộ nhớ đệm lỗi, tạm bỏ giới hạn lượt đếm theo IP", exc_info=True)
        return True
    return count <= limit


def _shared_count(key):
    """Return the key's count after adding one, in the shared cache.

    With Redis, INCR and EXPIRE in one pipelined round trip (Django's add() then incr()
    took three: SET NX, EXISTS, INCR, which cost a cached page as much as the rest of
    its serving); with another backend, add() then incr(), atomic there too.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, KEY_TIMEOUT_SECONDS)
        return pipe.execute()[0]
    cache.add(key, 0, KEY_TIMEOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # Evicted between add() and incr(): this request is the first of the minute.
        cache.add(key, 1, KEY_TIMEOUT_SECONDS)
        return 1
