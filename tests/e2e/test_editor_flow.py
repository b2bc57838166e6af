"""An editor's whole day with one article, in Chromium: write, schedule, preview, publish,
edit, restore. After each step a reader (or the editor) is shown what they should see.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article
from tests.e2e.browsing import jpeg_bytes, new_context, sign_in
from tests.factories import make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Quận 11 khai trương bộ phận một cửa hiện đại tại phường 7"
SLUG = "quan-11-khai-truong-bo-phan-mot-cua-hien-dai-tai-phuong-7"
LEAD = "Người dân làm thủ tục hành chính nhanh hơn, được hướng dẫn nộp hồ sơ trực tuyến."
EDITED_LEAD = "Từ tháng này, mọi thủ tục của phường đều có thể nộp trực tuyến."
BOLD = "bộ phận tiếp nhận và trả kết quả"
LIST_ITEMS = ("Tra cứu hồ sơ bằng mã QR", "Thanh toán lệ phí không dùng tiền mặt")
LINK_TEXT = "Cổng Dịch vụ công quốc gia"
LINK_URL = "https://dichvucong.gov.vn/"
COVER_ALT = "Cán bộ phường hướng dẫn người dân nộp hồ sơ tại bộ phận một cửa"
NOT_FOUND = "Không tìm thấy trang"


def write_body(page):
    """Write a paragraph with bold words, a bulleted list and a link in TinyMCE."""
    page.wait_for_function("window.tinymce && tinymce.get('id_body')")
    page.frame_locator("#id_body_ifr").locator("body").click()
    keyboard = page.keyboard
    bold = page.get_by_role("button", name="In đậm")
    keyboard.type("Sáng nay, Ủy ban nhân dân phường 7 đưa vào sử dụng ")
    bold.click()
    keyboard.type(BOLD)
    bold.click()
    keyboard.type(" với trang thiết bị mới.")
    keyboard.press("Enter")
    page.get_by_role("button", name="Danh sách dạng biểu tượng").click()
    for item in LIST_ITEMS:
        keyboard.type(item)
        keyboard.press("Enter")
    keyboard.press("Enter")  # an empty item ends the list
    keyboard.type("Hồ sơ cũng nộp được trên ")
    page.get_by_role("button", name="Chèn/sửa liên kết").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Url").fill(LINK_URL)
    dialog.get_by_label("Nội dung hiển thị").fill(LINK_TEXT)
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog).to_be_hidden()
    keyboard.type(".")
    # Checked in the editor itself, so a lost keystroke fails at the step that lost it.
    html = page.evaluate("tinymce.get('id_body').getContent()")
    assert f"<strong>{BOLD}</strong>" in html
    assert "\n".join(f"<li>{item}</li>" for item in LIST_ITEMS) in html
    assert f'href="{LINK_URL}"' in html and f">{LINK_TEXT}</a>" in html


def make_cover(path):
    """Return the path of a small JPEG, like a photo an editor uploads."""
    path.write_bytes(jpeg_bytes())
    return path


def set_publish_at(page, when):
    """Fill the admin's date and time boxes of "Thời điểm xuất bản" (local time)."""
    local = timezone.localtime(when)
    page.get_by_label("Ngày xuất bản").fill(local.strftime("%Y-%m-%d"))
    page.get_by_label("Giờ xuất bản").fill(local.strftime("%H:%M:%S"))


def expect_saved(page, verb):
    """Wait for admin's green message after a save ("được thêm vào/chỉnh sửa thành công")."""
    expect(page.locator(".messagelist .success")).to_contain_text(verb)


