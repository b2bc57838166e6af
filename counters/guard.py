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

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

KEY_PREFIX = "counters:ip"
# The key outlives its minute a little so a slow request at :59 still finds it.
KEY_TIMEOUT_SECONDS = 120
DEFAULT_MAX_PER_IP_PER_MINUTE = 600
# An IPv6 subscriber gets a whole /64 and can pick any address in it: one ceiling per /64.
IPV6_PREFIX = 64


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


def allow(ip, now):
    """Return whether one more count from this IP fits in the current minute's ceiling."""
    limit = getattr(settings, "COUNTER_MAX_PER_IP_PER_MINUTE", DEFAULT_MAX_PER_IP_PER_MINUTE)
    if not limit:
        return True
    key = f"{KEY_PREFIX}:{client_key(ip)}:{int(now) // 60}"
    try:
        cache.add(key, 0, KEY_TIMEOUT_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:
            # Evicted between add() and incr(): this request is the first of the minute.
            cache.add(key, 1, KEY_TIMEOUT_SECONDS)
            count = 1
    except Exception:  # noqa: BLE001 - any cache backend failure
        # Fail open: with Redis down, readers keep being counted (and served); the ceiling
        # is a guard against abuse, not a reason to lose real views.
        logger.warning("Bộ nhớ đệm lỗi, tạm bỏ giới hạn lượt đếm theo IP", exc_info=True)
        return True
    return count <= limit
