"""An editor centres a heading, inserts a library picture with a Vietnamese caption and
centres it; the reader gets the picture as renditions, aligned, captioned."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from playwright.sync_api import expect

from medialib.models import MediaFile
from medialib.receivers import make_renditions
from news.models import Article
from tests.e2e.browsing import jpeg_bytes, new_context, sign_in
from tests.factories import make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICE_SCREEN = {"width": 1366, "height": 768}
HEADING = "QUYẾT ĐỊNH VỀ VIỆC CÔNG NHẬN KHU PHỐ VĂN HÓA"
CAPTION = "Lễ trao bằng công nhận tại khu phố 3"


def library_picture(editor):
    """Return a picture uploaded earlier, as the upload endpoint records it."""
    name = default_storage.save("uploads/2026/11/le-trao-bang.jpg", ContentFile(jpeg_bytes()))
    media = MediaFile(
        site_id=1, name="Lễ trao bằng.jpg", width=1200, height=800, uploaded_by=editor
    )
    media.file.name = name
    media.save()
    make_renditions(media)
    return media


def test_editor_inserts_a_library_picture_centred_with_a_caption(
    browser, live_server, media_served, editor, artifacts_dir
):
    """Library → picture dialog → caption → alignment → reader's page."""
    category = make_category(name="Văn hóa - Xã hội")
    media = library_picture(editor)
    context = new_context(browser, OFFICE_SCREEN)
    page = context.new_page()
    sign_in(page, live_server, editor)

    page.goto(live_server.url + reverse("admin:medialib_mediafile_changelist") + "?q=trao")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.screenshot(path=artifacts_dir / "admin-thu-vien-anh-1366.png")

    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.get_by_label("Tiêu đề").fill("Công nhận khu phố văn hóa năm 2026")
    page.get_by_label("Chuyên mục").select_option(label=category.name)
    page.wait_for_function("window.tinymce && tinymce.get('id_body')")
    page.frame_locator("#id_body_ifr").locator("body").click()
    page.keyboard.type(HEADING)
    page.get_by_role("button", name="Căn giữa").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    page.get_by_role("button", name="Chèn/sửa ảnh").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Danh sách hình ảnh").click()
    page.get_by_role("option", name=re.compile("Lễ trao bằng")).click()
    dialog.get_by_label("Mô tả thay thế (Alt)").fill("Trao bằng công nhận khu phố văn hóa")
    dialog.locator("label.tox-checkbox").filter(has_text="Chú thích").click()
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog).to_be_hidden()
    html = page.evaluate("tinymce.get('id_body').getContent()")
    assert "Caption" not in html and "Chú thích ảnh" in html
    assert html.count("<figure") == 1, html
    # The editor types the caption, then centres the picture.
    page.evaluate(
        """caption => {
          const editor = tinymce.get('id_body');
          const figcaption = editor.dom.select('figcaption')[0];
          figcaption.textContent = caption;
        }""",
        CAPTION,
    )
    # .first: TinyMCE keeps an off-screen copy of a selected figure.
    page.frame_locator("#id_body_ifr").locator("figure img").first.click()
    page.get_by_role("button", name="Căn giữa").click()
    html = page.evaluate("tinymce.get('id_body').getContent()")
    assert '<p class="text-center">' in html, html
    assert re.search(r'<figure class="image[^"]*image-center', html), html
    page.get_by_label("Trạng thái").select_option(label="Đã xuất bản")
    page.screenshot(path=artifacts_dir / "admin-bai-viet-anh-thu-vien-1366.png", full_page=True)
    page.get_by_role("button", name="Lưu lại").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get()
    assert "style=" not in article.body
    page.goto(live_server.url + article.get_absolute_url())
    body = page.locator(".article__body")
    expect(body.locator("p.text-center")).to_have_text(HEADING)
    assert body.locator("p.text-center").evaluate("p => getComputedStyle(p).textAlign") == "center"
    figure = body.locator("figure")
    expect(figure.locator("figcaption")).to_have_text(CAPTION)
    picture = figure.locator("picture img")
    expect(picture).to_have_attribute("width", "1200")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert picture.evaluate("img => img.currentSrc").endswith(".webp")
    box, column = figure.bounding_box(), body.bounding_box()
    # Centred: as much room on the left as on the right.
    left, right = box["x"] - column["x"], column["x"] + column["width"] - box["x"] - box["width"]
    assert abs(left - right) < 4, (left, right)
    assert media.file.url in article.body
    page.screenshot(path=artifacts_dir / "bai-viet-anh-thu-vien-may-tinh.png", full_page=True)
    context.close()
