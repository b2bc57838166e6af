"""The admin report: daily views and visits over 30 days, top articles of a period, CSV.

Reached through ``counters.admin.SiteReportAdmin`` (admin login and the counters view
permission are checked there). The chart is an SVG drawn here on the server, so the page
needs no script at all and no third-party chart library or CDN.
"""

import csv
import math
from dataclasses import dataclass

from django import forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from multisite.sites import tree

from . import downloads, reports
from .services import daily_site_stats, site_totals

TOP_ARTICLES_ON_PAGE = 50
TOP_ARTICLES_IN_CSV = 5000
MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 30
# Leading characters that make Excel treat a cell as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel opens a CSV as UTF-8 (Vietnamese intact) only when it starts with a BOM.
UTF8_BOM = "\ufeff"

# Chart geometry, in SVG user units (the SVG scales to the page width).
CHART_WIDTH = 760
CHART_HEIGHT = 260
CHART_LEFT = 56
CHART_RIGHT = 8
CHART_TOP = 12
CHART_BOTTOM = 36
CHART_GRID_LINES = 4
CHART_LABEL_EVERY = 5


class PeriodForm(forms.Form):
    trang = forms.TypedChoiceField(label="Trang", coerce=int, required=False)
    tu_ngay = forms.DateField(
        label="Từ ngày",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2026-11-30)."},
    )
    den_ngay = forms.DateField(
        label="Đến ngày",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2026-11-30)."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start and end:
            if start > end:
                raise forms.ValidationError("“Từ ngày” phải trước hoặc bằng “Đến ngày”.")
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    f"Khoảng thời gian tối đa là {MAX_PERIOD_DAYS} ngày; hãy chọn ngắn hơn."
                )
        return cleaned

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {site.pk: site for site in sites}
        self.fields["trang"].choices = [(pk, site.name) for pk, site in self.sites.items()]

    def chosen_site(self, default):
        """Return the site the report is about: the one chosen, else `default`."""
        chosen = self.cleaned_data.get("trang") if hasattr(self, "cleaned_data") else None
        return self.sites.get(chosen) or default


def period_form(request, sites, form_class=PeriodForm):
    """Return the bound period form: the query string if given, else the last 30 days (and
    whatever else of the form the query string gives, such as the site)."""
    if "tu_ngay" in request.GET or "den_ngay" in request.GET:
        return form_class(request.GET, sites=sites)
    start, end = reports.last_days(DEFAULT_PERIOD_DAYS)
    data = {"tu_ngay": start.isoformat(), "den_ngay": end.isoformat()}
    for name in form_class.base_fields:
        if name not in data and name in request.GET:
            data[name] = request.GET[name]
    return form_class(data, sites=sites)


def report_scope(request, form):
    """Return (the site reported on, the ids its figures cover: itself and, for a
    province portal, its component sites)."""
    default = request.site if request.site and request.site.pk in form.sites else None
    if default is None and form.sites:
        default = next(iter(form.sites.values()))
    site = form.chosen_site(default)
    if site is None:
        return None, []
    return site, tree().family(site.pk)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int


def _nice_ceiling(value):
    """Return the smallest 1, 2 or 5 x 10^k that is >= value (at least 4 for 4 grid lines)."""
    if value <= CHART_GRID_LINES:
        return CHART_GRID_LINES
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def chart(days):
    """Return everything the SVG template draws for a list of DayStats."""
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    baseline = CHART_TOP + plot_height
    top = _nice_ceiling(max([d.views for d in days] + [d.visits for d in days] + [0]))
    slot = plot_width / max(len(days), 1)
    bar_width = slot * 0.4

    def bar(x, value):
        height = plot_height * value / top
        return Bar(round(x, 1), round(baseline - height, 1), round(bar_width, 1),
                   round(height, 1), value)  # fmt: skip

    points = []
    for i, day in enumerate(days):
        left = CHART_LEFT + i * slot + slot * 0.1
        points.append(
            {
                "day": day.day,
                "views": bar(left, day.views),
                "visits": bar(left + bar_width, day.visits),
                "label_x": round(CHART_LEFT + (i + 0.5) * slot, 1),
                "labelled": i % CHART_LABEL_EVERY == 0 or i == len(days) - 1,
            }
        )
    grid = [
        {"y": round(baseline - plot_height * n / CHART_GRID_LINES, 1),
         "value": top * n // CHART_GRID_LINES}
        for n in range(CHART_GRID_LINES + 1)
    ]  # fmt: skip
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "baseline": baseline,
        "label_y": baseline + 18,
        "grid": grid,
        "points": points,
        "days": days,
        "total_views": sum(d.views for d in days),
        "total_visits": sum(d.visits for d in days),
    }


