"""Screenshots of every public page at phone and desktop width, kept as test artifacts
(test-artifacts/, gitignored; CI keeps the folder) for a person to look at.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browsing import DESKTOP, PHONE, make_reading_content, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCH_QUERY = "lac long quan"
ALL_IMAGES_LOADED = (
    "() => Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)"
)


def public_pages(category, article):
    """Return (file name part, path, the page's h1) for every kind of public page."""
    return (
        ("trang-chu", reverse("news:home"), None),
        ("chuyen-muc", category.get_absolute_url(), category.name),
        ("bai-viet", article.get_absolute_url(), article.title),
        ("tim-kiem", f"{reverse('news:search')}?q={SEARCH_QUERY}", "Tìm kiếm tin bài"),
    )


@pytest.mark.parametrize(("viewport", "size_name"), [(PHONE, "dien-thoai"), (DESKTOP, "may-tinh")])
def test_public_pages_screenshots(
    browser, live_server, media_served, artifacts_dir, viewport, size_name
):
    """Each public page renders whole, pictures loaded, and is saved as a PNG."""
    category, article = make_reading_content()
    context = new_context(browser, viewport)
    page = context.new_page()
    for name, path, heading in public_pages(category, article):
        page.goto(live_server.url + path)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # Lazy pictures load once scrolled to; the screenshot shows them all.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function(ALL_IMAGES_LOADED)
        page.evaluate("window.scrollTo(0, 0)")
        # The page is as wide as the screen: nothing makes it scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        target = artifacts_dir / f"{name}-{size_name}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 0
    context.close()
