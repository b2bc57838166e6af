"""Planned-downtime notices: the banner, its times on cached pages, components, the
7-working-day warning in the admin."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sites.models import Site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from engagement.models import DowntimeNotice
from engagement.notices import next_notice_change, notices_of, working_days_between
from tests.engagement.conftest import reader
from tests.factories import FIRST_SITE_ID, make_article, make_site, make_user
from tests.html_rules import invalid_datetimes

pytestmark = pytest.mark.django_db

# Monday 30 November 2026, 10:00 in Hồ Chí Minh City.
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
BANNER = "Thông báo tạm ngừng hoạt động:"


def notice(site_id=FIRST_SITE_ID, show_in=timedelta(hours=1), stop_in=timedelta(days=14),
           hours=4, **fields):  # fmt: skip
    """Return a saved notice shown from NOW + show_in, stopping at NOW + stop_in."""
    return DowntimeNotice.objects.create(
        site_id=site_id,
        message=fields.pop("message", "Cổng tạm ngừng để nâng cấp máy chủ."),
        show_from=NOW + show_in,
        stop_at=NOW + stop_in,
        restore_at=NOW + stop_in + timedelta(hours=hours),
        **fields,
    )


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def request_on(site):
    """Return a reader's request answered for `site`."""
    request = RequestFactory().get("/")
    request.site = site
    return request


def home(client=None, host="testserver"):
    return (client or reader()).get(reverse("news:home"), HTTP_HOST=host)


def test_banner_shows_the_text_and_both_times(clock):
    """From its show time the banner gives the text, the stop and the restore time."""
    notice(show_in=-timedelta(minutes=1))
    html = home().content.decode()
    assert BANNER in html
    assert "Cổng tạm ngừng để nâng cấp máy chủ." in html
    # 14 days after 10:00 on 30/11, for four hours, in Vietnamese time.
    assert "10:00 ngày 14/12/2026" in html and "14:00 ngày 14/12/2026" in html


def test_banner_times_are_valid_html_datetimes(clock):
    """A notice saved with microseconds (made in code, as timezone.now() gives) still gives
    <time datetime> values HTML accepts, in Vietnamese and on /en/: the Nu checker refuses
    six digits of a second."""
    notice(show_in=-timedelta(minutes=1), stop_in=timedelta(days=14, microseconds=117825))
    for response in (home(), english_home()):
        html = response.content.decode()
        assert "2026-12-14T10:00:00+07:00" in html and "2026-12-14T14:00:00+07:00" in html
        assert invalid_datetimes(html) == []


def test_no_banner_before_the_show_time(clock):
    """A notice not yet due shows nowhere."""
    notice(show_in=timedelta(hours=1))
    assert BANNER not in home().content.decode()


def test_banner_is_on_every_public_page(clock):
    """Article, category, search and the 404 page all carry the banner."""
    article = make_article()
    notice(show_in=-timedelta(minutes=1))
    for url in (
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        reverse("news:search") + "?q=bai",
        "/khong-co-trang-nay/",
    ):
        assert BANNER in reader().get(url).content.decode(), url


def test_cached_page_shows_the_notice_at_its_show_time_and_drops_it_at_restore(clock):
    """A page cached before a notice is due gains the banner at show_from and loses it at
    restore_at, without any save in between."""
    notice(show_in=timedelta(seconds=30), stop_in=timedelta(seconds=40), hours=0.01)
    first = home()
    assert BANNER not in first.content.decode()
    assert home().from_page_cache  # kept, but only until the notice is due
    clock.move_to(NOW + timedelta(seconds=31))
    shown = home()
    assert not getattr(shown, "from_page_cache", False)
    assert BANNER in shown.content.decode()
    assert home().from_page_cache
    clock.move_to(NOW + timedelta(seconds=40 + 37))  # restore at 40 s + 36 s
    assert BANNER not in home().content.decode()


def test_saving_a_notice_shows_it_at_once_on_a_cached_page(clock):
    """A notice already due, saved while the home page is cached, shows on the next view."""
    home()
    assert home().from_page_cache
    notice(show_in=-timedelta(minutes=1))
    assert BANNER in home().content.decode()


