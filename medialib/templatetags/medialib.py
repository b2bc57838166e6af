"""``{{ article.body|body_pictures }}``: an article body with its pictures as renditions."""

from django import template

from ..render import body_pictures as render_body_pictures

register = template.Library()


@register.filter
def body_pictures(body):
    """Return the sanitized body with library pictures as <picture> renditions."""
    return render_body_pictures(body or "")