def test_editor_writes_schedules_previews_publishes_edits_and_restores(
    browser, live_server, editor, media_served, tmp_path, artifacts_dir
):
    """Every step of an article's life in admin, checked against what the reader sees."""
    category = make_category(name="Cải cách hành chính")
    article_url = live_server.url + reverse("news:article-detail", kwargs={"slug": SLUG})
    home_url = live_server.url + reverse("news:home")

    editor_context = new_context(browser)
    page = editor_context.new_page()
    reader_context = new_context(browser)
    reader = reader_context.new_page()
    sign_in(page, live_server, editor)

    # 1. Write: title, category, lead, formatted body, cover; scheduled for tomorrow.
    page.goto(live_server.url + reverse("admin:news_article_add"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm bài viết")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Chuyên mục").select_option(label=category.name)
    page.get_by_label("Sapo (tóm tắt)").fill(LEAD)
    write_body(page)
    page.set_input_files("#id_cover", make_cover(tmp_path / "mot-cua.jpg"))
    page.get_by_label("Mô tả ảnh (alt)").fill(COVER_ALT)
    page.get_by_label("Trạng thái").select_option(label="Đã xuất bản")
    scheduled_at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    set_publish_at(page, scheduled_at)
    page.screenshot(path=artifacts_dir / "editor-1-write.png", full_page=True)
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    expect_saved(page, "được thêm vào thành công")

    article = Article.objects.get(title=TITLE)
    assert article.slug == SLUG
    assert article.author == editor
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at == scheduled_at
    assert article.cover and article.cover_width == 1200

    # 2. Scheduled: readers see neither the page nor a link to it yet.
    response = reader.goto(article_url)
    assert response.status == 404
    expect(reader.get_by_role("heading", level=1)).to_contain_text(NOT_FOUND)
    reader.goto(home_url)
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)

    # 3. Preview: "Xem trước" opens the page as readers will see it, under a banner.
    with editor_context.expect_page() as new_tab:
        page.get_by_role("link", name="Xem trước").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    assert preview.url == live_server.url + reverse("news:article-preview", args=[article.pk])
    expect(preview.get_by_role("status")).to_contain_text("Bản xem trước")
    expect(preview.get_by_role("status")).to_contain_text("bạn đọc chưa thấy trang này")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    body = preview.locator(".article__body")
    expect(body.locator("strong")).to_have_text(BOLD)
    expect(body.locator("ul > li")).to_have_text(list(LIST_ITEMS))
    expect(body.get_by_role("link", name=LINK_TEXT)).to_have_attribute("href", LINK_URL)
    cover = preview.get_by_role("img", name=COVER_ALT)
    expect(cover).to_be_visible()
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")
    preview.screenshot(path=artifacts_dir / "editor-2-preview.png", full_page=True)
    preview.close()

    # 4. Publish now: "Hôm nay" and "Bây giờ" put the current time in the boxes.
    page.locator(".field-publish_at").get_by_role("link", name="Hôm nay").click()
    page.locator(".field-publish_at").get_by_role("link", name="Bây giờ").click()
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    expect_saved(page, "được chỉnh sửa thành công")
    reader.goto(home_url)
    reader.get_by_role("link", name=TITLE).first.click()
    reader.wait_for_url(article_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".article__lead")).to_have_text(LEAD)
    expect(reader.locator(".article__body strong")).to_have_text(BOLD)
    expect(reader.get_by_role("img", name=COVER_ALT)).to_be_visible()
    reader.screenshot(path=artifacts_dir / "editor-3-published.png", full_page=True)

    # 5. Edit the lead of the published article; readers see the new one at once.
    page.get_by_label("Sapo (tóm tắt)").fill(EDITED_LEAD)
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    expect_saved(page, "được chỉnh sửa thành công")
    reader.reload()
    expect(reader.locator(".article__lead")).to_have_text(EDITED_LEAD)

    # 6. Restore the version before the edit from "Lịch sử".
    page.get_by_role("link", name="Lịch sử").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lịch sử")
    versions = page.locator("#change-history tbody tr")
    expect(versions).to_have_count(3)
    # Newest first: the edit, the publication, the first save.
    versions.nth(1).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khôi phục phiên bản cũ")
    expect(page.locator("#content")).to_contain_text("Bấm nút Lưu bên dưới để khôi phục")
    expect(page.get_by_label("Sapo (tóm tắt)")).to_have_value(LEAD)
    page.screenshot(path=artifacts_dir / "editor-4-restore.png", full_page=True)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect_saved(page, "đã được thay đổi thành công")
    reader.reload()
    expect(reader.locator(".article__lead")).to_have_text(LEAD)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    reader.screenshot(path=artifacts_dir / "editor-5-restored.png", full_page=True)

    page.goto(live_server.url + reverse("admin:news_article_history", args=[article.pk]))
    expect(versions).to_have_count(4)
    expect(versions.first).to_contain_text("Khôi phục về phiên bản đã lưu lúc")

    article.refresh_from_db()
    assert article.lead == LEAD
    assert article.slug == SLUG
    assert article.is_published()
    editor_context.close()
    reader_context.close()
