"""Template tags for the public pages: the category menu, the site name, Vietnamese dates."""

from datetime import datetime
from html import escape

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from news.models import (
    ARTICLE_DETAIL,
    SLUG_PLACEHOLDER,
    Category,
    instances,
    link_families,
    select_sql,
    url_pattern,
)
from news.siteparts import register_site_part, site_part

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
CATEGORIES_PART = "categories"


def menu_categories(request, all_levels=False):
    """Return the menu's top-level categories of the request's site, in menu order (or
    every category of the site).

    Each carries its parent (``parent`` is set, no query) and `covered_ids`: its own id and
    its subcategories' ids, whose articles its home page block lists. Read once per
    request with the rest of the site's chrome (news.siteparts).
    """
    rows = site_part(request, CATEGORIES_PART)
    if all_levels:
        return rows
    return [c for c in rows if c.parent_id is None and c.show_in_menu]


def register_categories_part():
    """Register the menu's categories as a part of every page's chrome (NewsConfig)."""
    register_site_part(
        CATEGORIES_PART,
        select_sql(Category, "site_id = %s", "menu_position, name, id"),
        params=lambda request: [request.site.pk],
        build=lambda request, rows: link_families(instances(Category, rows)),
        empty=list,
    )


@register.inclusion_tag("news/includes/menu.html", takes_context=True)
def category_menu(context, after=""):
    """Return the menu's context: the categories, the page's own top category marked.

    `after` names a template of more menu items that the project adds after the
    categories (templates/base.html).
    """
    current = context.get("category")
    current_top_id = None
    if isinstance(current, Category):
        current_top_id = current.parent_id or current.pk
    return {
        "categories": menu_categories(context["request"]),
        "current_top_id": current_top_id,
        "after": after,
        "request": context.get("request"),
    }


def site_of(request):
    """Return the name readers know the request's site by (the installation's if none)."""
    site = getattr(request, "site", None)
    return site.name if site is not None else settings.SITE_NAME


@register.simple_tag(takes_context=True)
def site_name(context):
    """Return the name of the site this page belongs to."""
    return site_of(context.get("request"))


def _local(value):
    portal_tz = timezone.get_default_timezone()
    if timezone.is_naive(value):
        value = timezone.make_aware(value, portal_tz)
    return timezone.localtime(value, portal_tz)


# Cheaper than the |date filter (which looks up the active language's formats on every
# call): a page shows dozens of dates.
@register.filter
def iso(value):
    """Return a datetime in the portal's time zone as ISO 8601, for <time datetime="...">.

    To the second: HTML allows at most three digits of a second's fraction, and a time
    saved by code (``timezone.now()``) carries six.
    """
    return _local(value).isoformat(timespec="seconds") if isinstance(value, datetime) else ""


@register.filter
def ngay(value):
    """Return the local date as dd/mm/yyyy: "07/04/2014"."""
    return _local(value).strftime("%d/%m/%Y") if isinstance(value, datetime) else ""


@register.filter
def ngay_phut(value):
    """Return the local date and time as dd/mm/yyyy HH:MM: "07/04/2014 10:45"."""
    return _local(value).strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else ""


@register.filter
def ngay_gio(value):
    """Return a datetime as the original portal showed it: "07 Tháng Tư 2014 10:45:00 SA".

    The time is in the portal's time zone, on a 12-hour clock: "SA" before noon, "CH"
    from noon; midnight is 12:00:00 SA and noon 12:00:00 CH.
    """
    if not isinstance(value, datetime):
        return ""
    local = _local(value)
    hour12 = local.hour % NOON_HOUR or NOON_HOUR
    half = MORNING if local.hour < NOON_HOUR else AFTERNOON
    return (
        f"{local.day:02d} Tháng {MONTH_NAMES[local.month - 1]} {local.year} "
        f"{hour12:02d}:{local.minute:02d}:{local.second:02d} {half}"
    )


@register.simple_tag
def cover_picture(article, sizes="100vw", loading="lazy", priority=""):
    """Return an article's cover as <picture>: WebP renditions with a JPEG fallback.

    `sizes` as the layout shows it ("(min-width: 60em) 640px, 100vw"), `loading` "lazy"
    or "eager", `priority` "high" on the page's largest picture (fetched before the
    others). One Python string, not a template: a home page shows twenty covers.
    """
    urls = {key: escape(url) for key, url in article.cover_urls.items()}
    if not urls:
        return ""
    sizes = escape(sizes or "100vw")
    size = ""
    if article.cover_width:
        size = f' width="{article.cover_width}" height="{article.cover_height}"'
    fetch_priority = f' fetchpriority="{escape(priority)}"' if priority else ""
    return mark_safe(
        "<picture>\n"
        f'  <source type="image/webp" srcset="{urls["w320_webp"]} 320w, {urls["w640_webp"]} 640w,'
        f' {urls["w1024_webp"]} 1024w" sizes="{sizes}">\n'
        f'  <img src="{urls["w640_jpeg"]}" srcset="{urls["w320_jpeg"]} 320w,'
        f' {urls["w640_jpeg"]} 640w, {urls["w1024_jpeg"]} 1024w" sizes="{sizes}"'
        f' alt="{escape(article.cover_alt or article.title)}"{size}'
        f' loading="{escape(loading or "lazy")}"{fetch_priority} decoding="async">\n'
        "</picture>"
    )


@register.simple_tag
def menu_items(categories, current_top_id=None):
    """Return the menu's <li> items of the categories, the page's own top category marked.

    One Python loop and one URL pattern, as link_items() (docs/performance.md).
    """
    pattern = url_pattern("news:category-detail")
    items = []
    for category in categories:
        url = pattern.replace(SLUG_PLACEHOLDER, category.slug, 1)
        current = ' aria-current="page"' if category.pk == current_top_id else ""
        items.append(f'<li><a href="{escape(url)}"{current}>{escape(category.name)}</a></li>')
    return mark_safe("\n      ".join(items))


@register.simple_tag
def link_items(links):
    """Return the <li> items of a list of dated article links ("TIN MỚI HƠN", a home block).

    One Python loop, one URL pattern, one local time and one escape per value: through
    template variables the two lists under an article cost a fifth of its rendering
    (docs/performance.md).
    """
    pattern = url_pattern(ARTICLE_DETAIL)
    items = []
    for link in links:
        url = pattern.replace(SLUG_PLACEHOLDER, link.slug, 1)
        local = _local(link.publish_at)
        items.append(
            f'<li><a href="{escape(url)}">{escape(link.title)}</a> '
            f'<time datetime="{local.isoformat(timespec="seconds")}">'
            f"({local.day:02d}/{local.month:02d}/{local.year})</time></li>"
        )
    return mark_safe("".join(items))
