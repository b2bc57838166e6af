"""Admin for editors: pages (with history, compare and restore), leaders, agency information."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from tinymce.widgets import AdminTinyMCE

from multisite.admin_scope import SiteScopedAdmin
from news.forms import CoverImageField

from . import permissions
from .models import AgencyInfo, Leader, Page


def _rich_text():
    return AdminTinyMCE(mce_attrs={"images_upload_url": reverse_lazy("editor-upload-image")})


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = "__all__"
        widgets = {"body": _rich_text(), "body_en": _rich_text()}


@admin.register(Page)
class PageAdmin(SiteScopedAdmin, CompareVersionAdmin):
    form = PageAdminForm
    list_display = (
        "title",
        "address",
        "site",
        "status",
        "show_in_menu",
        "position",
        "has_english_version",
        "preview_link",
    )
    list_filter = ("site", "status", "show_in_menu")
    list_select_related = ("site",)
    search_fields = ("title", "title_en", "path")
    history_latest_first = True
    fieldsets = (
        (None, {"fields": ("site", "parent", "title", "lead", "body", "block")}),
        (
            "Bản tiếng Anh",
            {
                "fields": ("title_en", "lead_en", "body_en"),
                "description": "Để trống tiêu đề tiếng Anh nếu trang không có bản tiếng Anh.",
            },
        ),
        ("Xuất bản", {"fields": ("status", "show_in_menu", "position")}),
        ("Nâng cao", {"classes": ("collapse",), "fields": ("slug", "author")}),
    )

    class Media:
        js = ("js/admin/tinymce_upload.js",)

    def has_publish_permission(self, request):
        return permissions.is_editor(request.user)

    def get_queryset(self, request):
        return permissions.pages_for(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.may_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_change(request.user, obj))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [(Page.Status.DRAFT, Page.Status.DRAFT.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.extend(permissions.EDITOR_FIELDS)
        return readonly

    def _stored_page(self, request, object_id, *, change=False):
        page = self.get_object(request, unquote(object_id))
        if page is None:
            raise Http404("Không có trang này.")
        allowed = (
            self.has_change_permission(request, page)
            if change
            else self.has_view_or_change_permission(request, page)
        )
        if not allowed:
            raise PermissionDenied
        return page

    def history_view(self, request, object_id, extra_context=None):
        self._stored_page(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._stored_page(request, object_id)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old version only for a user who may change the page as it is stored."""
        page = self._stored_page(request, object_id, change=True)
        get_object_or_404(Version.objects.get_for_object(page), pk=version_id)
        request.live_page = page
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        get_object_or_404(Version.objects.get_deleted(Page), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and (obj.author_id is None or not self.has_publish_permission(request)):
            obj.author = request.user
        live = getattr(request, "live_page", None)
        if live is not None and not self.has_publish_permission(request):
            # A contributor's restore keeps what only an editor sets, and stays a draft.
            for name in permissions.EDITOR_FIELDS:
                setattr(obj, name, getattr(live, name))
            obj.status = Page.Status.DRAFT
        super().save_model(request, obj, form, change)

    @admin.display(description="địa chỉ")
    def address(self, obj):
        return f"/{obj.path}/"

    @admin.display(description="bản tiếng Anh", boolean=True)
    def has_english_version(self, obj):
        return obj.has_english

    @admin.display(description="xem trước")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Xem trước</a>',
            reverse("agency:page-preview", args=[obj.pk]),
        )


class LeaderAdminForm(forms.ModelForm):
    class Meta:
        model = Leader
        fields = "__all__"
        field_classes = {"photo": CoverImageField}


@admin.register(Leader)
class LeaderAdmin(SiteScopedAdmin, VersionAdmin):
    form = LeaderAdminForm
    list_display = ("name", "position", "site", "order")
    list_display_links = ("name",)
    list_editable = ("order",)
    list_filter = ("site",)
    list_select_related = ("site",)
    search_fields = ("name", "position")
    fieldsets = (
        (None, {"fields": ("site", "name", "position", "photo", "biography", "duties")}),
        ("Liên hệ công vụ", {"fields": ("phone", "email", "order")}),
        ("Bản tiếng Anh", {"fields": ("position_en", "biography_en", "duties_en")}),
        ("Nâng cao", {"classes": ("collapse",), "fields": ("slug",)}),
    )


@admin.register(AgencyInfo)
class AgencyInfoAdmin(SiteScopedAdmin, VersionAdmin):
    list_display = ("full_name", "site", "phone", "email")
    list_select_related = ("site",)
    fieldsets = (
        (None, {"fields": ("site", "full_name", "parent_body", "responsible_person", "licence")}),
        ("Liên hệ", {"fields": ("address", "phone", "fax", "email", "map_url")}),
        ("Bản tiếng Anh", {"fields": ("full_name_en", "parent_body_en", "address_en")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "map_url":
            kwargs["assume_scheme"] = "https"  # a pasted "maps.example/..." is https
        return super().formfield_for_dbfield(db_field, request, **kwargs)
