"""Engagement on readers' pages: ``{% load engagement %}``.

- ``{% downtime_banner %}`` (base.html), ``{% downtime_banner_en %}`` (the English pages'
  base): the planned-downtime notices the site shows now; cached pages expire when one
  appears or disappears (engagement.notices).
- ``{% rating_form item %}`` (end of an article, an agency page, a leader's page): "Thông
  tin này có hữu ích với bạn không?", a plain form the same for every reader, so the page
  stays cacheable; ``{% rating_form_en item %}`` asks it in English on an English page and
  rates the same item.
- ``{% links_block %}`` (home page): the site's links.
"""

from django import template
from django.db import DatabaseError
from django.template.loader import render_to_string

from news.models import fetch
from news.text import fold

from .. import ratings
from ..models import COMMENT_MAX_LENGTH, Link
from ..notices import notices_of
from ..targets import RATEABLE

register = template.Library()


def _shown(context):
    request = context.get("request")
    if request is None:
        return []
    try:
        return notices_of(request)
    except DatabaseError:
        # The 503 page, drawn while PostgreSQL is away, still renders.
        return []


@register.simple_tag(takes_context=True)
def downtime_banner(context):
    """Return the downtime banner: the notices the site shows now ("" on nearly every
    page, which then renders no template)."""
    notices = _shown(context)
    if not notices:
        return ""
    return render_to_string("engagement/downtime_banner.html", {"notices": notices})


@register.simple_tag(takes_context=True)
def downtime_banner_en(context):
    """Return the English pages' downtime banner: the same notices, each marked as
    Vietnamese when its text has Vietnamese letters (editors write it once)."""
    notices = _shown(context)
    if not notices:
        return ""
    for notice in notices:
        notice.in_vietnamese = fold(notice.message) != notice.message.lower()
    return render_to_string("engagement/downtime_banner_en.html", {"notices": notices})


def _rating_form(item):
    return {
        "signed": ratings.signed_target(item._meta.label_lower, item.pk),
        "comment_limit": COMMENT_MAX_LENGTH,
        "noun": RATEABLE[item._meta.label_lower].noun,
    }


@register.inclusion_tag("engagement/rating_form.html")
def rating_form(item):
    """Return the context of the rating form for a public item (engagement.targets)."""
    return _rating_form(item)


@register.inclusion_tag("engagement/rating_form_en.html")
def rating_form_en(item):
    """Return the context of the English rating form: the same signed item as in Vietnamese."""
    return _rating_form(item)


@register.inclusion_tag("engagement/links_block.html", takes_context=True)
def links_block(context):
    """Return the context of the home page's links block: the site's shown links in order."""
    site_id = context["request"].site.pk
    return {"links": fetch(Link, "site_id = %s AND shown", [site_id], "position, title, id")}
