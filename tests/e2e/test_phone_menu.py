"""The menu on a 390 px phone: one tap opens it, every item is then whole on screen and
reachable by keyboard; on a desktop it is always open, with no toggle."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browsing import DESKTOP, PHONE, new_context
from tests.factories import make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's menu, the longest names a portal has (issue 16: 4 of 6 were off-screen).
CATEGORY_NAMES = (
    "Tin tức sự kiện",
    "Xây dựng Đảng",
    "Kinh tế - Xã hội",
    "Văn hóa - Giáo dục",
    "Cải cách hành chính",
    "Quốc phòng - An ninh",
)
WHOLE_ON_SCREEN = """(el) => { const r = el.getBoundingClientRect();
  return r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth
    && r.bottom <= window.innerHeight && r.width > 0; }"""


@pytest.fixture
def menu_site():
    categories = [
        make_category(name=name, menu_position=n) for n, name in enumerate(CATEGORY_NAMES)
    ]
    make_article(category=categories[0])
    return categories


def _menu(page):
    return page.get_by_role("navigation", name="Chuyên mục")


def test_one_tap_shows_every_menu_item_whole_on_a_phone(
    browser, live_server, menu_site, artifacts_dir
):
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server.url + reverse("news:home"))
    links = _menu(page).get_by_role("link")
    expect(links.first).to_be_hidden()  # closed: the page starts with the news
    toggle = _menu(page).locator("summary")
    expect(toggle).to_have_text("Chuyên mục")
    toggle.tap()
    # The home page, every category, and what other apps add (documents, pages...).
    expect(links.nth(len(CATEGORY_NAMES))).to_be_visible()
    names = [link.inner_text() for link in links.all()]
    assert names[: len(CATEGORY_NAMES) + 1] == ["Trang chủ", *CATEGORY_NAMES]
    for link in links.all():
        expect(link).to_be_visible()
        assert link.evaluate(WHOLE_ON_SCREEN), link.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts_dir / "menu-mo-dien-thoai.png")
    links.nth(3).tap()
    page.wait_for_url(live_server.url + menu_site[2].get_absolute_url())
    context.close()


def test_the_menu_opens_and_is_walked_by_keyboard_on_a_phone(browser, live_server, menu_site):
    """Tab reaches the toggle (a native <summary>: its open state is the browser's to
    announce), Enter opens it, and each Tab then lands on the next item, whole on screen."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server.url + reverse("news:home"))
    toggle = _menu(page).locator("summary")
    for _ in range(5):
        page.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    assert toggle.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(_menu(page).locator("details")).to_have_attribute("open", "")
    names = ["Trang chủ", *CATEGORY_NAMES]
    for name in names:
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        expect(focused).to_have_text(name)
        assert focused.evaluate(WHOLE_ON_SCREEN), name
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_have_text(names[-3])
    context.close()


def test_the_menu_is_always_open_on_a_desktop(browser, live_server, menu_site):
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + reverse("news:home"))
    expect(_menu(page).locator("summary")).to_be_hidden()
    for link in _menu(page).get_by_role("link").all():
        expect(link).to_be_visible()
        assert link.evaluate(WHOLE_ON_SCREEN), link.inner_text()
    context.close()
