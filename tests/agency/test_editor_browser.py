"""An editor creates a page with an English version in the admin, in Chromium, and the
reader finds both versions linked to each other."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agency.models import Page
from tests.agency.factories import make_page
from tests.e2e.browsing import new_context, sign_in
from tests.e2e.conftest import editor  # noqa: F401 (the fixture: an editor of the first site)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Cơ cấu tổ chức"
TITLE_EN = "Organisational structure"
BODY = "Ủy ban nhân dân phường gồm Chủ tịch, hai Phó Chủ tịch và các ủy viên."
BODY_EN = "The Ward People's Committee has a Chair, two Vice Chairs and members."


def type_in_editor(page, field_id, text):
    """Type `text` in the TinyMCE editor of the field `field_id`."""
    page.wait_for_function(f"window.tinymce && tinymce.get('{field_id}')")
    page.frame_locator(f"#{field_id}_ifr").locator("body").click()
    page.keyboard.type(text)


def test_editor_creates_a_page_with_an_english_version(
    browser,
    live_server,
    editor,  # noqa: F811
    artifacts_dir,
):
    """Title, parent, both bodies, publish: both addresses answer and link to each other."""
    about = make_page(title="Giới thiệu", title_en="About us", show_in_menu=True)
    context = new_context(browser)
    page = context.new_page()
    sign_in(page, live_server, editor)

    page.goto(live_server.url + reverse("admin:agency_page_add"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm trang")
    page.get_by_label("Tiêu đề:", exact=True).fill(TITLE)
    page.get_by_label("Trang cha").select_option(label=about.title)
    type_in_editor(page, "id_body", BODY)
    page.get_by_label("Tiêu đề tiếng Anh").fill(TITLE_EN)
    type_in_editor(page, "id_body_en", BODY_EN)
    page.get_by_label("Trạng thái").select_option(label="Đã xuất bản")
    page.screenshot(path=artifacts_dir / "agency-editor-page-form.png", full_page=True)
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    expect(page.locator(".messagelist .success")).to_contain_text("được thêm vào thành công")

    saved = Page.objects.get(title=TITLE)
    assert saved.path == "gioi-thieu/co-cau-to-chuc"
    assert saved.author == editor and saved.status == Page.Status.PUBLISHED

    reader = new_context(browser).new_page()
    reader.goto(live_server.url + saved.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".article__body")).to_contain_text(BODY)
    reader.get_by_role("link", name="English").first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.locator(".article__body")).to_contain_text(BODY_EN)
    reader.screenshot(path=artifacts_dir / "agency-english-page.png", full_page=True)
    # Keyboard: the language switch back is reachable with Tab and opens with Enter.
    switch = reader.get_by_role("link", name="Tiếng Việt", exact=True)
    for _ in range(10):
        reader.keyboard.press("Tab")
        if switch.evaluate("el => el === document.activeElement"):
            break
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(live_server.url + saved.get_absolute_url())
