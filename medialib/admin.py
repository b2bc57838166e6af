"""The media library in admin: browse, search by name and date, and the list of pictures
the body editor offers to insert ("Danh sách ảnh" in its picture dialog)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from multisite.admin_scope import SiteScopedAdmin
from news.images import rendition_urls

from .models import RENDITIONS, MediaFile

# How many of a site's newest pictures the editor's picture dialog lists.
PICK_LIST_SIZE = 300


@admin.register(MediaFile)
class MediaFileAdmin(SiteScopedAdmin, admin.ModelAdmin):
    list_display = ("thumbnail", "name", "dimensions", "file_size", "uploaded_at", "uploaded_by")
    list_display_links = ("name",)
    list_filter = ("uploaded_at", "site", "uploaded_by")
    list_select_related = ("uploaded_by",)
    search_fields = ("name", "alt", "file")
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    fields = ("preview", "name", "alt", "address", "site", "dimensions", "file_size", "uploaded_at")
    readonly_fields = ("preview", "address", "site", "dimensions", "file_size", "uploaded_at")

    def has_add_permission(self, request):
        # Pictures arrive through the body editor, which checks and scales them.
        return False

    @admin.display(description="ảnh")
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="96" height="{}" loading="lazy" class="media-thumb">',
            self._small_url(obj),
            round(96 * obj.height / obj.width) if obj.width and obj.height else 72,
        )

    @admin.display(description="ảnh")
    def preview(self, obj):
        return format_html(
            '<img src="{}" alt="{}" class="media-preview">', self._small_url(obj, 640), obj.alt
        )

    @admin.display(description="địa chỉ để chèn")
    def address(self, obj):
        return obj.file.url

    @admin.display(description="kích thước")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width and obj.height else "—"

    @admin.display(description="dung lượng", ordering="size")
    def file_size(self, obj):
        return filesizeformat(obj.size)

    def _small_url(self, obj, width=320):
        if not obj.has_renditions:
            return obj.file.url
        return rendition_urls(obj, field="file", renditions=RENDITIONS)[f"w{width}_jpeg"]

    def get_urls(self):
        pick_list = self.admin_site.admin_view(self.pick_list_view)  # never cached
        return [
            path("danh-sach-chen/", pick_list, name="medialib_mediafile_picklist"),
            *super().get_urls(),
        ]

    def pick_list_view(self, request):
        """Return TinyMCE's image_list: [{"title", "value"}] of the user's sites' pictures."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        pictures = self.get_queryset(request).only(
            "name", "file", "uploaded_at", "width", "height"
        )[:PICK_LIST_SIZE]
        return JsonResponse(
            [
                {
                    "title": (
                        f"{timezone.localtime(p.uploaded_at):%d/%m/%Y} – {p.name or p.file.name}"
                        + (f" ({p.width}×{p.height})" if p.width else "")
                    ),
                    "value": p.file.url,
                }
                for p in pictures
            ],
            safe=False,
        )
