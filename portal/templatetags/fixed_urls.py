"""``{% url %}`` as Django's, with each URL that takes no argument reversed once per process.

A reader's page links to the home page, the search, the feeds, the site map: ten such
links on an article page, each a reverse() (docs/performance.md).
A builtin of the template engine (settings.TEMPLATES), so every template's ``{% url %}`` is
this one; URLs with arguments go through Django's tag unchanged.
"""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from news.models import fixed_url

register = template.Library()


class FixedURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        view_name = self.view_name.resolve(context)
        try:
            url = fixed_url(view_name, current_app)
        except NoReverseMatch:
            # Django's tag raises, or sets an empty variable, as it always has.
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's ``{% url %}``; see the module docstring."""
    node = defaulttags.url(parser, token)
    return FixedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
