"""End to end, in Debian's Chromium: an editor publishes in admin, a reader on a phone reads."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.factories import make_category, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR_PASSWORD = "bien-tap-vien-2014"
EDITOR_PERMS = (
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.view_category",
    "news.publish_article",
)
TITLE = "Phường 7 ra mắt mô hình “Chi bộ khu phố số” gắn với việc dân cần"
# "đ"/"Đ" become "d", other marks are dropped, the curly quotes go.
EXPECTED_SLUG = "phuong-7-ra-mat-mo-hinh-chi-bo-khu-pho-so-gan-voi-viec-dan-can"
LEAD = "Đảng viên nhận đỡ đầu từng tổ dân phố, hướng dẫn người dân làm thủ tục trực tuyến."
BODY = (
    "Sáng nay, Đảng ủy phường 7 tổ chức lễ ra mắt mô hình với sự tham dự của đông đảo "
    "đảng viên và người dân khu phố."
)
PHONE_VIEWPORT = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def set_body(page, text):
    """Type `text` into the TinyMCE body editor, like an editor would."""
    page.wait_for_function("window.tinymce && tinymce.get('id_body')", timeout=TIMEOUT_MS)
    editor_body = page.frame_locator("#id_body_ifr").locator("body")
    editor_body.click()
    page.keyboard.type(text)
    # TinyMCE writes the textarea back on submit; checking its own content here makes a
    # lost keystroke fail at the step that lost it, not at the reader's page.
    typed = page.evaluate("tinymce.get('id_body').getContent({format: 'text'})")
    assert typed.strip() == text


def test_editor_publishes_article_and_phone_reader_opens_it(browser, live_server, artifacts_dir):
    """An editor publishes in admin; an anonymous phone reader finds it on the home page."""
    category = make_category(name="Tin tức sự kiện")
    editor = make_user("bientapvien", staff=True, perms=EDITOR_PERMS, password=EDITOR_PASSWORD)

    editor_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    editor_context.set_default_timeout(TIMEOUT_MS)
    page = editor_context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_lead", LEAD)
    set_body(page, BODY)
    page.select_option("#id_status", label="Đã xuất bản")
    page.screenshot(path=artifacts_dir / "e2e-1-admin-form.png", full_page=True)
    page.click("[name=_save]")
    page.wait_for_url(live_server.url + reverse("admin:news_article_changelist"))
    page.screenshot(path=artifacts_dir / "e2e-2-admin-saved.png", full_page=True)
    editor_context.close()

    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PUBLISHED
    assert article.author == editor
    assert article.slug == EXPECTED_SLUG

    reader_context = browser.new_context(
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    reader_context.set_default_timeout(TIMEOUT_MS)
    reader = reader_context.new_page()
    reader.goto(live_server.url + reverse("news:home"))
    reader.screenshot(path=artifacts_dir / "e2e-3-home-phone.png", full_page=True)
    reader.get_by_role("link", name=TITLE).first.click()
    reader.wait_for_url(live_server.url + article.get_absolute_url())

    assert reader.get_by_role("heading", level=1).inner_text() == TITLE
    assert BODY in reader.get_by_role("article").first.inner_text()
    reader.screenshot(path=artifacts_dir / "e2e-4-article-phone.png", full_page=True)
    reader_context.close()
