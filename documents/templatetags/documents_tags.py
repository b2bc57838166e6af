from django import template
from django.template.defaultfilters import filesizeformat

from ..models import Attachment

register = template.Library()


@register.filter
def dung_luong(size):
    """Return a file size as readers read it: "1,2 MB" (filesizeformat, Vietnamese)."""
    return filesizeformat(size)


@register.simple_tag
def article_files(article):
    """Return the files attached to an article, in their order (one query)."""
    return list(Attachment.objects.filter(article_id=article.pk).defer("text"))
