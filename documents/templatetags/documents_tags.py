from django import template
from django.template.defaultfilters import filesizeformat

from news.models import fetch

from ..models import Attachment

register = template.Library()


@register.filter
def dung_luong(size):
    """Return a file size as readers read it: "1,2 MB" (filesizeformat, Vietnamese)."""
    return filesizeformat(size)


@register.simple_tag
def article_files(article):
    """Return the files attached to an article, in their order (one query, no ORM compile)."""
    return fetch(Attachment, "article_id = %s", [article.pk], "position, id", defer=("text",))


SEARCH_DOCUMENTS = 5


@register.inclusion_tag("documents/includes/search_documents.html", takes_context=True)
def matching_documents(context, words):
    """Return the site search's documents box: the newest documents matching `words`."""
    from ..views import matching, visible_documents

    request = context["request"]
    found = []
    if words:
        found = list(
            matching(visible_documents(request.site), words)
            .select_related("doc_type", "issuer")
            .defer("search_folded")
            .newest_first()[: SEARCH_DOCUMENTS + 1]
        )
    return {
        "documents": found[:SEARCH_DOCUMENTS],
        "more": len(found) > SEARCH_DOCUMENTS,
        "words": words,
    }
