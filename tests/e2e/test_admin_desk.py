"""The editors' desk at an office screen (1366x768): the article list and form, measured
and saved as screenshots in test-artifacts/."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article
from tests.e2e.browsing import new_context, sign_in
from tests.factories import make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICE_SCREEN = {"width": 1366, "height": 768}
LONG_TITLE = (
    "Hội nghị Ban Chấp hành Đảng bộ quận lần thứ 12 triển khai nhiệm vụ trọng tâm "
    "sáu tháng cuối năm và sơ kết công tác xây dựng Đảng"
)
# [{label, width}] of the list's header cells, and whether the table overflows its box.
MEASURE_COLUMNS = """() => {
  const table = document.querySelector('#result_list');
  const box = document.querySelector('#changelist .results') || table.parentElement;
  const columns = Array.from(table.querySelectorAll('thead th')).map(th => ({
    label: th.innerText.trim(), width: Math.round(th.getBoundingClientRect().width)}));
  return {columns, table: Math.round(table.getBoundingClientRect().width),
          box: Math.round(box.getBoundingClientRect().width),
          page: document.documentElement.scrollWidth};
}"""


def make_desk(now):
    """Return articles in every state readers can meet, with long real-looking titles."""
    category = make_category(name="Xây dựng Đảng")
    make_article(category=category, title=LONG_TITLE, publish_at=now - timedelta(days=1))
    make_article(
        category=category,
        title="Lịch tiếp công dân của Chủ tịch UBND quận tháng 12 năm 2026",
        publish_at=now + timedelta(days=2),
    )
    make_article(
        category=category,
        title="Dự thảo kế hoạch chuyển đổi số các phường giai đoạn 2026-2030",
        status=Article.Status.DRAFT,
    )
    make_article(
        category=category,
        title="Thông báo tạm ngừng tiếp nhận hồ sơ đất đai trong dịp nghỉ lễ",
        publish_at=now - timedelta(days=10),
        unpublish_at=now - timedelta(days=3),
    )
    return category


def test_article_list_reads_at_an_office_screen(browser, live_server, admin_user, artifacts_dir):
    """The title column is wide, the table fits its box, the state says what readers see."""
    make_desk(timezone.now())
    admin_user.set_password("mat-khau-quan-tri")
    admin_user.save()
    context = new_context(browser, OFFICE_SCREEN)
    page = context.new_page()
    sign_in(page, live_server, admin_user, password="mat-khau-quan-tri")
    page.goto(live_server.url + reverse("admin:news_article_changelist"))
    measured = page.evaluate(MEASURE_COLUMNS)
    (artifacts_dir / "admin-danh-sach-bai-cot.json").write_text(
        json.dumps(measured, ensure_ascii=False, indent=1)
    )
    page.screenshot(path=artifacts_dir / "admin-danh-sach-bai-1366.png")
    widths = {c["label"].lower(): c["width"] for c in measured["columns"]}
    assert measured["table"] <= measured["box"], measured  # nothing off-screen
    assert measured["page"] <= OFFICE_SCREEN["width"], measured
    assert widths["tiêu đề"] >= measured["table"] * 0.45, measured
    assert list(widths) == ["", "tiêu đề", "chuyên mục", "bạn đọc thấy", "xem trước", "lượt xem"]
    rows = page.locator("#result_list tbody tr")
    expect(rows.filter(has_text=LONG_TITLE)).to_contain_text("Đang hiển thị")
    expect(rows.filter(has_text="Lịch tiếp công dân")).to_contain_text("Hẹn giờ")
    expect(rows.filter(has_text="Lịch tiếp công dân")).to_contain_text("hiện lúc")
    expect(rows.filter(has_text="Dự thảo kế hoạch")).to_contain_text("Bản nháp")
    expect(rows.filter(has_text="Thông báo tạm ngừng")).to_contain_text("Đã gỡ")
    # The long title takes two lines at most, never a word a line.
    title_height = rows.filter(has_text=LONG_TITLE).locator("th, td").nth(1).bounding_box()
    assert title_height["height"] < 60, title_height
    context.close()


def test_article_form_reads_top_down_at_an_office_screen(
    browser, live_server, admin_user, artifacts_dir
):
    """Title box as wide as the body, fields in writing order: saved as a screenshot."""
    make_desk(timezone.now())
    admin_user.set_password("mat-khau-quan-tri")
    admin_user.save()
    context = new_context(browser, OFFICE_SCREEN)
    page = context.new_page()
    sign_in(page, live_server, admin_user, password="mat-khau-quan-tri")
    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.wait_for_function("window.tinymce && tinymce.get('id_body')")
    page.screenshot(path=artifacts_dir / "admin-bai-viet-form-1366.png", full_page=True)
    box = {
        name: page.locator(selector).bounding_box()
        for name, selector in (
            ("title", "#id_title"),
            ("category", "#id_category"),
            ("lead", "#id_lead"),
            ("body", ".field-body .tox-tinymce"),
            ("cover", "#id_cover"),
            ("publishing", "#id_status"),
        )
    }
    tops = [box[name]["y"] for name in box]
    assert tops == sorted(tops), box  # the order an editor writes in
    assert box["title"]["width"] >= 700, box
    assert abs(box["title"]["width"] - box["body"]["width"]) < 4, box
    context.close()


def test_widgets_drawn_by_script_read_vietnamese(browser, live_server, admin_user):
    """The group permission chooser and the body editor, as the browser draws them."""
    from django.contrib.auth.models import Group

    from tests.admin.test_vietnamese import ENGLISH_RE

    admin_user.set_password("mat-khau-quan-tri")
    admin_user.save()
    group = Group.objects.get(name="Biên tập viên")
    context = new_context(browser, OFFICE_SCREEN)
    page = context.new_page()
    sign_in(page, live_server, admin_user, password="mat-khau-quan-tri")
    page.goto(live_server.url + reverse("admin:auth_group_change", args=[group.pk]))
    expect(page.locator("#id_permissions_from")).to_be_visible()
    text = page.locator("#content").inner_text()
    titles = page.eval_on_selector_all("#content [title]", "els => els.map(e => e.title)")
    assert not ENGLISH_RE.findall(" ".join([text, *titles])), text
    assert "Có thể thêm bài viết" in text
    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.wait_for_function("window.tinymce && tinymce.get('id_body')")
    for name in ("Canh trái", "Căn giữa", "Căn phải", "Căn đều hai bên"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    context.close()
