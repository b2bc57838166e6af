from django import template
from django.template.defaultfilters import filesizeformat

from news.models import instances, select_sql
from news.siteparts import article_part, register_article_part

from ..models import Attachment

register = template.Library()


@register.filter
def dung_luong(size):
    """Return a file size as readers read it: "1,2 MB" (filesizeformat, Vietnamese)."""
    return filesizeformat(size)


FILES_PART = "documents.files"
_FILES_DEFER = ("text",)


def register_files_part():
    """Read an article's files with its related lists (news.siteparts; DocumentsConfig)."""
    register_article_part(
        FILES_PART,
        select_sql(Attachment, "article_id = %(id)s", "position, id", defer=_FILES_DEFER),
        build=lambda rows: instances(Attachment, rows, defer=_FILES_DEFER),
    )


@register.simple_tag
def article_files(article):
    """Return the files attached to an article, in their order."""
    return article_part(article, FILES_PART)


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
