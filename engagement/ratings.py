"""Reader ratings: the signed form field, the flood limit, the once-a-day receipt.

Why no CSRF token: a rating is anonymous, no session or sign-in is at stake, and a token
per reader would make every article page unstorable in the page cache. The POST is
csrf_exempt and instead (1) must come from a page of the same site (Origin, or Referer
when a browser sends no Origin), so another site cannot make its visitors' browsers rate
for it, and (2) names its item in a field signed with SECRET_KEY, the same for every
reader, so a form for an item that was never shown cannot be made up.

Privacy: nothing of the reader is stored. The address is used, in memory only, for the
flood limit (a cache key holds a keyed hash of it, for minutes) and for the receipt:
HMAC(that day's random key, address | item | day). The key and the receipts are deleted
when the day is over, so a receipt can then be linked to no one; no rating row ever
refers to a receipt, and a rating keeps its day only, not its time.
"""

import hashlib
import hmac
import logging
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

# The project's one reading of the client address (trusted proxies, IPv6 /64).
from counters.guard import client_key
from counters.reader import client_ip

from .models import Rating, RatingKey, RatingReceipt

logger = logging.getLogger(__name__)

SIGNING_SALT = "engagement.rating-target"
# A reader rates a handful of articles in ten minutes; an office or a school behind one
# address, a few dozen. A script posting in a loop reaches the ceiling in seconds.
FLOOD_LIMIT = 30
FLOOD_WINDOW_SECONDS = 600
FLOOD_KEY = "engagement:ratings:{address}:{window}"


def signed_target(label, pk):
    """Return the form field naming item `label` #`pk`: the same for every reader."""
    return signing.dumps([label, int(pk)], salt=SIGNING_SALT, compress=False)


def unsigned_target(value):
    """Return (label, pk) from a signed form field, or None if it was forged or mangled."""
    try:
        label, pk = signing.loads(value, salt=SIGNING_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(label, str) or not isinstance(pk, int) or isinstance(pk, bool) or pk < 1:
        return None
    return label, pk


def _address_hash(address):
    # Not the address itself, even in the cache.
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:24]


def reader_address(request):
    """Return the reader's address as the flood limit and receipts see it (IPv6: its /64)."""
    return client_key(client_ip(request))


def within_flood_limit(address, now):
    """Return whether one more rating from this address fits in the current window.

    Counted in the shared cache (Redis): every worker and app server adds to one count.
    With the cache away, ratings are let through: the receipts still allow one per item.
    """
    key = FLOOD_KEY.format(address=_address_hash(address), window=int(now) // FLOOD_WINDOW_SECONDS)
    try:
        cache.add(key, 0, FLOOD_WINDOW_SECONDS * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add() and incr()
            cache.add(key, 1, FLOOD_WINDOW_SECONDS * 2)
            count = 1
    except Exception:  # noqa: BLE001 - any cache backend failure
        logger.warning("Bộ nhớ đệm lỗi, tạm bỏ giới hạn số lần đánh giá", exc_info=True)
        return True
    return count <= FLOOD_LIMIT


def same_site_origin(request):
    """Return whether the POST comes from a page of this host (Origin, else Referer)."""
    expected = f"{request.scheme}://{request.get_host()}"
    trusted = {expected, *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin in trusted
    referer = request.META.get("HTTP_REFERER")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" in trusted


def day_key(day):
    """Return the day's random key, made by whichever request needs it first.

    Making it deletes the keys and receipts of the days before: from then on nothing
    links a receipt to an address.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RatingKey._meta.db_table} (day, secret) VALUES (%s, %s) "
            "ON CONFLICT (day) DO NOTHING RETURNING secret",
            [day, secrets.token_hex(32)],
        )
        made = cursor.fetchone()
    if made is not None:
        RatingKey.objects.filter(day__lt=day).delete()
        RatingReceipt.objects.filter(day__lt=day).delete()
        return made[0]
    return RatingKey.objects.values_list("secret", flat=True).get(day=day)


def receipt_digest(key, address, label, pk, day):
    """Return HMAC(key, address | item | day): what says this reader rated it today."""
    message = f"{address}|{label}:{pk}|{day.isoformat()}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def record(target, address, useful, comment, now=None):
    """Store a rating of `target` unless this address rated it today; return whether new."""
    day = timezone.localdate(now)
    digest = receipt_digest(day_key(day), address, target.label, target.pk, day)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RatingReceipt._meta.db_table} (day, digest) VALUES (%s, %s) "
            "ON CONFLICT (digest) DO NOTHING RETURNING 1",
            [day, digest],
        )
        first = cursor.fetchone() is not None
    if first:
        app_label, model = target.label.split(".")
        Rating.objects.create(
            site_id=target.site_id,
            content_type=ContentType.objects.get_by_natural_key(app_label, model),
            object_id=target.pk,
            day=day,
            useful=useful,
            comment=comment,
        )
    return first
