"""Who is asking: bot or browser, prefetch or real view, which client IP, what it saw last.

``ReaderState`` is the small signed cookie that replaces a session for anonymous readers:
the time of the browser's last counted page view (for visits) and the articles it was
counted on recently (for the repeat window), each with the total it was last shown, so
that a reload never shows a smaller number, whichever server answers. Only entries still
inside the window are kept and at most ``MAX_RECENT_ARTICLES`` of them, so the cookie
stays well under 1 KB. A cookie
that fails the signature, has expired or has the wrong shape is treated as absent: the
reader is counted as new, never trusted, never answered with an error.
"""

import ipaddress
import time
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core import checks, signing
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

COOKIE_NAME = "luot_xem"
COOKIE_SALT = "counters.reader"
# The newest articles a browser was counted on that the cookie remembers; a reader who
# opens more than this within one window is counted again for the oldest ones, at worst.
MAX_RECENT_ARTICLES = 40
# Headers browsers send on speculative loads (Chromium: Sec-Purpose; Safari/old: Purpose).
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
PREFETCH_WORDS = ("prefetch", "prerender", "preview")
# The longest User-Agent classified. Browsers send about 130 characters, in-app browsers
# (Zalo, Facebook, Instagram) up to about 300; crawlerdetect's patterns cost time
# quadratic in the length (8 KB of letters took 4.5 s, 512 take 20 ms), so a longer
# header is called a bot, not counted, without being read (nor kept in _is_crawler's
# cache of recent User-Agents).
USER_AGENT_MAX_LENGTH = 512

_crawler_detect = CrawlerDetect()


@lru_cache(maxsize=2)
def _signer(secret_key):
    # One signer per key (its derived HMAC key is computed once, not per request); keyed
    # by SECRET_KEY so a changed key is picked up.
    return signing.TimestampSigner(salt=COOKIE_SALT)


def is_bot(request):
    """Return whether the User-Agent is on crawlerdetect's list, or too long for a browser."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if len(user_agent) > USER_AGENT_MAX_LENGTH:
        return True
    return _is_crawler(user_agent)


@lru_cache(maxsize=1024)
def _is_crawler(user_agent):
    # Readers come with a few hundred distinct User-Agents; each costs a pass of
    # crawlerdetect's big regular expressions, once.
    return _crawler_detect.is_crawler(user_agent)


def is_prefetch(request):
    """Return whether the browser is prefetching or prerendering, not showing the page."""
    for header in PREFETCH_HEADERS:
        value = request.META.get(header, "").lower()
        if value and any(word in value for word in PREFETCH_WORDS):
            return True
    return False


@lru_cache(maxsize=8)
def _networks(proxies):
    try:
        return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES có địa chỉ không hợp lệ: {exc}") from exc


def check_trusted_proxies():
    """Return the parsed TRUSTED_PROXIES networks; raise ImproperlyConfigured if invalid."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def trusted_proxy_ranges(app_configs=None, **kwargs):
    """Return a system check warning for each TRUSTED_PROXIES entry wider than one address.

    Every address trusted may name any client in X-Forwarded-For, so a range such as
    10.0.0.0/8 lets each machine in it choose its own address, past the per-IP counting
    ceiling and the sign-in lockout. Only the reverse proxies' own addresses belong there.
    """
    return [
        checks.Warning(
            f"TRUSTED_PROXIES có cả dải mạng {network}: mọi máy trong dải đó tự chọn được địa "
            "chỉ IP của mình bằng X-Forwarded-For, vượt qua giới hạn đếm theo IP và khóa "
            "đăng nhập.",
            hint="Chỉ ghi địa chỉ của chính proxy ngược (nginx), ví dụ 127.0.0.1.",
            id="counters.W001",
        )
        for network in check_trusted_proxies()
        if network.num_addresses > 1
    ]


