"""In Chromium: an editor schedules a downtime notice in the admin and readers see its
banner; a reader on a phone rates an article in one tap, with a comment, and is thanked."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from engagement.models import DowntimeNotice, Link, Rating
from tests.e2e.browsing import EDITOR_PASSWORD, PHONE, new_context, sign_in
from tests.e2e.test_accessibility import blocking_violations
from tests.factories import make_article, make_category, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "Cổng thông tin tạm ngừng hoạt động để nâng cấp máy chủ và phần mềm."
TITLE = "Phường hướng dẫn người dân đăng ký khai sinh trực tuyến"
COMMENT = "Hướng dẫn rõ ràng, cảm ơn ban biên tập."


def fill_moment(page, what, moment):
    local = timezone.localtime(moment)
    page.get_by_label(f"Ngày {what}").fill(local.strftime("%Y-%m-%d"))
    page.get_by_label(f"Giờ {what}").fill(local.strftime("%H:%M:%S"))


def test_editor_schedules_a_notice_that_readers_see_as_a_banner(
    browser, live_server, artifacts_dir
):
    """The editor fills the notice form, is warned that 3 days is too short, and the banner
    is on the home page at once."""
    editor = make_user("bientapvien", staff=True, password=EDITOR_PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    context = new_context(browser)
    page = context.new_page()
    sign_in(page, live_server, editor)

    page.goto(live_server.url + reverse("admin:engagement_downtimenotice_add"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm thông báo tạm ngừng hoạt động")
    page.get_by_label("Nội dung thông báo").fill(NOTICE)
    now = timezone.now().replace(microsecond=0)
    stop = now + timedelta(days=3)
    fill_moment(page, "bắt đầu hiển thị", now - timedelta(minutes=1))
    fill_moment(page, "ngừng hoạt động", stop)
    fill_moment(page, "hoạt động lại", stop + timedelta(hours=4))
    page.screenshot(path=artifacts_dir / "engagement-notice-form.png", full_page=True)
    page.get_by_role("button", name="Lưu lại").click()
    expect(page.locator(".messagelist .warning")).to_contain_text("ít nhất 7 ngày làm việc")
    page.screenshot(path=artifacts_dir / "engagement-notice-saved.png", full_page=True)
    notice = DowntimeNotice.objects.get()
    assert notice.stop_at == stop and notice.message == NOTICE

    Link.objects.create(
        site_id=notice.site_id, title="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn/"
    )
    reader = new_context(browser, viewport=PHONE).new_page()
    reader.goto(live_server.url + reverse("news:home"))
    expect(reader.get_by_role("link", name="Cổng Dịch vụ công quốc gia")).to_be_visible()
    assert blocking_violations(reader) == []
    banner = reader.get_by_role("region", name="Thông báo tạm ngừng hoạt động")
    expect(banner).to_contain_text(NOTICE)
    expect(banner).to_contain_text(f"{timezone.localtime(stop):%H:%M ngày %d/%m/%Y}")
    reader.screenshot(path=artifacts_dir / "engagement-notice-banner-phone.png")
    context.close()


def test_phone_reader_rates_an_article_in_one_tap(browser, live_server, artifacts_dir):
    """On a 390x844 screen, from the cached article page, with the keyboard for the comment:
    the rating is stored and the thank-you page links back."""
    article = make_article(title=TITLE, category=make_category(name="Cải cách hành chính"))
    url = live_server.url + article.get_absolute_url()
    context = new_context(browser, viewport=PHONE)
    page = context.new_page()
    page.goto(url)
    page.goto(url)  # the second view comes from the page cache: the form must still work
    question = page.get_by_role("heading", name="Thông tin này có hữu ích với bạn không?")
    question.scroll_into_view_if_needed()
    expect(question).to_be_visible()
    comment = page.get_by_label("Góp ý thêm (không bắt buộc, tối đa 500 ký tự)")
    comment.fill(COMMENT)
    page.screenshot(path=artifacts_dir / "engagement-rating-phone.png")
    comment.press("Tab")  # keyboard: from the comment box to "Có, hữu ích"
    useful = page.get_by_role("button", name="Có, hữu ích")
    expect(useful).to_be_focused()
    box = useful.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã đánh giá")
    page.screenshot(path=artifacts_dir / "engagement-rating-thanks-phone.png")
    assert blocking_violations(page) == []
    rating = Rating.objects.get()
    assert (rating.object_id, rating.useful, rating.comment) == (article.pk, True, COMMENT)

    page.get_by_role("link", name="Quay lại bài viết").click()
    page.wait_for_url(url)
    page.get_by_role("button", name="Không hữu ích").click()  # a second time today
    expect(page.locator("main")).to_contain_text("không được tính thêm")
    assert Rating.objects.count() == 1
    context.close()

    # The editors' report shows the rating next to the article's views, with its chart.
    editor = make_user("bientapvien", staff=True, password=EDITOR_PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    admin = new_context(browser).new_page()
    sign_in(admin, live_server, editor)
    admin.goto(live_server.url + reverse("admin:engagement_rating_changelist"))
    row = admin.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("100%")
    expect(
        admin.locator("svg.counters-chart__svg rect.engagement-chart__useful")
    ).not_to_have_count(0)
    admin.screenshot(path=artifacts_dir / "engagement-rating-report.png", full_page=True)
