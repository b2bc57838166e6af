"""Helpers for the browser tests: Vietnamese contexts at phone and desktop size, sign-in."""

from django.urls import reverse

# Bounded waits: a step that takes longer than this has failed, not slowed down.
TIMEOUT_MS = 15_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
EDITOR_PASSWORD = "bien-tap-vien-q11"


def new_context(browser, viewport=DESKTOP, **options):
    """Return a Vietnamese browser context of the given size, a touch phone when narrow."""
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def sign_in(page, live_server, user, password=EDITOR_PASSWORD):
    """Sign `user` in to admin through its login form and land on the dashboard."""
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
