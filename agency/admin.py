"""Admin for editors: pages (with history, compare and restore), leaders, agency information."""

from django import forms
from django.contrib import admin
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion_compare.admin import CompareVersionAdmin
from tinymce.widgets import AdminTinyMCE

from multisite.admin_scope import SiteScopedAdmin
from news.editorial import EditorialAdmin
from news.forms import CoverImageField

from .models import AgencyInfo, Leader, Page
from .permissions import PAGES


def _rich_text():
    return AdminTinyMCE(mce_attrs={"images_upload_url": reverse_lazy("editor-upload-image")})


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = "__all__"
        widgets = {"body": _rich_text(), "body_en": _rich_text()}


@admin.register(Page)
class PageAdmin(EditorialAdmin, SiteScopedAdmin, CompareVersionAdmin):
    form = PageAdminForm
    roles = PAGES
    missing_message = "Không có trang này."
    slug_fixed_once_published = False  # a page may move in the tree; old paths redirect
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
