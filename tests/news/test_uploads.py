"""Cover uploads in admin and body pictures sent by the editor: only real, sane images."""

import io
import json
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from news.images import validate_image
from news.models import Article
from tests.factories import make_category, make_user

COVER_WIDTH = 1600
COVER_HEIGHT = 1000
EXIF_ORIENTATION = 0x0112
EXIF_ROTATE_90 = 6
EXIF_GPS_INFO = 0x8825


def image_bytes(image_format="JPEG", size=(COVER_WIDTH, COVER_HEIGHT), color=(200, 30, 30)):
    """Return the bytes of a real image drawn by Pillow."""
    mode = "RGBA" if image_format in {"PNG", "WEBP"} else "RGB"
    if image_format == "GIF":
        mode = "P"
        color = 1
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def png_header_only(width, height):
    """Return a PNG that declares width x height but has no real pixel data."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def upload(content, name="anh.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_uploads():
    """Return the set of files under MEDIA_ROOT/uploads."""
    return {p for p in (Path(settings.MEDIA_ROOT) / "uploads").rglob("*") if p.is_file()}


def article_form_data(category, **overrides):
    """Return a complete POST for the article add form in admin."""
    now = timezone.localtime()
    data = {
        "title": "Hội nghị sơ kết công tác quý III",
        "category": category.pk,
        "lead": "Sapo giữ nguyên khi ảnh bị từ chối.",
        "body": "<p>Nội dung bài viết.</p>",
        "cover_alt": "Quang cảnh hội nghị",
        "cover_caption": "Ảnh: Ban Tuyên giáo",
        "status": Article.Status.DRAFT,
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "slug": "",
        "byline": "Ban Tuyên giáo Quận ủy",
        "author": "",
        "legacy_id": "",
        # The attachments inline the portal puts on the form (portal/admin.py): none.
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


class ValidateImageTests(TestCase):
    """news.images.validate_image on its own."""

    def test_accepts_each_allowed_format(self):
        """JPEG, PNG, WebP and GIF drawn by Pillow are accepted with their real format."""
        for image_format in ("JPEG", "PNG", "WEBP", "GIF"):
            with self.subTest(image_format=image_format):
                checked = validate_image(upload(image_bytes(image_format, size=(40, 30))))
                self.assertEqual(
                    (checked.format, checked.width, checked.height), (image_format, 40, 30)
                )

    def test_refuses_real_images_in_other_formats(self):
        """A genuine BMP or TIFF is refused: only web formats are allowed."""
        for image_format in ("BMP", "TIFF"):
            with self.subTest(image_format=image_format):
                content = image_bytes(image_format, size=(40, 30))
                with self.assertRaisesMessage(Exception, "không phải là ảnh hợp lệ"):
                    validate_image(upload(content))

    def test_pixel_limit_is_checked_before_decoding(self):
        """A header claiming 50 megapixels is refused for its size, not as a broken file."""
        content = png_header_only(10_000, 5_000)
        with self.assertRaisesMessage(Exception, "Kích thước ảnh quá lớn (10000 × 5000"):
            validate_image(upload(content, "bom.png", "image/png"))

    def test_decompression_bomb_is_refused(self):
        """A header claiming 10 gigapixels (Pillow's bomb error) gets a message, no crash."""
        content = png_header_only(100_000, 100_000)
        with self.assertRaisesMessage(Exception, "Kích thước ảnh quá lớn"):
            validate_image(upload(content, "bom.png", "image/png"))


class AdminCoverUploadTests(TestCase):
    """Covers uploaded through the admin add form."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category(name="Tin tức sự kiện")

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:news_article_add")

    def post_cover(self, content, name="anh.jpg", content_type="image/jpeg"):
        data = article_form_data(self.category, cover=upload(content, name, content_type))
        return self.client.post(self.url, data)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Article.objects.exists())
        errors = response.context["adminform"].form.errors
        self.assertIn("cover", errors)
        self.assertIn(message, " ".join(errors["cover"]))
        self.assertContains(response, message)

    def test_real_jpeg_is_saved(self):
        """A real JPEG cover is stored and its dimensions recorded."""
        response = self.post_cover(image_bytes("JPEG"))
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get()
        self.assertEqual((article.cover_width, article.cover_height), (COVER_WIDTH, COVER_HEIGHT))

    def test_text_renamed_jpg_is_refused(self):
        """A text file named .jpg and sent as image/jpeg is refused in Vietnamese."""
        response = self.post_cover(b"day khong phai la anh\n" * 20)
        self.assert_refused(response, "Tệp này không phải là ảnh hợp lệ")

    def test_other_fields_are_kept_when_cover_is_refused(self):
        """The re-displayed form keeps the title, lead and caption the editor typed."""
        response = self.post_cover(b"<?php echo 'x'; ?>", name="anh.png", content_type="image/png")
        self.assertContains(response, 'value="Hội nghị sơ kết công tác quý III"')
        self.assertContains(response, "Sapo giữ nguyên khi ảnh bị từ chối.")
        self.assertContains(response, 'value="Ảnh: Ban Tuyên giáo"')

    def test_truncated_jpeg_is_refused(self):
        """A JPEG cut in half during upload is refused as broken."""
        content = image_bytes("JPEG")
        response = self.post_cover(content[: len(content) // 2])
        self.assert_refused(response, "Ảnh bị hỏng hoặc tải lên chưa hết")

    def test_empty_file_is_refused(self):
        """A zero-byte file is refused with its own message."""
        response = self.post_cover(b"")
        self.assert_refused(response, "Tệp ảnh rỗng")

    def test_huge_dimensions_are_refused(self):
        """A small file declaring 50 megapixels is refused with the limit in the message."""
        response = self.post_cover(png_header_only(10_000, 5_000), "bom.png", "image/png")
        self.assert_refused(response, "Tối đa 40,0 megapixel")

    def test_decompression_bomb_is_refused(self):
        """A header claiming 10 gigapixels is refused without a server error."""
        response = self.post_cover(png_header_only(100_000, 100_000), "bom.png", "image/png")
        self.assert_refused(response, "Kích thước ảnh quá lớn")

    def test_file_over_size_limit_is_refused(self):
        """A file one byte over COVER_MAX_BYTES is refused before Pillow opens it."""
        content = image_bytes("JPEG", size=(64, 64))
        padded = content + b"\0" * (settings.COVER_MAX_BYTES + 1 - len(content))
        response = self.post_cover(padded)
        self.assert_refused(response, "Dung lượng tối đa là 10,0")

    def test_svg_is_refused(self):
        """An SVG (which can carry script) is refused even though browsers show it."""
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = self.post_cover(svg, "anh.svg", "image/svg+xml")
        self.assert_refused(response, "Tệp này không phải là ảnh hợp lệ")


class CoverChangeTests(TestCase):
    """Replacing or clearing the cover of an existing article."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:news_article_add"),
            article_form_data(self.category, cover=upload(image_bytes("PNG", (300, 200)))),
        )
        self.article = Article.objects.get()
        self.url = reverse("admin:news_article_change", args=[self.article.pk])

    def test_refused_replacement_keeps_the_current_cover(self):
        """A bad new cover is refused and the stored cover stays as it was."""
        data = article_form_data(self.category, cover=upload(b"not an image"))
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tệp này không phải là ảnh hợp lệ")
        before = self.article.cover.name
        self.article.refresh_from_db()
        self.assertEqual(self.article.cover.name, before)

    def test_clearing_the_cover(self):
        """Ticking "Xóa" removes the cover from the article."""
        response = self.client.post(
            self.url, article_form_data(self.category, **{"cover-clear": "on"})
        )
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertFalse(self.article.cover)


