"""The Content-Security-Policy breaks nothing: admin + TinyMCE and public pages in Chromium.

Chromium reports every blocked script, style, image or frame as a console error starting
"Refused to"; none may appear, and TinyMCE must still load and take typing.
"""

import pytest
import reversion
from django.urls import reverse

from tests.e2e.test_publish import TIMEOUT_MS, set_body
from tests.factories import make_article, make_category, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-bien-tap-9"


def watch_csp(page):
    """Return the list that collects this page's CSP violations as they happen."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def test_admin_article_form_with_tinymce_has_no_csp_violation(browser, live_server):
    """Sign-in, the article form with TinyMCE (typing included) run with no CSP error."""
    make_category(name="Tin tức sự kiện")
    editor = make_user("bientapvien", superuser=True, password=PASSWORD)
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    violations = watch_csp(page)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    page.goto(live_server.url + reverse("admin:news_article_add"))
    set_body(page, "Nội dung thử chính sách bảo mật.")
    page.wait_for_load_state("networkidle")
    # Pages whose markup carries inline styles (history, compare): allowed in admin only.
    article = make_article()
    with reversion.create_revision():
        article.save()
    with reversion.create_revision():
        article.title = "Tiêu đề đã sửa"
        article.save()
    for url in (
        reverse("admin:news_article_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:news_article_history", args=[article.pk]),
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    page.locator("#content input[type=submit]").first.click()  # compare two versions
    page.wait_for_load_state("networkidle")
    assert "compare" in page.url
    context.close()
    assert violations == []


def test_public_pages_have_no_csp_violation(browser, live_server):
    """Home, category and article pages load in Chromium with no CSP error."""
    article = make_article(body='<p>Nội dung <a href="https://example.vn">liên kết</a>.</p>')
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    violations = watch_csp(page)
    for url in (
        reverse("news:home"),
        article.category.get_absolute_url(),
        article.get_absolute_url(),
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    context.close()
    assert violations == []


def test_an_injected_inline_script_is_blocked_and_seen(browser, live_server):
    """An inline script slipped into a public page is refused, and this watcher sees it."""
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    violations = watch_csp(page)
    page.goto(live_server.url + reverse("news:home"))
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.chayDuoc = true'; document.head.appendChild(s); }"
    )
    ran = page.evaluate("() => window.chayDuoc === true")
    context.close()
    assert not ran
    assert violations and "script-src" in violations[0]
