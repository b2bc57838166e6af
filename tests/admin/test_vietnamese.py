"""Every admin page editors use reads Vietnamese: no common English phrase in what a
person sees or hears (text, button values, alt, title, aria-label, placeholder)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

# Common English of Django admin and its apps; each a whole word or phrase.
ENGLISH = [
    "Please correct", "Save and", "Add ", "Delete", "History", "Caption", "Filter", "Search",
    "Choose", "Select", "Required", "Remove", "Show", "Hide", "Change", "View", "Log in",
    "Log out", "Password", "Forbidden", "Permission", "Username", "Groups", "Staff status",
    "Active", "Superuser", "Available", "Chosen", "Today", "Yesterday", "Tomorrow", "Clear",
    "Cancel", "Are you sure", "Yes, I", "No, take me back", "Home", "Recent actions",
    "Sites", "Access", "Attempt", "results", "Go", "Unknown", "This field", "Enter a",
    "Raw passwords", "Designates", "Hold down", "Click", "Invalid", "characters", "Letters,",
    "Summary", "Objects", "Action", "Comment", "Revert", "Recover", "Compare", "Date/time",
    "User", "Save", "Close", "Edit", "Name", "First name", "Last name", "Email address",
    "Date joined", "Last login", "Important dates", "Personal info", "Log entries", "Content",
    "Preview", "Author", "Title", "Status", "entries", "Failed", "Expires", "Reset",
    "Success", "Error", "Warning", "Note", "Help", "Logout", "Login", "Sign in", "Upload",
    "Image", "File", "Library", "Media", "Description", "Date", "Time", "Now", "Previous",
    "Next", "Page", "Total", "Changed", "Added", "Deleted", "Created", "Updated", "Browse",
    "Can add", "Can change", "Can delete", "Can view", "Whether", "the", "and", "of", "you",
    "your", "will", "this", "not", "with", "for", "is", "are", "be", "Log", "Attempted",
]  # fmt: skip
ENGLISH_RE = re.compile(
    "|".join(rf"(?<![\w/.#-]){re.escape(p.strip())}(?![\w/.-])" for p in ENGLISH)
)
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
SILENT_TAGS = {"script", "style", "template", "noscript", "svg"}
PASSWORD = "mat-khau-bien-tap-1"


class VisibleText(HTMLParser):
    """What a person sees or hears of a page: text outside scripts, and spoken attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SILENT_TAGS:
            self.silent += 1
        if tag == "input" and attrs.get("type") in ("hidden",):
            return
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in SILENT_TAGS and self.silent:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent and data.strip():
            self.parts.append(data.strip())


