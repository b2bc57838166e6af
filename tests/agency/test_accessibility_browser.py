"""axe-core in Chromium on the agency's pages, Vietnamese and English: no serious or
critical violation (names, contrast, landmarks, language)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agency.models import Page
from engagement.models import DowntimeNotice
from tests.agency.factories import jpeg_upload, make_info, make_leader, make_page
from tests.e2e.browsing import DESKTOP, PHONE, new_context
from tests.e2e.conftest import media_served  # noqa: F401 (the fixture: covers served)
from tests.e2e.test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["dien-thoai", "may-tinh"])
def test_agency_pages_have_no_serious_violation(
    browser,
    live_server,
    media_served,  # noqa: F811
    viewport,
):
    make_info(full_name_en="Test Ward People's Committee")
    about = make_page(
        title="Giới thiệu", title_en="About us", show_in_menu=True, block=Page.Block.LEADERS
    )
    make_page(title="Cơ cấu tổ chức", title_en="Structure", parent=about)
    contact = make_page(title="Liên hệ", block=Page.Block.CONTACT, title_en="Contact")
    leader = make_leader(name="Trương Mỹ Dung", position_en="Chairwoman", photo=jpeg_upload())
    # The downtime banner and the rating form are on these pages too, in both languages.
    now = timezone.now()
    DowntimeNotice.objects.create(
        site_id=leader.site_id,
        message="Cổng tạm ngừng để nâng cấp máy chủ.",
        show_from=now - timedelta(hours=1),
        stop_at=now + timedelta(days=14),
        restore_at=now + timedelta(days=14, hours=4),
    )
    urls = {
        "giới thiệu": about.get_absolute_url(),
        "liên hệ": contact.get_absolute_url(),
        "lãnh đạo": reverse("agency:leader-list"),
        "một lãnh đạo": leader.get_absolute_url(),
        "sơ đồ trang": reverse("agency:site-map"),
        "en": reverse("agency:english-home"),
        "en trang": about.get_english_url(),
        "en lãnh đạo": leader.get_english_url(),
    }
    page = new_context(browser, viewport).new_page()
    found = {}
    for name, url in urls.items():
        page.goto(live_server.url + url)
        lines = blocking_violations(page)
        if lines:
            found[name] = lines
    assert not found, found
