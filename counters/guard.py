"""A ceiling on counts per client IP per minute, against scripted inflation.

``COUNTER_MAX_PER_IP_PER_MINUTE`` (default 600, 0 disables): a request over the ceiling is
still served, it is just not counted. Why 600: a district portal's whole audience averages
a handful of counted views a minute (36 million visits over about ten years is ~7 a
minute); even a carrier-grade NAT putting thousands of mobile readers behind one address
would need ten counted views every second from that address, sustained for a minute, to
reach it, while a script looping on a page reaches it in seconds.

The counter is ``cache.add(key, 0)`` then ``cache.incr(key)``: both atomic in Redis and
memcached, so all workers and app servers share one exact count per (IP, minute). With
the default local-memory cache the count is per gunicorn worker, so the effective ceiling
is workers x 600; production should set ``CACHE_URL`` to Redis (docs/operations.md).
"""

from django.conf import settings
from django.core.cache import cache

KEY_PREFIX = "counters:ip"
# The key outlives its minute a little so a slow request at :59 still finds it.
KEY_TIMEOUT_SECONDS = 120
DEFAULT_MAX_PER_IP_PER_MINUTE = 600


def allow(ip, now):
    """Return whether one more count from this IP fits in the current minute's ceiling."""
    limit = getattr(settings, "COUNTER_MAX_PER_IP_PER_MINUTE", DEFAULT_MAX_PER_IP_PER_MINUTE)
    if not limit:
        return True
    key = f"{KEY_PREFIX}:{ip}:{int(now) // 60}"
    cache.add(key, 0, KEY_TIMEOUT_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # Evicted between add() and incr(): this request is the first of the minute again.
        cache.add(key, 1, KEY_TIMEOUT_SECONDS)
        count = 1
    return count <= limit
