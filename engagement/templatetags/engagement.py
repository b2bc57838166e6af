"""Engagement on readers' pages: ``{% load engagement %}``.

- ``{% downtime_banner %}`` (base.html): the planned-downtime notices the site shows now;
  cached pages expire when one appears or disappears (engagement.notices).
- ``{% rating_form article %}`` (end of an article): "Thông tin này có hữu ích với bạn
  không?", a plain form the same for every reader, so the page stays cacheable.
- ``{% links_block %}`` (home page): the site's links.
"""

from django import template
from django.db import DatabaseError

from news.models import fetch

from .. import ratings
from ..models import COMMENT_MAX_LENGTH, Link
from ..notices import shown_notices

register = template.Library()


@register.inclusion_tag("engagement/downtime_banner.html", takes_context=True)
def downtime_banner(context):
    """Return the context of the downtime banner: the notices the site shows now."""
    request = context.get("request")
    site = getattr(request, "site", None)
    if site is None:
        return {"notices": []}
    try:
        return {"notices": shown_notices(site.pk)}
    except DatabaseError:
        # The 503 page, drawn while PostgreSQL is away, still renders.
        return {"notices": []}


@register.inclusion_tag("engagement/rating_form.html")
def rating_form(item):
    """Return the context of the rating form for a public item (an article)."""
    return {
        "signed": ratings.signed_target(item._meta.label_lower, item.pk),
        "comment_limit": COMMENT_MAX_LENGTH,
    }


@register.inclusion_tag("engagement/links_block.html", takes_context=True)
def links_block(context):
    """Return the context of the home page's links block: the site's shown links in order."""
    site_id = context["request"].site.pk
    return {"links": fetch(Link, "site_id = %s AND shown", [site_id], "position, title, id")}
