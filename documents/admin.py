"""Admin for documents, their lists and attachments; the attachment inline articles get.

``ArticleAttachmentInline`` is put on the article admin by portal/admin.py: the news app
never names this one.
"""

import reversion
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion_compare.admin import CompareVersionAdmin

from multisite.admin_scope import SiteScopedAdmin
from news.editorial import EditorialAdmin
from portal.pagecache import content_changed

from . import uploads
from .forms import AttachmentForm, DocumentAdminForm
from .models import Attachment, Document, DocumentField, DocumentType, IssuingBody
from .permissions import DOCUMENTS


class ListEntryAdmin(SiteScopedAdmin, VersionAdmin):
    list_display = ("name", "site", "position")
    list_editable = ("position",)
    list_filter = ("site",)
    search_fields = ("name",)
    fields = ("site", "name", "slug", "position")


admin.site.register(DocumentType, ListEntryAdmin)
admin.site.register(IssuingBody, ListEntryAdmin)
admin.site.register(DocumentField, ListEntryAdmin)


class AttachmentInlineBase(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ("file", "name", "position", "kind_label", "size_label", "text_label")
    readonly_fields = ("kind_label", "size_label", "text_label")

    @admin.display(description="đọc chữ")
    def text_label(self, obj):
        return obj.get_text_status_display() if obj.pk else ""

    @admin.display(description="loại")
    def kind_label(self, obj):
        return obj.label if obj.pk else ""

    @admin.display(description="dung lượng")
    def size_label(self, obj):
        return filesizeformat(obj.size) if obj.pk else ""


class DocumentAttachmentInline(AttachmentInlineBase):
    fk_name = "document"
    exclude = ("article",)
    verbose_name_plural = "tệp văn bản (PDF, Word, Excel, ODT, ODS hoặc ảnh)"


class ArticleAttachmentInline(AttachmentInlineBase):
    fk_name = "article"
    exclude = ("document",)
    verbose_name_plural = "tệp đính kèm (PDF, Word, Excel, ODT, ODS hoặc ảnh)"


class UploadLimitMixin:
    """A change form whose upload was stopped for size: say so, store nothing."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        message = uploads.too_large(request) if request.method == "POST" else ""
        if message:
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().changeform_view(request, object_id, form_url, extra_context)


class DocumentAdmin(UploadLimitMixin, EditorialAdmin, SiteScopedAdmin, CompareVersionAdmin):
    """Documents for editors; registered by portal/admin.py with what other apps add."""

    form = DocumentAdminForm
    roles = DOCUMENTS
    missing_message = "Không có văn bản này."
    inlines = (DocumentAttachmentInline,)
    list_display = (
        "number",
        "doc_type",
        "issuer",
        "issued_on",
        "status",
        "is_published",
        "preview_link",
    )
    list_filter = ("status", "doc_type", "issuer", "field", "site")
    search_fields = ("number", "number_key", "summary", "signer")
    date_hierarchy = "issued_on"
    list_select_related = ("doc_type", "issuer")
    list_per_page = 50
    history_latest_first = True
    autocomplete_fields = ()
    actions = ("publish", "unpublish")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "site",
                    "number",
                    "doc_type",
                    "issuer",
                    "field",
                    "summary",
                    "signer",
                    ("issued_on", "effective_on", "expires_on"),
                )
            },
        ),
        ("Bài viết liên quan", {"fields": ("related_articles",)}),
        ("Xuất bản", {"fields": ("status", "publish_at", "shared_with_components")}),
        ("Nâng cao", {"classes": ("collapse",), "fields": ("slug", "author", "legacy_id")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_articles":
            from multisite.access import editable_site_ids

            ids = editable_site_ids(request.user)
            queryset = db_field.related_model.objects.order_by("-publish_at")
            kwargs["queryset"] = queryset if ids is None else queryset.filter(site__in=ids)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The files' text is part of what search reads.
        from .models import refresh_search

        refresh_search([form.instance.pk])

    @admin.display(description="xem trước")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Xem trước</a>',
            reverse("documents:preview", args=[obj.pk]),
        )

    def _bulk(self, request, queryset, status, comment):
        ids = list(queryset.exclude(status=status).values_list("pk", flat=True))
        count = Document.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
        for document in Document.objects.filter(pk__in=ids):
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(comment)
                reversion.add_to_revision(document)
        content_changed(site_ids=sorted(set(queryset.values_list("site_id", flat=True))))
        return count

    @admin.action(description="Xuất bản các văn bản đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        count = self._bulk(
            request, queryset, Document.Status.PUBLISHED, "Xuất bản bằng thao tác hàng loạt."
        )
        self.message_user(request, f"Đã xuất bản {count} văn bản.", messages.SUCCESS)

    @admin.action(description="Gỡ các văn bản đã chọn", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._bulk(request, queryset, Document.Status.DRAFT, "Gỡ bằng thao tác hàng loạt.")
        self.message_user(request, f"Đã gỡ {count} văn bản về bản nháp.", messages.SUCCESS)
