"""The article date, shown exactly like the original portal: "07 Tháng Tư 2014 10:45:00 SA"."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from news.templatetags.news_tags import ngay_gio
from tests.factories import make_article
from tests.html_rules import invalid_datetimes

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _vn(*args):
    """Return an aware datetime read as wall-clock time in Ho Chi Minh City."""
    return datetime(*args, tzinfo=PORTAL_TZ)


def test_original_page_date():
    """The original article's publish time reads exactly as on the old portal."""
    assert ngay_gio(_vn(2014, 4, 7, 10, 45, 0)) == "07 Tháng Tư 2014 10:45:00 SA"


def test_morning_is_sa():
    """A morning time keeps its hour and ends with SA."""
    assert ngay_gio(_vn(2020, 1, 2, 9, 5, 7)) == "02 Tháng Một 2020 09:05:07 SA"


def test_afternoon_is_ch_on_twelve_hour_clock():
    """15:05:09 shows as 03:05:09 CH."""
    assert ngay_gio(_vn(2020, 1, 2, 15, 5, 9)) == "02 Tháng Một 2020 03:05:09 CH"


def test_midnight_is_twelve_sa():
    """Midnight shows as 12:00:00 SA."""
    assert ngay_gio(_vn(2020, 1, 2, 0, 0, 0)) == "02 Tháng Một 2020 12:00:00 SA"


def test_noon_is_twelve_ch():
    """Noon shows as 12:00:00 CH."""
    assert ngay_gio(_vn(2020, 1, 2, 12, 0, 0)) == "02 Tháng Một 2020 12:00:00 CH"


def test_last_second_before_noon_is_sa():
    """11:59:59 is still morning."""
    assert ngay_gio(_vn(2020, 1, 2, 11, 59, 59)) == "02 Tháng Một 2020 11:59:59 SA"


def test_last_second_of_day_is_ch():
    """23:59:59 shows as 11:59:59 CH."""
    assert ngay_gio(_vn(2020, 12, 31, 23, 59, 59)) == "31 Tháng Mười Hai 2020 11:59:59 CH"


@pytest.mark.parametrize(
    ("month", "name"),
    [
        (1, "Một"),
        (2, "Hai"),
        (3, "Ba"),
        (4, "Tư"),
        (5, "Năm"),
        (6, "Sáu"),
        (7, "Bảy"),
        (8, "Tám"),
        (9, "Chín"),
        (10, "Mười"),
        (11, "Mười Một"),
        (12, "Mười Hai"),
    ],
)
def test_every_month_name(month, name):
    """Each month has its Vietnamese name after "Tháng"."""
    assert ngay_gio(_vn(2014, month, 7, 10, 45)) == f"07 Tháng {name} 2014 10:45:00 SA"


def test_utc_time_is_converted_to_portal_time_zone():
    """A datetime given in UTC is shown in Ho Chi Minh City time (UTC+7)."""
    assert ngay_gio(datetime(2014, 4, 7, 3, 45, tzinfo=UTC)) == "07 Tháng Tư 2014 10:45:00 SA"


def test_utc_evening_rolls_over_to_next_local_day():
    """20:30 UTC on the 31st of December is 03:30 SA on the 1st of January local time."""
    assert ngay_gio(datetime(2019, 12, 31, 20, 30, tzinfo=UTC)) == "01 Tháng Một 2020 03:30:00 SA"


def test_shown_in_portal_zone_even_when_another_zone_is_active():
    """The portal time zone is used even if a request activated another one."""
    with timezone.override(ZoneInfo("Europe/Paris")):
        assert ngay_gio(_vn(2014, 4, 7, 10, 45)) == "07 Tháng Tư 2014 10:45:00 SA"


def test_naive_datetime_is_read_as_portal_time():
    """A naive datetime is taken as portal wall-clock time, not UTC."""
    assert ngay_gio(datetime(2014, 4, 7, 22, 15, 30)) == "07 Tháng Tư 2014 10:15:30 CH"


@pytest.mark.parametrize("value", [None, "", "2014-04-07", 42])
def test_non_datetime_gives_empty_string(value):
    """Anything that is not a datetime renders as nothing rather than failing."""
    assert ngay_gio(value) == ""


def test_filter_is_usable_in_templates():
    """The filter is registered as `ngay_gio` in the news_tags library."""
    rendered = Template("{% load news_tags %}{{ when|ngay_gio }}").render(
        Context({"when": _vn(2014, 4, 7, 10, 45)})
    )
    assert rendered == "07 Tháng Tư 2014 10:45:00 SA"


@pytest.mark.django_db
def test_article_page_shows_the_stored_time_in_original_format(client, time_machine):
    """An article stored in UTC shows on its page in portal time, original format."""
    time_machine.move_to(datetime(2024, 6, 1, 8, 0, tzinfo=UTC), tick=False)
    article = make_article(publish_at=datetime(2014, 4, 7, 8, 5, 9, tzinfo=UTC))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "07 Tháng Tư 2014 03:05:09 CH" in html


@pytest.mark.django_db
def test_times_saved_with_microseconds_are_valid_html_datetimes(client, time_machine):
    """Articles published by code (microseconds, as timezone.now() gives) show on home, the
    category and the article with <time datetime> values of whole seconds, as HTML wants."""
    time_machine.move_to(datetime(2026, 12, 1, 8, 0, tzinfo=UTC), tick=False)
    older = make_article(publish_at=datetime(2026, 11, 30, 3, 0, 0, 117825, tzinfo=UTC))
    newer = make_article(
        category=older.category, publish_at=datetime(2026, 11, 30, 4, 0, 0, 5, tzinfo=UTC)
    )
    for url in (reverse("news:home"), older.category.get_absolute_url(), newer.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "2026-11-30T11:00:00+07:00" in html, url
        assert invalid_datetimes(html) == [], url
