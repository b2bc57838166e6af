"""``{% per_request "name" arg %}``: a part of a reader's page rendered for each request.

The page around it is cached whole (portal.pagecache); the part is filled in per request
by the function ``portal.pagecache.PARTS`` names. Anything that differs between readers
must be one of these parts.
"""

from django import template

from portal.pagecache import marker

register = template.Library()


@register.simple_tag
def per_request(name, arg=""):
    """Return the placeholder that portal.pagecache replaces for each request."""
    return marker(name, arg)