def english_in(html):
    """Return the English phrases found in `html`'s visible text, with their context."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for match in ENGLISH_RE.finditer(part):
            found.append(f"{match.group()!r} in {part[:80]!r}")
    return found


def test_the_checker_finds_english_and_spares_vietnamese():
    """The checker itself: it flags English text and attributes, not Vietnamese or code."""
    assert english_in("<p>Please correct the errors below.</p>")
    assert english_in('<img alt="Search" src="/static/admin/img/search.svg">')
    assert english_in('<input type="submit" value="Save and continue editing">')
    assert not english_in("<p>Hãy sửa các lỗi dưới đây.</p><script>var Search = 1;</script>")
    assert not english_in('<a href="/quan-tri/auth/user/add/">Thêm người dùng</a>')


@pytest.fixture
def content():
    """Return an article with history, and its category."""
    import reversion

    category = make_category(name="Xây dựng Đảng")
    with reversion.create_revision():
        article = make_article(category=category, title="Sinh hoạt chi bộ tháng 12")
    with reversion.create_revision():
        article.lead = "Sapo mới."
        article.save()
    return article


@pytest.fixture
def editor(client):
    user = make_user("bientap", staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def editor_pages(article):
    """Return (what, url, data for a POST or None) for every admin page editors use."""
    category = article.category
    version = Version.objects.get_for_object(article).order_by("pk").first()
    return [
        ("trang chủ quản trị", reverse("admin:index"), None),
        ("danh sách bài", reverse("admin:news_article_changelist"), None),
        ("danh sách bài, tìm", reverse("admin:news_article_changelist") + "?q=chi+bo", None),
        ("danh sách bài, lọc", reverse("admin:news_article_changelist") + "?hien_thi=nhap", None),
        ("thêm bài", reverse("admin:news_article_add"), None),
        ("thêm bài, lỗi", reverse("admin:news_article_add"), {"title": ""}),
        ("sửa bài", reverse("admin:news_article_change", args=[article.pk]), None),
        ("lịch sử bài", reverse("admin:news_article_history", args=[article.pk]), None),
        (
            "phiên bản cũ",
            reverse("admin:news_article_revision", args=[article.pk, version.pk]),
            None,
        ),
        ("xóa bài", reverse("admin:news_article_delete", args=[article.pk]), None),
        ("bài đã xóa", reverse("admin:news_article_recoverlist"), None),
        ("chuyên mục", reverse("admin:news_category_changelist"), None),
        ("thêm chuyên mục", reverse("admin:news_category_add"), None),
        ("sửa chuyên mục", reverse("admin:news_category_change", args=[category.pk]), None),
        ("lịch sử chuyên mục", reverse("admin:news_category_history", args=[category.pk]), None),
        ("xóa chuyên mục", reverse("admin:news_category_delete", args=[category.pk]), None),
        ("chuyển hướng", reverse("admin:news_legacyredirect_changelist"), None),
        ("thêm chuyển hướng", reverse("admin:news_legacyredirect_add"), None),
        ("báo cáo", reverse("admin:counters_sitedailystats_changelist"), None),
        ("đổi mật khẩu", reverse("admin:password_change"), None),
        ("đổi mật khẩu, lỗi", reverse("admin:password_change"), {"old_password": "sai"}),
        ("đã đổi mật khẩu", reverse("admin:password_change_done"), None),
    ]


def superuser_pages(editor):
    """Return the pages only the installation's administrators use."""
    from axes.models import AccessLog

    group = Group.objects.get(name="Biên tập viên")
    log = AccessLog.objects.first()  # signing in wrote it
    pages = [
        ("người dùng", reverse("admin:auth_user_changelist"), None),
        ("thêm người dùng", reverse("admin:auth_user_add"), None),
        ("sửa người dùng", reverse("admin:auth_user_change", args=[editor.pk]), None),
        ("đặt mật khẩu", reverse("admin:auth_user_password_change", args=[editor.pk]), None),
        ("nhóm", reverse("admin:auth_group_changelist"), None),
        ("sửa nhóm", reverse("admin:auth_group_change", args=[group.pk]), None),
        ("trang web", reverse("admin:sites_site_changelist"), None),
        ("trang thành phần", reverse("admin:multisite_siteprofile_changelist"), None),
        ("quyền theo trang", reverse("admin:multisite_staffaccess_changelist"), None),
        ("thêm quyền theo trang", reverse("admin:multisite_staffaccess_add"), None),
        ("tên miền khác", reverse("admin:multisite_sitealias_changelist"), None),
        ("nhật ký đăng nhập", reverse("admin:axes_accesslog_changelist"), None),
        ("một lần đăng nhập", reverse("admin:axes_accesslog_change", args=[log.pk]), None),
        ("đăng nhập sai", reverse("admin:axes_accessattempt_changelist"), None),
        ("đăng nhập thất bại", reverse("admin:axes_accessfailurelog_changelist"), None),
    ]
    return pages


def assert_vietnamese(client, pages):
    problems = {}
    for what, url, data in pages:
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code in (200, 403), (what, url, response.status_code)
        found = english_in(response.content.decode())
        if found:
            problems[f"{what} ({url})"] = found
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


def test_every_page_an_editor_uses_reads_vietnamese(client, content, editor):
    """An editor's pages, forms with errors among them, carry no common English."""
    client.force_login(editor)
    assert_vietnamese(client, editor_pages(content))


def test_every_page_a_superuser_uses_reads_vietnamese(client, content, editor):
    """The same pages and the administrators' own (users, groups, sites, sign-in logs)."""
    client.force_login(make_user("quantri", superuser=True))
    assert_vietnamese(client, editor_pages(content) + superuser_pages(editor))


def test_the_403_page_reads_vietnamese(client, editor):
    """An editor opening the users list gets the Vietnamese 403 page."""
    client.force_login(editor)
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    assert not english_in(response.content.decode())