def test_province_notice_for_components_shows_on_them_even_when_cached(clock):
    """A province notice flagged for its components shows on a ward's cached page at once."""
    province = make_site("tinh.test")
    ward = make_site("phuong.test", parent=province)
    home(host="phuong.test")
    assert home(host="phuong.test").from_page_cache
    notice(province.pk, show_in=-timedelta(minutes=1), on_components=True)
    assert BANNER in home(host="phuong.test").content.decode()
    assert BANNER in home(host="tinh.test").content.decode()
    assert [n.site_id for n in notices_of(request_on(ward))] == [province.pk]


def test_province_notice_without_the_flag_stays_on_the_province(clock):
    """Unflagged, a province notice is the province portal's only."""
    province = make_site("tinh.test")
    make_site("phuong.test", parent=province)
    notice(province.pk, show_in=-timedelta(minutes=1))
    assert BANNER not in home(host="phuong.test").content.decode()
    assert BANNER in home(host="tinh.test").content.decode()


def test_a_wards_notice_is_not_shown_on_the_province(clock):
    """A ward's own notice shows on the ward, not on its province portal."""
    province = make_site("tinh.test")
    ward = make_site("phuong.test", parent=province)
    notice(ward.pk, show_in=-timedelta(minutes=1))
    assert BANNER in home(host="phuong.test").content.decode()
    assert BANNER not in home(host="tinh.test").content.decode()


def test_next_change_is_the_nearest_show_or_restore_time(clock):
    """The page cache's schedule: the next show time, then the next restore time."""
    due = notice(show_in=timedelta(hours=2), stop_in=timedelta(days=10))
    assert next_notice_change([FIRST_SITE_ID], NOW) == due.show_from
    assert next_notice_change([FIRST_SITE_ID], due.show_from) == due.restore_at
    assert next_notice_change([FIRST_SITE_ID], due.restore_at) is None


def test_banner_costs_one_query(clock, django_assert_num_queries):
    """The banner of an uncached page is one query (with the rest of the site's chrome),
    whatever the number of notices."""
    for _ in range(3):
        notice(show_in=-timedelta(minutes=1))
    request = request_on(Site.objects.get(pk=FIRST_SITE_ID))
    with django_assert_num_queries(1):
        assert len(notices_of(request)) == 3


def test_working_days_skip_weekends_and_public_holidays():
    """Saturdays, Sundays, 30/4 and 1/5 are not working days."""
    # Monday 27/4/2026 to Monday 4/5/2026: Tue 28, Wed 29, Mon 4 (30/4 and 1/5 are holidays).
    start = datetime(2026, 4, 27, 2, 0, tzinfo=UTC)
    end = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
    assert working_days_between(start, end) == 3


class TestAdminWarning:
    @pytest.fixture
    def editor_client(self, client):
        from django.contrib.auth.models import Group

        editor = make_user("bientap", staff=True)
        editor.groups.add(Group.objects.get(name="Biên tập viên"))
        client.force_login(editor)
        return client

    def post(self, client, stop_at, **extra):
        def split(moment, name):  # the admin's date and time boxes, in Vietnamese time
            moment = timezone.localtime(moment)
            return {f"{name}_0": f"{moment:%Y-%m-%d}", f"{name}_1": f"{moment:%H:%M:%S}"}

        data = {
            "site": FIRST_SITE_ID,
            "message": "Tạm ngừng để bảo trì hệ thống.",
            **split(NOW, "show_from"),
            **split(stop_at, "stop_at"),
            **split(stop_at + timedelta(hours=2), "restore_at"),
            **extra,
        }
        return client.post(reverse("admin:engagement_downtimenotice_add"), data, follow=True)

    def test_a_stop_fewer_than_7_working_days_away_is_warned_in_vietnamese(
        self, clock, editor_client
    ):
        """Stopping next Monday (5 working days) saves, with a warning naming the rule."""
        response = self.post(editor_client, NOW + timedelta(days=7))
        assert DowntimeNotice.objects.count() == 1
        messages = [str(m) for m in response.context["messages"]]
        assert any("5 ngày làm việc" in m and "ít nhất 7 ngày làm việc" in m for m in messages)

    def test_a_stop_7_working_days_away_is_not_warned(self, clock, editor_client):
        """Stopping Wednesday of the week after next (7 working days) needs no warning."""
        response = self.post(editor_client, NOW + timedelta(days=9))
        assert DowntimeNotice.objects.count() == 1
        assert not [m for m in response.context["messages"] if m.level_tag == "warning"]

    def test_restore_before_stop_is_refused_in_vietnamese(self, clock, editor_client):
        """A restore time before the stop is a form error, nothing saved."""
        response = self.post(
            editor_client, NOW + timedelta(days=9), restore_at_0="2026-12-01", restore_at_1="08:00"
        )
        assert DowntimeNotice.objects.count() == 0
        assert "Thời điểm hoạt động lại phải sau thời điểm ngừng." in response.content.decode()

    def test_components_flag_on_a_site_without_components_is_refused(self, clock, editor_client):
        """Asking to show a notice on the components of a site that has none is an error."""
        response = self.post(editor_client, NOW + timedelta(days=9), on_components="on")
        assert DowntimeNotice.objects.count() == 0
        assert "không có trang thành phần" in response.content.decode()

    def test_an_editor_sees_only_their_sites_notices(self, clock, editor_client):
        """Another site's notice is not in the editor's list."""
        other = make_site("khac.test")
        notice(other.pk, message="Thông báo của trang khác")
        notice(message="Thông báo của trang mình")
        html = editor_client.get(reverse("admin:engagement_downtimenotice_changelist")).content
        assert "Thông báo của trang mình" in html.decode()
        assert "Thông báo của trang khác" not in html.decode()


