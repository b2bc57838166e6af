"""Slugs from Vietnamese titles: transliteration, uniqueness, and stability once published."""

from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from news.models import Article, Category
from news.text import vietnamese_slugify
from tests.factories import make_article, make_category, make_user
from tests.news.test_history import form_post_data
from tests.news.test_uploads import article_form_data


class VietnameseSlugifyTests(TestCase):
    """news.text.vietnamese_slugify on its own."""

    def test_party_title(self):
        """The issue's example title becomes the expected slug."""
        self.assertEqual(
            vietnamese_slugify("Nâng cao chất lượng chi bộ Đảng"),
            "nang-cao-chat-luong-chi-bo-dang",
        )

    def test_lower_and_upper_d_with_stroke(self):
        """Both "đ" and "Đ" become "d" (Django's own slugify drops them)."""
        self.assertEqual(vietnamese_slugify("Đường đến đô thị ĐẸP"), "duong-den-do-thi-dep")

    def test_decomposed_unicode_gives_same_slug(self):
        """A title typed with combining accents (NFD) gives the same slug as NFC."""
        import unicodedata

        title = "Hội nghị Ban Chấp hành Đảng bộ"
        self.assertEqual(
            vietnamese_slugify(unicodedata.normalize("NFD", title)), vietnamese_slugify(title)
        )

    def test_all_tone_marks(self):
        """Every tone mark on every vowel is dropped to its base letter."""
        self.assertEqual(
            vietnamese_slugify("à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ"),
            "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-e-e-e-e-e-e-e-e-e-e",
        )
        self.assertEqual(
            vietnamese_slugify(
                "ì í ỉ ĩ ị ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ"
            ),
            "i-i-i-i-i-o-o-o-o-o-o-o-o-o-o-o-o-o-o-o-u-u-u-u-u-u-u-u-u-u-y-y-y-y-y",
        )

    def test_punctuation_is_dropped(self):
        """Quotes, dashes and punctuation do not leave stray hyphens."""
        self.assertEqual(
            vietnamese_slugify("“Chung tay” vì cộng đồng – năm 2026!"),
            "chung-tay-vi-cong-dong-nam-2026",
        )


class UniqueSlugTests(TestCase):
    """Articles and categories with the same title get distinct slugs."""

    def test_duplicates_get_numbered_suffixes(self):
        """Three articles titled alike get slug, slug-2, slug-3."""
        category = make_category()
        slugs = [
            make_article(category=category, title="Tin nổi bật trong tuần").slug for _ in range(3)
        ]
        self.assertEqual(
            slugs,
            ["tin-noi-bat-trong-tuan", "tin-noi-bat-trong-tuan-2", "tin-noi-bat-trong-tuan-3"],
        )

    def test_prefix_of_another_slug_is_not_a_duplicate(self):
        """A title whose slug is a prefix of an existing one keeps its plain slug."""
        make_article(title="Hội nghị tổng kết năm")
        self.assertEqual(make_article(title="Hội nghị tổng kết").slug, "hoi-nghi-tong-ket")

    def test_duplicate_category_names(self):
        """Two categories named alike get distinct slugs."""
        first = Category.objects.create(site_id=1, name="Đoàn thể")
        second = Category.objects.create(site_id=1, name="Đoàn thể")
        self.assertEqual((first.slug, second.slug), ("doan-the", "doan-the-2"))

    def test_title_without_letters_still_gets_a_slug(self):
        """A title made only of symbols falls back to a generic slug, never an empty one."""
        self.assertEqual(make_article(title="!!! ???").slug, "bai-viet")

    def test_duplicate_in_admin_gets_suffix(self):
        """Adding through admin an article whose title is taken gives it the -2 slug."""
        editor = make_user(superuser=True)
        category = make_category()
        make_article(category=category, title="Thông báo lịch tiếp công dân")
        self.client.force_login(editor)
        self.client.post(
            reverse("admin:news_article_add"),
            article_form_data(category, title="Thông báo lịch tiếp công dân"),
        )
        self.assertEqual(
            Article.objects.order_by("-pk").first().slug, "thong-bao-lich-tiep-cong-dan-2"
        )


class PublishedSlugStabilityTests(TestCase):
    """A published article's URL never changes."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_title_edit_in_admin_keeps_published_slug(self):
        """Retitling a published article in admin keeps its slug, even if a new one is sent."""
        article = make_article(category=self.category, title="Tiêu đề gốc của bài")
        data = article_form_data(
            self.category,
            title="Tiêu đề hoàn toàn mới",
            status=Article.Status.PUBLISHED,
            slug="duong-dan-khac",
        )
        response = self.client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.title, "Tiêu đề hoàn toàn mới")
        self.assertEqual(article.slug, "tieu-de-goc-cua-bai")

    def test_title_edit_in_code_keeps_slug(self):
        """Saving a new title from code (import, shell) keeps the existing slug."""
        article = make_article(title="Tiêu đề gốc")
        article.title = "Tiêu đề khác"
        article.save()
        article.refresh_from_db()
        self.assertEqual(article.slug, "tieu-de-goc")

    def test_draft_slug_can_be_regenerated(self):
        """A draft whose slug field is emptied gets a new slug from its current title."""
        article = make_article(
            category=self.category, status=Article.Status.DRAFT, title="Bản nháp"
        )
        data = article_form_data(self.category, title="Bản nháp đã đặt tên", slug="")
        self.client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        article.refresh_from_db()
        self.assertEqual(article.slug, "ban-nhap-da-dat-ten")

    def test_restoring_a_draft_version_keeps_published_slug(self):
        """Restoring a version saved as a draft under another slug keeps the live URL."""
        add = self.client.post(
            reverse("admin:news_article_add"), article_form_data(self.category, title="Bản đầu")
        )
        self.assertEqual(add.status_code, 302)
        article = Article.objects.get()
        data = article_form_data(
            self.category,
            title="Bản chính thức",
            slug="ban-chinh-thuc",
            status=Article.Status.PUBLISHED,
        )
        self.client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        first_version = Version.objects.get_for_object(article).order_by("pk").first()
        url = reverse("admin:news_article_revision", args=[article.pk, first_version.pk])
        page = self.client.get(url)
        response = self.client.post(url, form_post_data(page.context["adminform"].form))
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual((article.title, article.slug), ("Bản đầu", "ban-chinh-thuc"))
