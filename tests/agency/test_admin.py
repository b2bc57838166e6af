"""Editors and contributors in the admin: the article rules for pages, each site's staff
on their own site, and bad input refused in Vietnamese with nothing lost."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agency.models import AgencyInfo, Leader, Page
from tests.agency.factories import jpeg_upload, make_info, make_page
from tests.factories import make_site, make_user

pytestmark = pytest.mark.django_db

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"


def member(group, **kwargs):
    user = make_user(staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group))
    return user


def page_data(**overrides):
    data = {
        "site": 1,
        "parent": "",
        "title": "Cơ cấu tổ chức",
        "lead": "",
        "body": "<p>Văn phòng, các phòng chuyên môn.</p>",
        "block": "",
        "title_en": "Organisational structure",
        "lead_en": "",
        "body_en": "<p>Offices.</p>",
        "status": Page.Status.PUBLISHED,
        "show_in_menu": "",
        "position": 0,
        "slug": "",
        "author": "",
    }
    data.update(overrides)
    return data


def test_editor_publishes_a_page_with_an_english_version(client):
    editor = member(EDITORS)
    client.force_login(editor)
    response = client.post(reverse("admin:agency_page_add"), page_data())
    assert response.status_code == 302
    page = Page.objects.get(title="Cơ cấu tổ chức")
    assert page.status == Page.Status.PUBLISHED and page.author == editor
    assert client.get(page.get_english_url()).status_code == 200


def test_contributor_may_only_save_a_draft(client):
    client.force_login(member(CONTRIBUTORS))
    response = client.post(reverse("admin:agency_page_add"), page_data())
    assert response.status_code == 200
    assert not Page.objects.exists()
    response = client.post(reverse("admin:agency_page_add"), page_data(status=Page.Status.DRAFT))
    assert response.status_code == 302
    assert Page.objects.get().status == Page.Status.DRAFT


def test_contributor_cannot_change_a_published_page(client):
    contributor = member(CONTRIBUTORS)
    page = make_page(title="Giới thiệu", author=contributor)
    client.force_login(contributor)
    url = reverse("admin:agency_page_change", args=[page.pk])
    client.post(url, page_data(title="Đổi", status=Page.Status.DRAFT))
    page.refresh_from_db()
    assert page.title == "Giới thiệu"


def test_staff_of_another_site_do_not_see_its_pages(client):
    page = make_page(title="Trang riêng của phường")
    other = make_site()
    client.force_login(member(EDITORS, sites=[other.pk]))
    assert client.get(reverse("admin:agency_page_change", args=[page.pk])).status_code != 200
    listing = client.get(reverse("admin:agency_page_changelist")).content.decode()
    assert "Trang riêng của phường" not in listing


def test_a_loop_posted_in_the_admin_is_refused_in_vietnamese(client):
    client.force_login(member(EDITORS))
    top = make_page(title="Giới thiệu")
    child = make_page(title="Lịch sử", parent=top)
    url = reverse("admin:agency_page_change", args=[top.pk])
    response = client.post(url, page_data(title="Giới thiệu", parent=child.pk))
    assert response.status_code == 200
    assert "vòng lặp" in response.content.decode()
    top.refresh_from_db()
    assert top.parent_id is None


def test_huge_text_is_refused_and_the_rest_kept(client):
    client.force_login(member(EDITORS))
    huge = "<p>" + "chữ " * 60_000 + "</p>"
    response = client.post(reverse("admin:agency_page_add"), page_data(body=huge))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung quá dài" in html and 'value="Cơ cấu tổ chức"' in html
    assert not Page.objects.exists()


def test_preview_shows_a_draft_to_staff_only(client):
    page = make_page(title="Dự thảo", status=Page.Status.DRAFT, title_en="Draft")
    url = reverse("agency:page-preview", args=[page.pk])
    assert client.get(url).status_code == 302  # to the sign-in
    client.force_login(member(EDITORS))
    response = client.get(url)
    assert response.status_code == 200 and "Bản xem trước" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    english = client.get(reverse("agency:page-preview-en", args=[page.pk]))
    assert english.status_code == 200 and "Preview" in english.content.decode()


def test_saving_a_page_keeps_a_revision(client):
    client.force_login(member(EDITORS))
    client.post(reverse("admin:agency_page_add"), page_data())
    page = Page.objects.get()
    history = client.get(reverse("admin:agency_page_history", args=[page.pk]))
    assert history.status_code == 200
    from reversion.models import Version

    assert Version.objects.get_for_object(page).count() == 1


def leader_data(**overrides):
    data = {
        "site": 1,
        "name": "Nguyễn Thị Hoa",
        "position": "Chủ tịch",
        "biography": "Sinh năm 1975.",
        "duties": "Phụ trách chung.",
        "phone": "",
        "email": "",
        "order": 1,
        "position_en": "",
        "biography_en": "",
        "duties_en": "",
        "slug": "",
    }
    data.update(overrides)
    return data


def test_leader_photo_that_is_not_an_image_is_refused_in_vietnamese(client):
    client.force_login(member(EDITORS))
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(reverse("admin:agency_leader_add"), leader_data(photo=fake))
    assert response.status_code == 200
    html = response.content.decode()
    assert "không phải là ảnh hợp lệ" in html and "Sinh năm 1975." in html
    assert not Leader.objects.exists()


def test_leader_photo_gets_the_cover_renditions(client):
    client.force_login(member(EDITORS))
    response = client.post(reverse("admin:agency_leader_add"), leader_data(photo=jpeg_upload()))
    assert response.status_code == 302
    leader = Leader.objects.get()
    assert (leader.photo_width, leader.photo_height) == (300, 400)
    urls = leader.photo_urls
    assert set(urls) == {f"w{w}_{f}" for w in (320, 640, 1024) for f in ("webp", "jpeg")}
    page = client.get(leader.get_absolute_url()).content.decode()
    assert urls["w320_jpeg"] in page


def test_site_editor_edits_the_agency_information_of_their_site_only(client):
    info = make_info()
    other = make_site()
    other_info = make_info(site=other, full_name="Cơ quan khác")
    client.force_login(member(EDITORS))
    url = reverse("admin:agency_agencyinfo_change", args=[info.pk])
    assert client.get(url).status_code == 200
    other_url = reverse("admin:agency_agencyinfo_change", args=[other_info.pk])
    assert client.get(other_url).status_code != 200
    assert AgencyInfo.objects.count() == 2


def test_contributor_cannot_edit_the_agency_information(client):
    info = make_info()
    client.force_login(member(CONTRIBUTORS))
    url = reverse("admin:agency_agencyinfo_change", args=[info.pk])
    assert client.get(url).status_code == 403