# -- the English pages (/en/) -------------------------------------------------------------

ENGLISH_BANNER = "Planned downtime:"


def english_page():
    """Return an English page's address: the English home and a page's English version."""
    from tests.agency.factories import make_page

    return make_page(title="Giới thiệu", title_en="About us").get_english_url()


def english_home(host="testserver"):
    return reader().get(reverse("agency:english-home"), HTTP_HOST=host)


def test_english_pages_show_the_banner_with_english_interface_strings(clock):
    """/en/ and an English page carry the banner: English label and times, the editor's
    Vietnamese text marked lang="vi", no Vietnamese interface string."""
    url = english_page()
    notice(show_in=-timedelta(minutes=1))
    for response in (english_home(), reader().get(url)):
        html = response.content.decode()
        assert ENGLISH_BANNER in html and 'aria-label="Planned downtime"' in html
        assert '<span lang="vi">Cổng tạm ngừng để nâng cấp máy chủ.</span>' in html
        assert "10:00 on 14 December 2026" in html and "14:00 on 14 December 2026" in html
        assert BANNER not in html and "hoạt động trở lại" not in html


def test_an_english_notice_text_is_not_marked_vietnamese(clock):
    """A notice an editor wrote in English is shown without lang="vi"."""
    notice(show_in=-timedelta(minutes=1), message="The portal stops for an upgrade.")
    html = english_home().content.decode()
    assert "<span>The portal stops for an upgrade.</span>" in html


def test_no_english_banner_before_the_show_time(clock):
    """A notice not yet due shows on no English page either."""
    notice(show_in=timedelta(hours=1))
    assert ENGLISH_BANNER not in english_home().content.decode()


def test_cached_english_page_gains_the_notice_at_its_show_time_and_drops_it_at_restore(clock):
    """An English page cached before a notice is due follows the same schedule as the
    Vietnamese pages: the banner at show_from, gone at restore_at, with no save between."""
    url = english_page()
    notice(show_in=timedelta(seconds=30), stop_in=timedelta(seconds=40), hours=0.01)
    assert ENGLISH_BANNER not in reader().get(url).content.decode()
    assert reader().get(url).from_page_cache
    clock.move_to(NOW + timedelta(seconds=31))
    shown = reader().get(url)
    assert not getattr(shown, "from_page_cache", False)
    assert ENGLISH_BANNER in shown.content.decode()
    assert reader().get(url).from_page_cache
    clock.move_to(NOW + timedelta(seconds=40 + 37))
    assert ENGLISH_BANNER not in reader().get(url).content.decode()


def test_province_notice_for_components_shows_on_a_wards_cached_english_home(clock):
    """A province notice flagged for its components reaches a ward's cached /en/ at once."""
    province = make_site("tinh.test")
    make_site("phuong.test", parent=province)
    english_home(host="phuong.test")
    assert english_home(host="phuong.test").from_page_cache
    notice(province.pk, show_in=-timedelta(minutes=1), on_components=True)
    assert ENGLISH_BANNER in english_home(host="phuong.test").content.decode()
