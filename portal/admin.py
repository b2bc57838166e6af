"""The admin as the project assembles it: each app's ModelAdmin plus what other apps add."""

from django.contrib import admin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.urls import reverse
from django.utils.text import format_lazy

from counters.admin import ArticleViewsColumn, DocumentDownloadsColumn
from documents.admin import ArticleAttachmentInline, DocumentAdmin, UploadLimitMixin
from documents.models import Document
from news.admin import ArticleAdmin
from news.models import Article

# Django's app list beside every page left a 1366 px office screen ~720 px for the article
# list and form; the dashboard and breadcrumbs already lead everywhere it did.
admin.site.enable_nav_sidebar = False

# Django adds its warning to this help text with "+" when the module loads, which turns the
# translatable text into a fixed English string; the same two sentences, translated.
AdminPasswordChangeForm.usable_password_help_text = format_lazy(
    '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
    SetUnusablePasswordMixin.usable_password_help_text,
    "Nếu tắt, mật khẩu hiện tại của người dùng này sẽ mất.",
)


@admin.register(Article)
class PortalArticleAdmin(UploadLimitMixin, ArticleViewsColumn, ArticleAdmin):
    """Articles as editors see them: the news app's admin plus the counters' "Lượt xem",
    the documents' attachments, and the media library's pictures in
    the body editor's picture dialog."""

    inlines = (*ArticleAdmin.inlines, ArticleAttachmentInline)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        body = form.base_fields.get("body")
        if body is not None:  # a contributor's read-only article has no body field
            body.widget.mce_attrs["image_list"] = reverse("admin:medialib_mediafile_picklist")
        return form


@admin.register(Document)
class PortalDocumentAdmin(DocumentDownloadsColumn, DocumentAdmin):
    """Documents with the counters' "Lượt tải"."""