@lru_cache(maxsize=4096)
def _parse_ip(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _trusted(ip, networks):
    return any(ip in net for net in networks)


def client_ip(request):
    """Return the client's IP: X-Forwarded-For is honoured only from a trusted proxy.

    Walking X-Forwarded-For from the right, each hop was appended by the previous one; the
    first address not itself a trusted proxy is the client. Anything left of it could have
    been typed by the client and is ignored. A garbage entry stops the walk at the last
    trusted hop, so a forged header can never choose the address the guard counts under.
    """
    remote = _parse_ip(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return "unknown"
    networks = check_trusted_proxies()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    candidate = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        hop = _parse_ip(entry)
        if hop is None:
            break
        candidate = hop
        if not _trusted(hop, networks):
            break
    return str(candidate)


class ReaderState:
    """The browser's last counted page view and recently counted articles (epoch seconds).

    Subclasses keep other counted things (downloads) in a cookie of their own name.
    """

    cookie_name = COOKIE_NAME

    def __init__(self, last_seen=None, articles=None):
        self.last_seen = last_seen
        self.articles = dict(articles or {})

    @classmethod
    def from_request(cls, request, max_age):
        """Return the state from the signed cookie, or an empty state if it is unusable."""
        raw = request.COOKIES.get(cls.cookie_name)
        if not raw:
            return cls()
        try:
            data = _signer(settings.SECRET_KEY).unsign_object(raw, max_age=max_age)
        except (signing.BadSignature, ValueError, TypeError, UnicodeError):
            return cls()
        return cls._from_data(data)

    @classmethod
    def _from_data(cls, data):
        # Signed by us, but checked anyway: an old format or a key rotation must not 500.
        if not isinstance(data, dict):
            return cls()
        last_seen = data.get("v")
        if not isinstance(last_seen, int) or isinstance(last_seen, bool):
            last_seen = None
        articles = {}
        entries = data.get("a")
        if isinstance(entries, list):
            for entry in entries[:MAX_RECENT_ARTICLES]:
                if (
                    isinstance(entry, list)
                    and len(entry) == 3
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in entry)
                ):
                    article_id, counted_at, shown = entry
                    articles[article_id] = (counted_at, shown)
        return cls(last_seen, articles)

    def visit_due(self, now, window):
        """Return whether a page view now starts a new visit (none counted within window)."""
        return self.last_seen is None or not (0 <= now - self.last_seen < window)

    def view_due(self, article_id, now, window):
        """Return whether a view of this article now counts (not counted within window)."""
        seen = self.articles.get(article_id)
        return seen is None or not (0 <= now - seen[0] < window)

    def last_shown(self, article_id):
        """Return the total this browser was last shown for the article (0 if none)."""
        seen = self.articles.get(article_id)
        return seen[1] if seen else 0

    def mark_seen(self, now):
        self.last_seen = now

    def mark_article(self, article_id, counted_at, shown):
        self.articles[article_id] = (counted_at, shown)

    def counted_at(self, article_id):
        return self.articles[article_id][0]

    def dumps(self, now, window):
        """Return the signed cookie value, keeping only articles counted within window."""
        recent = sorted(
            (
                (aid, counted_at, shown)
                for aid, (counted_at, shown) in self.articles.items()
                if 0 <= now - counted_at < window
            ),
            key=lambda entry: entry[1],
            reverse=True,
        )[:MAX_RECENT_ARTICLES]
        return _signed(settings.SECRET_KEY, self.last_seen, recent)

    def write(self, response, request, now, repeat_window, visit_window):
        """Set the cookie on the response, living as long as the longer window."""
        max_age = max(repeat_window, visit_window)
        response.set_cookie(
            self.cookie_name,
            self.dumps(now, repeat_window),
            max_age=max_age,
            expires=_expires(now + max_age),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        # A shared cache must neither replay this reader's cookie to others nor serve
        # them a page (and a count) made for this reader.
        if response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        else:
            response["Cache-Control"] = "private"


@lru_cache(maxsize=4)
def _expires(epoch_second):
    # The cookie's Expires date, as set_cookie(max_age=...) writes it: formatted once a
    # second, not on every counted page.
    return http_date(epoch_second)


def _signed(secret_key, last_seen, recent):
    """Return the signed cookie value for a state."""
    data = {"v": last_seen, "a": [list(entry) for entry in recent]}
    return _signer(secret_key).sign_object(data)


def now_seconds():
    """Return the current time as whole epoch seconds (what the cookie stores)."""
    return int(time.time())
