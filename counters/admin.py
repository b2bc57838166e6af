"""Counters in the admin: the "Lượt xem" column articles get, and the report page.

``news`` never imports ``counters``: portal/admin.py puts ``ArticleViewsColumn`` on the
article admin that news defines.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import path

from multisite.access import editable_sites

from . import views
from .models import SiteDailyStats
from .templatetags.counters_format import so_dem


class ArticleViewsColumn:
    """A ModelAdmin mixin for articles: "Lượt xem", sortable, from counters' totals table."""

    def get_queryset(self, request):
        # LEFT JOIN: an article nobody has opened yet shows (and sorts as) 0.
        return (
            super().get_queryset(request).annotate(counted_views=Coalesce("view_total__views", 0))
        )

    def get_list_display(self, request):
        return (*super().get_list_display(request), "views_column")

    @admin.display(description="lượt xem", ordering="counted_views")
    def views_column(self, obj):
        return so_dem(obj.counted_views)


class DocumentDownloadsColumn:
    """A ModelAdmin mixin for documents: "Lượt tải", the downloads of all their files."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(counted_downloads=Coalesce(Sum("attachments__download_total__downloads"), 0))
        )

    def get_list_display(self, request):
        return (*super().get_list_display(request), "downloads_column")

    @admin.display(description="lượt tải", ordering="counted_downloads")
    def downloads_column(self, obj):
        return so_dem(obj.counted_downloads)


@admin.register(SiteDailyStats)
class SiteReportAdmin(admin.ModelAdmin):
    """The report page ("Báo cáo truy cập") in place of a list of raw per-shard rows.

    Rows are written only by counters.services, so nobody adds, edits or deletes them
    here; seeing the report needs the "view" permission on these statistics.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # The changelist name keeps the admin index and breadcrumbs pointing at the report.
        return [
            path(
                "",
                self.admin_site.admin_view(self.report_view),
                name="counters_sitedailystats_changelist",
            ),
            path(
                "xuat-csv/",
                self.admin_site.admin_view(self.csv_view),
                name="counters_report_csv",
            ),
            path(
                "xuat-csv-theo-ngay/",
                self.admin_site.admin_view(self.daily_csv_view),
                name="counters_report_daily_csv",
            ),
        ]

    def _context(self, request):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Báo cáo lượt xem và lượt truy cập",
        }

    def _check_view_permission(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def report_view(self, request):
        self._check_view_permission(request)
        return views.report_view(request, self._context(request), self._sites(request))

    def csv_view(self, request):
        self._check_view_permission(request)
        return views.report_csv(request, self._context(request), self._sites(request))

    def daily_csv_view(self, request):
        self._check_view_permission(request)
        return views.report_daily_csv(request, self._context(request), self._sites(request))

    def _sites(self, request):
        # Only the sites this staff member works on (all of them for superusers).
        return list(editable_sites(request.user))
