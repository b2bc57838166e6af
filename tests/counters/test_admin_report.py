"""Admin: the views column on the article list, the report page, its chart and CSV export."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from counters import services
from counters.views import MAX_PERIOD_DAYS, UTF8_BOM, chart
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# Report "today": mid-morning local time, far from midnight so days never shift.
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)
REPORT_URL = "admin:counters_sitedailystats_changelist"
CSV_URL = "admin:counters_report_csv"


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _on(day, hour=9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL)


def _views(article, count, day=TODAY, visits=False):
    for _ in range(count):
        services.record_view(article.site_id, article.pk, count_visit=visits, now=_on(day))


@pytest.fixture
def reporter(client):
    user = make_user(staff=True, perms=["counters.view_sitedailystats"])
    client.force_login(user)
    return client


def _csv_rows(response):
    text = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix(UTF8_BOM))))


# Access


def test_report_redirects_anonymous_to_admin_login(client):
    """An anonymous visitor is sent to the admin sign-in page, not shown figures."""
    response = client.get(reverse(REPORT_URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_report_forbidden_to_staff_without_counters_permission(client):
    """Staff without the counters view permission get 403."""
    client.force_login(make_user(staff=True, perms=["news.change_article"]))
    assert client.get(reverse(REPORT_URL)).status_code == 403


def test_csv_forbidden_to_staff_without_counters_permission(client):
    """The CSV export checks the same permission as the page."""
    client.force_login(make_user(staff=True, perms=["news.change_article"]))
    assert client.get(reverse(CSV_URL)).status_code == 403


def test_report_renders_for_staff_with_permission(reporter):
    """Staff holding the counters view permission see the chart and the top list."""
    article = make_article(title="Hội nghị giao ban quý I")
    _views(article, 3)
    response = reporter.get(reverse(REPORT_URL))
    assert response.status_code == 200
    assert "Báo cáo lượt xem và lượt truy cập" in response.text
    assert "<svg" in response.text
    assert "Hội nghị giao ban quý I" in response.text


def test_admin_index_links_to_report(reporter):
    """The admin index lists the counters app with a link to the report."""
    response = reporter.get(reverse("admin:index"))
    assert reverse(REPORT_URL) in response.text


# Period form


def test_default_period_is_last_30_days(reporter):
    """Without a query string the top list covers the 30 days ending today."""
    response = reporter.get(reverse(REPORT_URL))
    form = response.context["form"]
    assert form.cleaned_data["tu_ngay"] == TODAY - timedelta(days=29)
    assert form.cleaned_data["den_ngay"] == TODAY


def test_start_after_end_is_a_form_error(reporter):
    """A period that ends before it starts shows an error message, not a 500."""
    response = reporter.get(
        reverse(REPORT_URL), {"tu_ngay": "2026-11-10", "den_ngay": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "“Từ ngày” phải trước hoặc bằng “Đến ngày”." in response.text
    assert response.context["top_articles"] is None


def test_malformed_date_is_a_form_error(reporter):
    """Text that is not a date is reported on the field, with status 200."""
    response = reporter.get(reverse(REPORT_URL), {"tu_ngay": "hôm qua", "den_ngay": "2026-13-45"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"tu_ngay", "den_ngay"}


def test_missing_date_is_a_form_error(reporter):
    """A period with only one end is refused, not guessed."""
    response = reporter.get(reverse(REPORT_URL), {"tu_ngay": "2026-11-01"})
    assert "den_ngay" in response.context["form"].errors


def test_overlong_period_is_a_form_error(reporter):
    """A period longer than the maximum is refused with a message."""
    start = TODAY - timedelta(days=MAX_PERIOD_DAYS)
    response = reporter.get(
        reverse(REPORT_URL), {"tu_ngay": start.isoformat(), "den_ngay": TODAY.isoformat()}
    )
    assert f"Khoảng thời gian tối đa là {MAX_PERIOD_DAYS} ngày" in response.text


def test_csv_with_bad_dates_shows_the_form_errors(reporter):
    """The CSV link with a bad period answers the report page with errors, not a file."""
    response = reporter.get(reverse(CSV_URL), {"tu_ngay": "2026-11-10", "den_ngay": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "den_ngay" in response.context["form"].errors


# Top articles of a period


def test_top_articles_ranked_by_views_in_period(reporter):
    """Articles are ranked by their views inside the period, most first."""
    few, many = make_article(title="Ít người xem"), make_article(title="Nhiều người xem")
    _views(few, 2, day=TODAY - timedelta(days=1))
    _views(many, 5, day=TODAY - timedelta(days=2))
    response = reporter.get(
        reverse(REPORT_URL), {"tu_ngay": "2026-11-15", "den_ngay": "2026-11-20"}
    )
    ranked = [(row.title, row.views) for row in response.context["top_articles"]]
    assert ranked == [("Nhiều người xem", 5), ("Ít người xem", 2)]


def test_top_articles_ignore_views_outside_period(reporter):
    """Views before the period's first day do not count towards it."""
    old_hit, recent = make_article(title="Hot tháng trước"), make_article(title="Mới")
    _views(old_hit, 10, day=date(2026, 10, 1))
    _views(old_hit, 1, day=date(2026, 11, 18))
    _views(recent, 2, day=date(2026, 11, 18))
    response = reporter.get(
        reverse(REPORT_URL), {"tu_ngay": "2026-11-15", "den_ngay": "2026-11-20"}
    )
    ranked = [(row.title, row.views, row.total_views) for row in response.context["top_articles"]]
    assert ranked == [("Mới", 2, 2), ("Hot tháng trước", 1, 11)]


