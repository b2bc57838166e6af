"""Engagement in the admin: notices (with the 7-working-day warning), links, the ratings
report. Every list is scoped to the sites the staff member works on."""

import csv
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from reversion.admin import VersionAdmin

from counters.views import PeriodForm, period_form, report_scope
from multisite.access import editable_sites
from multisite.admin_scope import SiteScopedAdmin
from news.forms import CoverImageField, NamedSplitDateTime

from . import reports
from .charts import ratings_chart
from .models import DowntimeNotice, Link, Rating
from .notices import REQUIRED_WORKING_DAYS, notice_lead, short_notice_warning
from .targets import RATEABLE

ITEMS_ON_PAGE = 50
ITEMS_IN_CSV = 5000
COMMENTS_ON_PAGE = 200
COMMENTS_IN_CSV = 20000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # CSV injection, as counters.views
UTF8_BOM = "\ufeff"


class DowntimeNoticeForm(forms.ModelForm):
    class Meta:
        model = DowntimeNotice
        fields = ("site", "message", "show_from", "stop_at", "restore_at", "on_components")
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3}),
            "show_from": NamedSplitDateTime("bắt đầu hiển thị"),
            "stop_at": NamedSplitDateTime("ngừng hoạt động"),
            "restore_at": NamedSplitDateTime("hoạt động lại"),
        }


@admin.register(DowntimeNotice)
class DowntimeNoticeAdmin(SiteScopedAdmin, VersionAdmin):
    form = DowntimeNoticeForm
    list_display = (
        "__str__",
        "site",
        "show_from",
        "stop_at",
        "restore_at",
        "on_components",
        "state",
        "lead_column",
    )
    list_filter = ("site", "on_components")
    list_select_related = ("site",)
    search_fields = ("message",)
    date_hierarchy = "stop_at"

    def get_readonly_fields(self, request, obj=None):
        # A notice stays on its site: moving it would leave the old site's pages stale.
        return ("site",) if obj is not None and obj.pk else ()

    @admin.display(description="tình trạng")
    def state(self, obj):
        now = timezone.now()
        if obj.restore_at <= now:
            return "Đã kết thúc"
        if obj.show_from <= now:
            return "Đang hiển thị"
        return "Chưa đến lúc hiển thị"

    @admin.display(description=f"báo trước đủ {REQUIRED_WORKING_DAYS} ngày làm việc", boolean=True)
    def lead_column(self, obj):
        return notice_lead(obj, min(timezone.now(), obj.show_from)) >= REQUIRED_WORKING_DAYS

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warning = short_notice_warning(obj)
        if warning:
            messages.warning(request, warning)


def _https_by_default(db_field, **kwargs):
    if db_field.name == "url":
        kwargs["assume_scheme"] = "https"  # an address typed without one
    return db_field.formfield(**kwargs)


class LinkForm(forms.ModelForm):
    class Meta:
        model = Link
        fields = ("site", "title", "url", "logo", "position", "shown")
        field_classes = {"logo": CoverImageField}
        formfield_callback = _https_by_default


