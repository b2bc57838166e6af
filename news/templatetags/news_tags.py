"""Template tags for the public pages: the category menu, the site name, Vietnamese dates,
and {% cached_fragment %}, the cache for the parts of a page every reader sees alike."""

import hashlib
from datetime import datetime

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from news.cache import request_scheduled_key, versioned_key
from news.models import Category

register = template.Library()

MONTH_NAMES = (
    "Một",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười Một",
    "Mười Hai",
)
MORNING = "SA"  # sáng: before noon
AFTERNOON = "CH"  # chiều: from noon
NOON_HOUR = 12

MENU_CACHE_KEY = "news:menu-categories:v1"
# Saving a category or an article makes the cached menu stale at once (news.cache's
# version); the timeout only bounds it with a per-process cache and several workers.
MENU_CACHE_SECONDS = 10 * 60
MENU_HTML_CACHE_KEY = "news:menu-html:v1"
MENU_TEMPLATE = "news/includes/menu.html"

FRAGMENT_CACHE_KEY = "news:fragment:v1"
# An editor's save or a scheduled change makes fragments stale at once (their key
# changes); the timeout only bounds staleness with a per-process cache and several workers
# (another worker's save or schedule is seen within a minute there; at once with Redis).
FRAGMENT_CACHE_SECONDS = 60


def menu_categories():
    """Return the top-level menu categories in menu order, from the cache when possible.

    Each carries `covered_ids`: its own id and all its subcategories' ids, whose
    articles its home page block lists.
    """
    key = versioned_key(MENU_CACHE_KEY)
    categories = cache.get(key)
    if categories is None:
        rows = list(Category.objects.order_by("menu_position", "name", "pk"))
        categories = [c for c in rows if c.parent_id is None and c.show_in_menu]
        for top in categories:
            top.covered_ids = [top.pk, *(c.pk for c in rows if c.parent_id == top.pk)]
        cache.set(key, categories, MENU_CACHE_SECONDS)
    return categories


@register.simple_tag(takes_context=True)
def category_menu(context):
    """Return the menu's HTML, the page's own top category marked as current.

    Rendered once per top category and content version: reversing every category's URL
    on every page cost more than the rest of a cached article page.
    """
    current = context.get("category")
    current_top_id = None
    if isinstance(current, Category):
        current_top_id = current.parent_id or current.pk
    key = versioned_key(f"{MENU_HTML_CACHE_KEY}:{current_top_id}")
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            MENU_TEMPLATE, {"categories": menu_categories(), "current_top_id": current_top_id}
        )
        cache.set(key, html, MENU_CACHE_SECONDS)
    return mark_safe(html)


def _fragment_prefix(context):
    """Return the key prefix of this request's fragments (content version and schedule)."""
    return request_scheduled_key(context.get("request"), FRAGMENT_CACHE_KEY)


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        # A staff preview shows drafts and scheduled articles: never cached, never served
        # from the readers' cache.
        if context.get("preview"):
            return self.nodelist.render(context)
        vary = ":".join(str(var.resolve(context)) for var in self.vary_on)
        digest = hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()
        key = f"{_fragment_prefix(context)}:{self.name}:{digest}"
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, FRAGMENT_CACHE_SECONDS)
        return html


# {name: (settings the markup depends on, markup)} of the chrome_fragment tags.
_chrome = {}


class ChromeFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The markup comes from settings, URLs and static files, which change only with a
        # deploy, i.e. a restart; keyed by the settings it reads, for tests that change them.
        depends_on = (settings.SITE_NAME, settings.STATIC_URL, get_script_prefix())
        cached = _chrome.get(self.name)
        if cached is not None and cached[0] == depends_on:
            return cached[1]
        html = self.nodelist.render(context)
        _chrome[self.name] = (depends_on, html)
        return html


@register.tag
def chrome_fragment(parser, token):
    """Render the enclosed site chrome once per process: {% chrome_fragment "name" %}.

    Only for markup that is the same on every page and for every reader, built from the
    site name, {% url %} and {% static %}: the header's brand, the stylesheet links, the
    footer's search form. Never around a {% block %}, a count or anything from the page.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} cần đúng một tên đoạn mã.")
    nodelist = parser.parse(("endchrome_fragment",))
    parser.delete_first_token()
    return ChromeFragmentNode(nodelist, bits[1].strip("\"'"))


@register.tag
def cached_fragment(parser, token):
    """Cache the enclosed markup: {% cached_fragment "name" var ... %}...{% endcached_fragment %}.

    Like {% cache %}, but the key also carries news.cache's content version and the next
    scheduled change, so an editor's save and an article's publish_at/unpublish_at show
    at once; and nothing is cached on a staff preview (context "preview"). Only markup
    that is the same for every reader of the page goes inside: never a count, a cookie,
    a CSRF token or a nonce.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} cần tên đoạn mã.")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return CachedFragmentNode(nodelist, name, [parser.compile_filter(b) for b in bits[2:]])


@register.simple_tag
def site_name():
    """Return the portal's name from settings.SITE_NAME."""
    return settings.SITE_NAME


@register.filter
def ngay_gio(value):
    """Return a datetime as the original portal showed it: "07 Tháng Tư 2014 10:45:00 SA".

    The time is in the portal's time zone, on a 12-hour clock: "SA" before noon, "CH"
    from noon; midnight is 12:00:00 SA and noon 12:00:00 CH.
    """
    if not isinstance(value, datetime):
        return ""
    portal_tz = timezone.get_default_timezone()
    if timezone.is_naive(value):
        value = timezone.make_aware(value, portal_tz)
    local = timezone.localtime(value, portal_tz)
    hour12 = local.hour % NOON_HOUR or NOON_HOUR
    half = MORNING if local.hour < NOON_HOUR else AFTERNOON
    return (
        f"{local.day:02d} Tháng {MONTH_NAMES[local.month - 1]} {local.year} "
        f"{hour12:02d}:{local.minute:02d}:{local.second:02d} {half}"
    )
