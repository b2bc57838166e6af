"""Pages keep a readable address of their path, refuse loops, and clean what they store."""

import pytest
from django.core.exceptions import ValidationError

from agency.models import BODY_MAX_CHARS, Page
from tests.agency.factories import make_page
from tests.factories import make_category, make_site

pytestmark = pytest.mark.django_db


def test_address_is_the_vietnamese_slug_path():
    """A child's address is its parent's followed by its own slug, without diacritics."""
    about = make_page(title="Giới thiệu")
    child = make_page(title="Cơ cấu tổ chức", parent=about)
    assert about.get_absolute_url() == "/gioi-thieu/"
    assert child.get_absolute_url() == "/gioi-thieu/co-cau-to-chuc/"


def test_moving_a_page_moves_its_subtree():
    """Renaming a parent's slug changes its children's addresses too."""
    about = make_page(title="Giới thiệu")
    child = make_page(title="Lịch sử", parent=about)
    grandchild = make_page(title="Thời kỳ đổi mới", parent=child)
    about.slug = "ve-chung-toi"
    about.save()
    grandchild.refresh_from_db()
    assert grandchild.path == "ve-chung-toi/lich-su/thoi-ky-doi-moi"


def test_a_tree_loop_is_refused_in_vietnamese():
    """A page cannot be placed under its own descendant."""
    top = make_page(title="Giới thiệu")
    child = make_page(title="Chức năng", parent=top)
    top.parent = child
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "vòng lặp" in error.value.message_dict["parent"][0]


def test_a_page_cannot_be_its_own_parent():
    page = make_page(title="Liên hệ")
    page.parent = page
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "vòng lặp" in error.value.message_dict["parent"][0]


def test_parent_must_belong_to_the_same_site():
    other = make_page(title="Giới thiệu", site=make_site())
    page = Page(site_id=1, title="Lịch sử", parent=other)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "cùng trang" in error.value.message_dict["parent"][0]


def test_an_address_the_portal_already_uses_is_refused():
    """A top-level page called "Lãnh đạo" or "en" would hide a route or be hidden."""
    for title in ("Lãnh đạo", "Sơ đồ trang", "En"):
        page = Page(site_id=1, title=title)
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "đã được cổng dùng" in error.value.message_dict["slug"][0]


def test_huge_body_is_refused_with_a_vietnamese_message():
    page = Page(site_id=1, title="Trang dài", body="<p>" + "a" * BODY_MAX_CHARS + "</p>")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "quá dài" in error.value.message_dict["body"][0]


def test_bodies_go_through_the_sanitizer():
    """Scripts are removed from the Vietnamese and the English body."""
    page = make_page(
        body="<p>Xin chào</p><script>alert(1)</script>",
        title_en="Hello",
        body_en='<p onclick="x()">Hi</p><script>alert(2)</script>',
    )
    assert "script" not in page.body and "script" not in page.body_en
    assert "onclick" not in page.body_en


def test_same_slug_under_two_parents_is_allowed():
    """ "Lịch sử" may exist under two different parents."""
    first, second = make_page(title="Giới thiệu"), make_page(title="Đảng ủy")
    a = make_page(title="Lịch sử", parent=first)
    b = make_page(title="Lịch sử", parent=second)
    assert a.path != b.path and a.slug == b.slug


def test_category_named_like_a_page_keeps_both_addresses():
    """Categories live under /chuyen-muc/, so a page of the same slug does not clash."""
    make_category(name="Giới thiệu")
    page = make_page(title="Giới thiệu")
    assert page.get_absolute_url() == "/gioi-thieu/"
