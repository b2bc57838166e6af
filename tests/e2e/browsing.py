"""Helpers for the browser tests: Vietnamese contexts at phone and desktop size, sign-in."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import make_article, make_category

# Bounded waits: a step that takes longer than this has failed, not slowed down.
TIMEOUT_MS = 15_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
EDITOR_PASSWORD = "bien-tap-vien-q11"
ARTICLE_TITLE = "Trường Tiểu học Lạc Long Quân đón nhận danh hiệu trường đạt chuẩn quốc gia"


PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{version} Mobile Safari/537.36"
)
DESKTOP_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{version} Safari/537.36"
)


def new_context(browser, viewport=DESKTOP, **options):
    """Return a Vietnamese browser context of the given size, a touch phone when narrow.

    It introduces itself as the everyday Chrome that readers use: headless Chromium's own
    User-Agent says "HeadlessChrome", which crawlerdetect rightly takes for a bot, and
    bots are never counted.
    """
    phone = viewport["width"] < 600
    user_agent = PHONE_USER_AGENT if phone else DESKTOP_USER_AGENT
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        user_agent=user_agent.format(version=browser.version),
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def jpeg_bytes(size=(1200, 800), colour=(30, 90, 160)):
    """Return a small JPEG photo-like picture made by Pillow, for covers."""
    image = Image.new("RGB", size, colour)
    width, height = size
    image.paste((240, 200, 40), (width // 6, height // 5, width * 5 // 6, height * 4 // 5))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def sign_in(page, live_server, user, password=EDITOR_PASSWORD):
    """Sign `user` in to admin through its login form and land on the dashboard."""
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))


def with_cover(article, colour=(30, 90, 160)):
    """Give `article` a JPEG cover (its renditions are made on save) and return it."""
    name = f"{article.slug or 'anh'}.jpg"
    article.cover.save(name, ContentFile(jpeg_bytes(colour=colour)), save=True)
    return article


def make_reading_content():
    """Return (category, article): a school story among a few others, as on a real portal.

    Older and newer stories in the same category fill its "TIN MỚI HƠN"/"TIN ĐÃ ĐƯA"
    lists; a second category fills the home page's blocks.
    """
    now = timezone.now()
    category = make_category(name="Văn hóa - Giáo dục", description="Tin văn hóa, giáo dục.")
    other = make_category(name="Kinh tế - Xã hội")
    for days, title in (
        (9, "Khai mạc hội thi giáo viên dạy giỏi cấp quận năm học mới"),
        (7, "Thư viện quận mở cửa phục vụ bạn đọc cả ngày thứ Bảy"),
    ):
        make_article(category=category, title=title, publish_at=now - timedelta(days=days))
    article = with_cover(
        make_article(
            category=category,
            title=ARTICLE_TITLE,
            lead="Nhà trường đạt đủ năm tiêu chuẩn về tổ chức, đội ngũ, cơ sở vật chất.",
            body=(
                "<p>Sáng nay, Trường Tiểu học Lạc Long Quân tổ chức lễ đón nhận bằng công "
                "nhận <strong>trường đạt chuẩn quốc gia mức độ 2</strong>.</p>"
                "<ul><li>Tỷ lệ học sinh hoàn thành chương trình đạt 100%.</li>"
                "<li>Đội ngũ giáo viên đạt chuẩn đào tạo.</li></ul>"
            ),
            cover_alt="Học sinh Trường Tiểu học Lạc Long Quân chào cờ đầu tuần",
            publish_at=now - timedelta(days=3),
            featured=True,
        )
    )
    make_article(
        category=category,
        title="Phát động phong trào đọc sách trong thiếu nhi toàn quận",
        publish_at=now - timedelta(days=1),
    )
    for days in (2, 4):
        with_cover(
            make_article(
                category=other,
                title=f"Quận 11 hỗ trợ hộ kinh doanh chuyển đổi số, đợt {days}",
                publish_at=now - timedelta(days=days),
            ),
            colour=(150, 40, 40),
        )
    return category, article
