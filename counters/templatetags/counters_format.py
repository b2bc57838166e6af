"""Numbers as Vietnamese readers write them: `{% load counters_format %}{{ n|so_dem }}`."""

from django import template

register = template.Library()

# Vietnamese groups thousands with a dot: 36.312.546 (Django's "vi" locale sets no grouping).
THOUSANDS_SEPARATOR = "."


@register.filter
def so_dem(value):
    """Return a whole number with its thousands grouped by dots; other values unchanged."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return f"{value:,}".replace(",", THOUSANDS_SEPARATOR)
