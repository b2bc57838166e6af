"""Template tags for the public pages: the category menu, the site name, Vietnamese dates."""

from datetime import datetime

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from news.cache import versioned_key
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


@register.inclusion_tag("news/includes/menu.html", takes_context=True)
def category_menu(context):
    """Return the menu's context: the menu categories and which one the page belongs to."""
    current = context.get("category")
    current_top_id = None
    if isinstance(current, Category):
        current_top_id = current.parent_id or current.pk
    return {"categories": menu_categories(), "current_top_id": current_top_id}


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