class CoverRenditionTests(TestCase):
    """Renditions made when a cover is uploaded through admin."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)
        self.original = image_bytes("JPEG")
        data = article_form_data(self.category, cover=upload(self.original))
        response = self.client.post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 302)
        self.article = Article.objects.get()

    def test_original_is_kept_unchanged(self):
        """The stored original has exactly the bytes the editor uploaded."""
        with default_storage.open(self.article.cover.name) as stored:
            self.assertEqual(stored.read(), self.original)

    def test_renditions_exist_with_right_format_and_width(self):
        """Each WebP and JPEG rendition is on disk at its width, made at upload time."""
        expected = {
            "cover_320_webp": ("WEBP", 320),
            "cover_640_webp": ("WEBP", 640),
            "cover_1024_webp": ("WEBP", 1024),
            "cover_320_jpeg": ("JPEG", 320),
            "cover_640_jpeg": ("JPEG", 640),
            "cover_1024_jpeg": ("JPEG", 1024),
        }
        for attribute, (image_format, width) in expected.items():
            with self.subTest(attribute=attribute):
                name = getattr(self.article, attribute).name
                path = Path(settings.MEDIA_ROOT) / name
                self.assertTrue(path.is_file(), f"{name} was not generated on upload")
                with Image.open(path) as rendition:
                    self.assertEqual(rendition.format, image_format)
                    self.assertEqual(rendition.width, width)


class ExifOrientationTests(TestCase):
    """Phone photos stored sideways with an EXIF orientation tag."""

    def test_renditions_are_turned_upright(self):
        """A landscape-stored JPEG tagged "rotate 90°" gives portrait renditions."""
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = EXIF_ROTATE_90
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 800), (10, 120, 10)).save(buffer, format="JPEG", exif=exif)
        editor = make_user(superuser=True)
        self.client.force_login(editor)
        data = article_form_data(make_category(), cover=upload(buffer.getvalue()))
        self.client.post(reverse("admin:news_article_add"), data)
        article = Article.objects.get()
        with Image.open(Path(settings.MEDIA_ROOT) / article.cover_640_jpeg.name) as rendition:
            self.assertEqual(rendition.size, (640, 960))


class EditorImageUploadTests(TestCase):
    """The picture upload endpoint the body editor (TinyMCE) calls."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(staff=True, perms=["news.change_article"])
        cls.url = reverse("editor-upload-image")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_real_image_is_stored_under_uploads_by_month(self):
        """A PNG is stored as uploads/YYYY/MM/<random>.png and its URL returned."""
        response = self.client.post(
            self.url, {"file": upload(image_bytes("PNG", (50, 40)), "x.jpg", "image/jpeg")}
        )
        self.assertEqual(response.status_code, 200)
        location = response.json()["location"]
        month = timezone.localtime().strftime("%Y/%m")
        self.assertTrue(location.startswith(f"{settings.MEDIA_URL}uploads/{month}/"), location)
        self.assertTrue(location.endswith(".png"), "extension follows the real format")
        name = location.removeprefix(settings.MEDIA_URL)
        self.assertTrue(default_storage.exists(name))

    def stored_image(self, response):
        name = response.json()["location"].removeprefix(settings.MEDIA_URL)
        return Image.open(Path(settings.MEDIA_ROOT) / name)

    def test_large_photo_is_scaled_and_stripped_of_metadata(self):
        """A 2400 px phone photo with GPS data is stored 1600 px wide with no EXIF."""
        exif = Image.Exif()
        exif[EXIF_GPS_INFO] = {1: "N", 2: (10.0, 45.0, 0.0)}
        buffer = io.BytesIO()
        Image.new("RGB", (2400, 1200), (90, 90, 200)).save(buffer, format="JPEG", exif=exif)
        response = self.client.post(self.url, {"file": upload(buffer.getvalue())})
        with self.stored_image(response) as stored:
            self.assertEqual((stored.format, stored.size), ("JPEG", (1600, 800)))
            self.assertEqual(dict(stored.getexif()), {})

    def test_sideways_photo_is_stored_upright(self):
        """A photo tagged "rotate 90°" is stored turned, so every browser shows it upright."""
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = EXIF_ROTATE_90
        buffer = io.BytesIO()
        Image.new("RGB", (600, 400), (10, 120, 10)).save(buffer, format="JPEG", exif=exif)
        response = self.client.post(self.url, {"file": upload(buffer.getvalue())})
        with self.stored_image(response) as stored:
            self.assertEqual(stored.size, (400, 600))

    def test_animated_gif_is_stored_unchanged(self):
        """An animated GIF keeps all its frames: it is stored byte for byte."""
        frames = [Image.new("P", (30, 30), color) for color in (1, 2, 3)]
        buffer = io.BytesIO()
        frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
        response = self.client.post(
            self.url, {"file": upload(buffer.getvalue(), "dong.gif", "image/gif")}
        )
        name = response.json()["location"].removeprefix(settings.MEDIA_URL)
        with default_storage.open(name) as stored:
            self.assertEqual(stored.read(), buffer.getvalue())

    def test_hostile_file_gets_vietnamese_error(self):
        """An HTML file named .png is refused with a 400 and a message TinyMCE shows."""
        response = self.client.post(
            self.url, {"file": upload(b"<script>alert(1)</script>", "x.png", "image/png")}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("không phải là ảnh hợp lệ", response.json()["error"]["message"])

    def test_missing_file_is_a_bad_request(self):
        """A POST with no file answers 400, not a server error."""
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Không nhận được tệp ảnh", response.json()["error"]["message"])

    def test_get_is_not_allowed(self):
        """Only POST uploads."""
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_csrf_token_is_required(self):
        """Without the CSRF token the upload is refused and nothing is stored."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.editor)
        content = image_bytes("JPEG", (20, 20))
        before = stored_uploads()
        refused = client.post(self.url, {"file": upload(content)})
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(stored_uploads(), before)

    def test_csrf_header_is_accepted(self):
        """The token sent as X-CSRFToken (as tinymce_upload.js does) passes CSRF checks."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user(superuser=True))
        page = client.get(reverse("admin:news_article_add"))
        token = page.context["csrf_token"]
        response = client.post(
            self.url,
            {"file": upload(image_bytes("JPEG", (20, 20)))},
            headers={"X-CSRFToken": str(token)},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIn("location", json.loads(response.content))

    def test_staff_without_article_permission_is_forbidden(self):
        """A staff member who may not add or change articles cannot upload."""
        self.client.force_login(make_user(staff=True))
        response = self.client.post(self.url, {"file": upload(image_bytes("JPEG", (20, 20)))})
        self.assertEqual(response.status_code, 403)

    def test_anonymous_is_forbidden(self):
        """A visitor who is not signed in cannot upload."""
        self.client.logout()
        response = self.client.post(self.url, {"file": upload(image_bytes("JPEG", (20, 20)))})
        self.assertEqual(response.status_code, 403)