@admin.register(Link)
class LinkAdmin(SiteScopedAdmin, VersionAdmin):
    form = LinkForm
    list_display = ("title", "url", "site", "position", "shown")
    list_display_links = ("title",)
    list_editable = ("position", "shown")
    list_filter = ("site", "shown")
    list_select_related = ("site",)
    search_fields = ("title", "url")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _cell(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(UTF8_BOM)
    return response, csv.writer(response)


class RatingPeriodForm(PeriodForm):
    """The period form of the ratings report, with the kind of item to report on."""

    noi_dung = forms.ChoiceField(
        label="Nội dung",
        required=False,
        choices=[("", "Tất cả"), *((label, kind.name) for label, kind in RATEABLE.items())],
        error_messages={"invalid_choice": "Hãy chọn một loại nội dung trong danh sách."},
    )


@admin.register(Rating)
class RatingReportAdmin(admin.ModelAdmin):
    """The report ("Đánh giá của bạn đọc") in place of a list of raw ratings.

    Ratings are written by readers only: nobody adds, changes or deletes them here; the
    report needs the "view" permission on ratings, and shows only the user's sites.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.report_view), name="engagement_rating_changelist"),
            path("xuat-csv/", view(self.items_csv_view), name="engagement_rating_csv"),
            path("gop-y/", view(self.comments_view), name="engagement_rating_comments"),
            path(
                "gop-y/xuat-csv/",
                view(self.comments_csv_view),
                name="engagement_rating_comments_csv",
            ),
        ]

    def _prepare(self, request, title):
        """Return (the page's context, its Scope, or None when the form is invalid)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        sites = list(editable_sites(request.user))
        form = period_form(request, sites, RatingPeriodForm)
        valid = form.is_valid()
        site, site_ids = report_scope(request, form)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "site": site,
        }
        if not valid:
            return context, None
        cleaned = form.cleaned_data
        kind = cleaned["noi_dung"]
        content_type_id, object_id = _item(request)
        if content_type_id is None and kind:
            content_type_id = reports.kind_content_type(kind)
        scope = Scope(site_ids, cleaned["tu_ngay"], cleaned["den_ngay"], content_type_id, object_id)
        query = {"tu_ngay": scope.start.isoformat(), "den_ngay": scope.end.isoformat()}
        if site is not None:
            query["trang"] = site.pk
        if kind:
            query["noi_dung"] = kind
        context.update(
            start=scope.start,
            end=scope.end,
            query=urlencode(query),
            item=scope.item(),
        )
        return context, scope

    def report_view(self, request):
        context, scope = self._prepare(request, "Đánh giá của bạn đọc")
        if scope is not None:
            days = reports.day_results(*scope.narrowed())
            context.update(
                items=scope.items(ITEMS_ON_PAGE),
                chart=ratings_chart(days),
                total_useful=sum(d.useful for d in days),
                total_not_useful=sum(d.not_useful for d in days),
                items_limit=ITEMS_ON_PAGE,
            )
        return TemplateResponse(request, "admin/engagement/report.html", context)

    def items_csv_view(self, request):
        _context, scope = self._prepare(request, "Đánh giá của bạn đọc")
        if scope is None:
            return self.report_view(request)
        start, end = scope.start, scope.end
        response, writer = _csv(f"danh-gia_{start:%Y%m%d}_{end:%Y%m%d}.csv")
        writer.writerow(
            ["Loại", "Mã nội dung", "Tiêu đề", "Địa chỉ", "Hữu ích", "Không hữu ích",
             "Tỉ lệ hữu ích (%)", "Số góp ý", f"Lượt xem từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"]
        )  # fmt: skip
        for item in scope.items(ITEMS_IN_CSV):
            writer.writerow(
                [item.kind, item.object_id, _cell(item.title or "(đã xóa)"), item.url,
                 item.useful, item.not_useful, item.useful_percent, item.comments,
                 "" if item.views is None else item.views]
            )  # fmt: skip
        return response

    def comments_view(self, request):
        context, scope = self._prepare(request, "Góp ý của bạn đọc")
        if scope is not None:
            rows = reports.comments(*scope.narrowed(COMMENTS_ON_PAGE))
            context.update(rows=rows, limit=COMMENTS_ON_PAGE)
        return TemplateResponse(request, "admin/engagement/comments.html", context)

    def comments_csv_view(self, request):
        _context, scope = self._prepare(request, "Góp ý của bạn đọc")
        if scope is None:
            return self.comments_view(request)
        rows = reports.comments(*scope.narrowed(COMMENTS_IN_CSV))
        items = reports.describe(
            [reports.ItemResult(r.content_type_id, r.object_id, 0, 0, 0) for r in rows],
            scope.start,
            scope.end,
        )
        response, writer = _csv(f"gop-y_{scope.start:%Y%m%d}_{scope.end:%Y%m%d}.csv")
        writer.writerow(["Ngày", "Loại", "Mã nội dung", "Tiêu đề", "Hữu ích", "Góp ý"])
        for row, item in zip(rows, items, strict=True):
            writer.writerow(
                [f"{row.day:%d/%m/%Y}", item.kind, row.object_id,
                 _cell(item.title or "(đã xóa)"), "Có" if row.useful else "Không",
                 _cell(row.comment)]
            )  # fmt: skip
        return response


def _item(request):
    """Return (content type id, object id) of the one item `loai` and `ma` name, or Nones."""
    try:
        return int(request.GET.get("loai", "")), int(request.GET.get("ma", ""))
    except ValueError:
        return None, None


@dataclass(frozen=True)
class Scope:
    """What a report covers: a site family, a period, and all items, one kind or one item."""

    site_ids: list
    start: date
    end: date
    content_type_id: int | None = None
    object_id: int | None = None

    def narrowed(self, *between):
        """Return the arguments of a reports function over this scope."""
        return (self.site_ids, self.start, self.end, *between, self.content_type_id,
                self.object_id)  # fmt: skip

    def items(self, limit):
        return reports.describe(reports.item_results(*self.narrowed(limit)), self.start, self.end)

    def item(self):
        """Return the one item reported on, described, or None."""
        if self.object_id is None:
            return None
        found = reports.ItemResult(self.content_type_id, self.object_id, 0, 0, 0)
        return reports.describe([found], self.start, self.end)[0]