# CSV export


def test_csv_starts_with_bom_and_vietnamese_header(reporter):
    """The file opens in Excel as UTF-8: a BOM, then the Vietnamese header row."""
    response = reporter.get(reverse(CSV_URL), {"tu_ngay": "2026-11-01", "den_ngay": "2026-11-20"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(UTF8_BOM.encode("utf-8"))
    assert _csv_rows(response)[0] == [
        "Hạng",
        "Mã bài",
        "Tiêu đề",
        "Chuyên mục",
        "Thời điểm xuất bản",
        "Lượt xem từ 01/11/2026 đến 20/11/2026",
        "Tổng lượt xem",
    ]


def test_csv_lists_a_known_articles_count(reporter):
    """A known article appears with its views in the period and its all-time total."""
    article = make_article(title="Đại hội Chi bộ khu phố 3")
    _views(article, 4, day=date(2026, 11, 19))
    _views(article, 3, day=date(2026, 10, 2))
    response = reporter.get(reverse(CSV_URL), {"tu_ngay": "2026-11-01", "den_ngay": "2026-11-20"})
    rows = _csv_rows(response)
    assert rows[1][:3] == ["1", str(article.pk), "Đại hội Chi bộ khu phố 3"]
    assert rows[1][5:] == ["4", "7"]
    assert len(rows) == 2


def test_csv_filename_names_the_period(reporter):
    """The download is named after the period it covers."""
    response = reporter.get(reverse(CSV_URL), {"tu_ngay": "2026-11-01", "den_ngay": "2026-11-20"})
    assert 'filename="bai-xem-nhieu_20261101_20261120.csv"' in response["Content-Disposition"]


def test_csv_defuses_formula_titles(reporter):
    """A title Excel would run as a formula is written as text (leading apostrophe)."""
    article = make_article(title='=HYPERLINK("http://example.com")')
    _views(article, 1)
    response = reporter.get(reverse(CSV_URL), {"tu_ngay": "2026-11-01", "den_ngay": "2026-11-20"})
    assert _csv_rows(response)[1][2] == '\'=HYPERLINK("http://example.com")'


# Chart


def test_chart_covers_30_days_with_empty_days_as_zero(reporter):
    """The chart has one point per day of the last 30, zero where nothing was counted."""
    article = make_article()
    _views(article, 3, day=TODAY, visits=True)
    _views(article, 2, day=TODAY - timedelta(days=29))
    _views(article, 5, day=TODAY - timedelta(days=30))  # one day too old for the chart
    days = reporter.get(reverse(REPORT_URL)).context["chart"]["days"]
    assert [d.day for d in days] == [TODAY - timedelta(days=29 - i) for i in range(30)]
    assert [(d.views, d.visits) for d in days] == [(2, 0)] + [(0, 0)] * 28 + [(3, 3)]


def test_chart_bar_heights_are_proportional(reporter):
    """A day with twice the views draws a bar twice as tall; an empty day draws none."""
    article = make_article()
    _views(article, 2, day=TODAY - timedelta(days=1))
    _views(article, 4, day=TODAY)
    points = reporter.get(reverse(REPORT_URL)).context["chart"]["points"]
    assert points[-1]["views"].height == pytest.approx(2 * points[-2]["views"].height)
    assert points[0]["views"].height == 0


def test_chart_of_no_data_draws_flat_bars():
    """With no counts at all the chart still draws, every bar of height 0."""
    empty = [services.DayStats(TODAY - timedelta(days=i), 0, 0) for i in range(30)]
    drawn = chart(empty)
    assert len(drawn["points"]) == 30
    assert {p["views"].height for p in drawn["points"]} == {0}


# Article list column


def test_article_list_sorts_by_views(client):
    """The article list has a "lượt xem" column that sorts by the stored totals."""
    user = make_user(superuser=True)
    client.force_login(user)
    quiet, popular, unseen = make_article(), make_article(), make_article()
    _views(quiet, 1)
    _views(popular, 3)
    url = reverse("admin:news_article_changelist")
    # "o" is the column's position in the list as the admin builds it (checkbox included).
    column = client.get(url).context["cl"].list_display.index("views_column")
    response = client.get(url, {"o": f"-{column}"})
    shown = [a.pk for a in response.context["cl"].result_list]
    assert shown == [popular.pk, quiet.pk, unseen.pk]
    assert [a.counted_views for a in response.context["cl"].result_list] == [3, 1, 0]


def test_chart_coordinates_are_not_localized(reporter):
    """SVG coordinates use a decimal point even though the admin speaks Vietnamese."""
    article = make_article()
    _views(article, 3)
    _views(article, 7, day=TODAY - timedelta(days=1))
    html = reporter.get(reverse(REPORT_URL)).text
    rects = re.findall(r'<rect class="counters-chart__bar--views" ([^>]*)>', html)
    assert len(rects) == 30
    for attributes in rects:
        assert re.fullmatch(r'(\w+="\d+(\.\d+)?" ?){4}', attributes.strip()), attributes


def test_daily_csv_lists_every_day_of_the_period(reporter):
    """The per-day CSV has one row per day of the period, 0 where nothing was counted."""
    article = make_article()
    _views(article, 2, day=date(2026, 11, 18), visits=True)
    _views(article, 1, day=date(2026, 11, 20))
    response = reporter.get(
        reverse("admin:counters_report_daily_csv"),
        {"tu_ngay": "2026-11-18", "den_ngay": "2026-11-20"},
    )
    assert response.content.startswith(UTF8_BOM.encode("utf-8"))
    assert _csv_rows(response) == [
        ["Ngày", "Lượt xem bài viết", "Lượt truy cập"],
        ["18/11/2026", "2", "2"],
        ["19/11/2026", "0", "0"],
        ["20/11/2026", "1", "0"],
    ]


def test_daily_csv_forbidden_to_staff_without_counters_permission(client):
    """The per-day CSV checks the same permission as the page."""
    client.force_login(make_user(staff=True, perms=["news.change_article"]))
    assert client.get(reverse("admin:counters_report_daily_csv")).status_code == 403
