"""The admin as the project assembles it: each app's ModelAdmin plus what other apps add."""

from django.contrib import admin

from counters.admin import ArticleViewsColumn, DocumentDownloadsColumn
from documents.admin import ArticleAttachmentInline, DocumentAdmin, UploadLimitMixin
from documents.models import Document
from news.admin import ArticleAdmin
from news.models import Article


@admin.register(Article)
class PortalArticleAdmin(UploadLimitMixin, ArticleViewsColumn, ArticleAdmin):
    """Articles as editors see them: the news app's admin, the counters' "Lượt xem" and the
    documents' attachments."""

    inlines = (*ArticleAdmin.inlines, ArticleAttachmentInline)


@admin.register(Document)
class PortalDocumentAdmin(DocumentDownloadsColumn, DocumentAdmin):
    """Documents with the counters' "Lượt tải"."""