def report_view(request, context, sites):
    """Return the report page; `context` is the admin's each_context plus titles."""
    start, end = reports.last_days(reports.CHART_DAYS)
    form = period_form(request, sites)
    top = None
    valid = form.is_valid()
    site, site_ids = report_scope(request, form)
    if valid:
        top = reports.top_articles(
            form.cleaned_data["tu_ngay"],
            form.cleaned_data["den_ngay"],
            TOP_ARTICLES_ON_PAGE,
            site_ids,
        )
    context.update(
        form=form,
        site=site,
        site_totals=site_totals([site.pk]) if site else None,
        family_totals=site_totals(site_ids) if len(site_ids) > 1 else None,
        chart=chart(daily_site_stats(start, end, site_ids)),
        chart_start=start,
        chart_end=end,
        top_articles=top,
        top_limit=TOP_ARTICLES_ON_PAGE,
        top_documents=downloads.top_documents(site_ids),
    )
    return TemplateResponse(request, "admin/counters/report.html", context)


def _cell(value):
    """Return value as a CSV cell Excel shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_response(filename):
    """Return an empty CSV download that Excel opens as UTF-8, and a writer into it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(UTF8_BOM)
    return response, csv.writer(response)


def report_csv(request, context, sites):
    """Return the top articles of the chosen period as CSV, or the report page on errors."""
    form = period_form(request, sites)
    if not form.is_valid():
        return report_view(request, context, sites)
    _site, site_ids = report_scope(request, form)
    start, end = form.cleaned_data["tu_ngay"], form.cleaned_data["den_ngay"]
    response, writer = _csv_response(f"bai-xem-nhieu_{start:%Y%m%d}_{end:%Y%m%d}.csv")
    writer.writerow(
        [
            "Hạng",
            "Mã bài",
            "Tiêu đề",
            "Chuyên mục",
            "Thời điểm xuất bản",
            f"Lượt xem từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
            "Tổng lượt xem",
        ]
    )
    for row in reports.top_articles(start, end, TOP_ARTICLES_IN_CSV, site_ids):
        writer.writerow(
            [
                row.rank,
                row.article_id,
                _cell(row.title),
                _cell(row.category),
                f"{timezone.localtime(row.publish_at):%d/%m/%Y %H:%M}",
                row.views,
                row.total_views,
            ]
        )
    return response


def report_daily_csv(request, context, sites):
    """Return the site's views and visits per day of the chosen period as CSV."""
    form = period_form(request, sites)
    if not form.is_valid():
        return report_view(request, context, sites)
    _site, site_ids = report_scope(request, form)
    start, end = form.cleaned_data["tu_ngay"], form.cleaned_data["den_ngay"]
    response, writer = _csv_response(f"luot-truy-cap-theo-ngay_{start:%Y%m%d}_{end:%Y%m%d}.csv")
    writer.writerow(["Ngày", "Lượt xem bài viết", "Lượt truy cập"])
    for day in daily_site_stats(start, end, site_ids):
        writer.writerow([f"{day.day:%d/%m/%Y}", day.views, day.visits])
    return response
