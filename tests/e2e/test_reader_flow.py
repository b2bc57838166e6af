"""A reader on a phone, in Chromium: home, a category, the article, its view count, a
search typed without diacritics, and a printout of the article.
"""

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browsing import ARTICLE_TITLE, PHONE, make_reading_content, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 0.05 minutes = 3 s: counters.counting._windows() multiplies by 60 and the cookie's
# timestamps are whole seconds compared with "<", so a fraction works as it stands.
REPEAT_WINDOW_MINUTES = 0.05
REPEAT_WINDOW_SECONDS = REPEAT_WINDOW_MINUTES * 60
# Reloads while waiting for the window to pass: bounded in number and in time.
RELOAD_EVERY_MS = 500
MAX_RELOADS = 20
# What a reader types: no diacritics, no capitals, words in another order.
UNACCENTED_QUERY = "truong lac long quan dat chuan quoc gia"
VIEWS = re.compile(r"^Số lượt người xem: (\d+)$")


def shown_views(page):
    """Return N from the article's "Số lượt người xem: N"."""
    text = page.locator(".article-views").inner_text().strip()
    match = VIEWS.match(text)
    assert match, f"dòng lượt xem không đúng mẫu: {text!r}"
    return int(match.group(1))


def test_phone_reader_reads_counts_searches_and_prints(
    browser, live_server, settings, media_served, artifacts_dir
):
    """Home -> category -> article on a phone; views rise after the window; search; print."""
    settings.COUNTER_REPEAT_WINDOW_MINUTES = REPEAT_WINDOW_MINUTES
    category, article = make_reading_content()
    article_url = live_server.url + article.get_absolute_url()

    context = new_context(browser, PHONE)
    page = context.new_page()

    # Home: the story leads as "Tin nổi bật", on a phone-sized screen.
    page.goto(live_server.url + reverse("news:home"))
    expect(page).to_have_title(re.compile("Cổng thông tin điện tử"))
    featured = page.get_by_role("region", name="Tin nổi bật")
    expect(featured.get_by_role("heading", name=ARTICLE_TITLE)).to_be_visible()
    expect(page.get_by_role("region", name="Tin mới").get_by_role("article")).to_have_count(5)
    # Nothing wider than the phone: no sideways scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A category, chosen from the menu, which a phone opens with one tap.
    menu = page.get_by_role("navigation", name="Chuyên mục")
    menu.locator("summary").tap()
    menu.get_by_role("link", name=category.name).click()
    page.wait_for_url(live_server.url + category.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(category.name)
    expect(page.locator(".item__title")).to_have_count(4)

    # The article, from the category's list.
    opened_at = int(time.time())
    page.get_by_role("link", name=ARTICLE_TITLE).click()
    page.wait_for_url(article_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
    expect(page.locator(".article__body strong")).to_have_text("trường đạt chuẩn quốc gia mức độ 2")
    expect(page.get_by_role("img", name=article.cover_alt)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    views = shown_views(page)
    assert views == 1

    # A reload inside the repeat window is the same reader reading on: not counted. The
    # cookie keeps whole seconds, so the window is over once they differ by its length.
    page.reload()
    if int(time.time()) - opened_at < REPEAT_WINDOW_SECONDS:
        assert shown_views(page) == views
    # After the window, the next reload counts again.
    for _ in range(MAX_RELOADS):
        page.wait_for_timeout(RELOAD_EVERY_MS)
        page.reload()
        if shown_views(page) != views:
            break
    assert shown_views(page) == views + 1
    assert int(time.time()) - opened_at >= REPEAT_WINDOW_SECONDS

    # Search from the footer box, typed without diacritics.
    search_box = page.get_by_role("search").get_by_label("Tìm kiếm tin bài")
    search_box.fill(UNACCENTED_QUERY)
    search_box.press("Enter")
    page.wait_for_url(re.compile(re.escape(reverse("news:search")) + r"\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm tin bài")
    expect(page.locator(".search-summary")).to_contain_text(f"cho “{UNACCENTED_QUERY}”")
    result = page.locator(".item-list").get_by_role("link", name=ARTICLE_TITLE)
    expect(result).to_be_visible()
    result.click()
    page.wait_for_url(article_url)

    # Print from the "In bài" button (print.js; the dialog itself is recorded, not shown):
    # the article alone, without header, menus, breadcrumb, lists, counters or footer,
    # under a line naming the portal, the article's address and the print date.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="In bài").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    header = page.locator(".print-header")
    expect(header).to_be_visible()
    expect(header).to_contain_text("Cổng thông tin điện tử")
    expect(header).to_contain_text(f"Địa chỉ bài viết: {article_url}")
    expect(header).to_contain_text(re.compile(r"Ngày in: \d\d/\d\d/\d{4} \d\d:\d\d"))
    expect(page.get_by_role("button", name="In bài")).to_be_hidden()
    expect(page.locator(".article-views")).to_be_hidden()
    for hidden in (
        page.get_by_role("banner"),
        page.get_by_role("navigation", name="Chuyên mục"),
        page.get_by_role("navigation", name="Đường dẫn"),
        page.get_by_role("contentinfo"),
        page.get_by_role("complementary", name="Thống kê truy cập"),
        page.get_by_role("region", name="TIN ĐÃ ĐƯA"),
        page.get_by_role("link", name="Bỏ qua, đến nội dung chính"),
    ):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".article__lead")).to_be_visible()
    expect(page.locator(".article__body")).to_be_visible()
    expect(page.get_by_role("img", name=article.cover_alt)).to_be_visible()
    page.screenshot(path=artifacts_dir / "reader-print-phone.png", full_page=True)
    page.pdf(path=artifacts_dir / "reader-print.pdf", format="A4")
    context.close()
