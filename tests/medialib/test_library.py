"""The media library: every body picture uploaded is recorded, found and offered again."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from medialib.models import MediaFile
from tests.factories import make_site, make_user
from tests.news.test_uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


def send_picture(client, name="Hội nghị chi bộ.jpg", size=(2000, 1000), image_format="JPEG"):
    response = client.post(
        reverse("editor-upload-image"), {"file": upload(image_bytes(image_format, size), name)}
    )
    assert response.status_code == 200, response.content
    return response.json()["location"]


@pytest.fixture
def editor(client):
    user = make_user("bientap", staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(user)
    return user


def test_an_upload_is_recorded_with_its_name_size_and_uploader(client, editor):
    """The endpoint's picture becomes a library row of the editor's site."""
    location = send_picture(client)
    media = MediaFile.objects.get()
    assert media.file.url == location
    assert media.name == "Hội nghị chi bộ.jpg"
    assert (media.width, media.height) == (1600, 800)  # scaled down as stored
    assert media.uploaded_by == editor
    assert media.site_id == 1
    assert media.size == (Path(settings.MEDIA_ROOT) / media.file.name).stat().st_size


def test_an_upload_gets_its_renditions_at_once(client, editor):
    """WebP and JPEG at 320/640/1024 exist before any reader asks."""
    send_picture(client)
    media = MediaFile.objects.get()
    for attr in ("w320_webp", "w640_jpeg", "w1024_webp"):
        assert (Path(settings.MEDIA_ROOT) / getattr(media, attr).name).is_file(), attr


def test_a_refused_upload_records_nothing(client, editor):
    """A file that is not a picture leaves the library as it was."""
    response = client.post(reverse("editor-upload-image"), {"file": upload(b"not an image")})
    assert response.status_code == 400
    assert not MediaFile.objects.exists()


def test_library_list_searches_by_name_and_filters_by_date(client, editor):
    """Browse with thumbnails; search by name; narrow by day."""
    send_picture(client, "Lễ chào cờ.jpg")
    send_picture(client, "Đại hội phụ nữ.jpg")
    url = reverse("admin:medialib_mediafile_changelist")
    response = client.get(url, {"q": "chào cờ"})
    assert [m.name for m in response.context["cl"].result_list] == ["Lễ chào cờ.jpg"]
    assert 'class="media-thumb"' in response.content.decode()
    today = MediaFile.objects.first().uploaded_at
    response = client.get(url, {"uploaded_at__year": today.year + 1})
    assert list(response.context["cl"].result_list) == []


def test_pick_list_offers_the_sites_pictures_newest_first(client, editor):
    """The body editor's picture list holds this site's pictures, not another site's."""
    send_picture(client, "Ảnh một.jpg")
    send_picture(client, "Ảnh hai.jpg")
    other = make_site()
    foreign = MediaFile.objects.create(site=other, name="Ảnh trang khác.jpg")
    foreign.file.name = "uploads/2026/01/khac.jpg"
    foreign.save()
    response = client.get(reverse("admin:medialib_mediafile_picklist"))
    titles = [item["title"] for item in response.json()]
    assert len(titles) == 2 and "Ảnh hai.jpg" in titles[0] and "Ảnh một.jpg" in titles[1]
    assert all(item["value"].startswith(settings.MEDIA_URL) for item in response.json())


def test_pick_list_needs_the_view_permission(client):
    """A staff member without the library's permission gets 403."""
    client.force_login(make_user(staff=True))
    response = client.get(reverse("admin:medialib_mediafile_picklist"))
    assert response.status_code == 403


def test_article_form_offers_the_pick_list_to_the_editor(client, editor):
    """The body editor's config names the pick list as TinyMCE's image_list."""
    response = client.get(reverse("admin:news_article_add"))
    assert reverse("admin:medialib_mediafile_picklist") in response.content.decode()


def test_nobody_adds_a_file_through_the_library_form(client, editor):
    """Pictures arrive through the editor, which checks and scales them."""
    response = client.get(reverse("admin:medialib_mediafile_add"))
    assert response.status_code == 403
