"""`manage.py load_demo`: the demo portal a newcomer sees after `make run`."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.contrib.sites.models import Site
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone
from reversion.models import Version

from news.demo import sites as demo_sites
from news.demo.content import ARTICLES, ORIGINAL_LEGACY_ID
from news.models import Article, Category

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ORIGINAL_TITLE = "Giao ban chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ”"
ORIGINAL_FIRST_WORDS = "Vừa qua, Thực hiện theo hướng dẫn của Ban Tổ chức Thành ủy"
ORIGINAL_LAST_WORDS = "một số vấn đề cấp bách về xây dựng Đảng hiện nay"


def load_demo():
    """Return what load_demo printed."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Return every demo row as comparable tuples."""
    articles = list(
        Article.objects.order_by("pk").values_list(
            "pk", "slug", "title", "status", "publish_at", "updated_at", "cover"
        )
    )
    categories = list(Category.objects.order_by("pk").values_list("pk", "slug", "name", "parent"))
    return articles, categories


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = load_demo()
        cls.original = Article.objects.get(legacy_id=ORIGINAL_LEGACY_ID)

    def test_a_city_portal_and_two_ward_sites(self):
        """The city portal is the root; two wards are its component sites, each on its
        own host name."""
        city = Site.objects.get(pk=1)
        self.assertEqual(city.name, "Cổng thông tin điện tử Thành phố Hồ Chí Minh")
        wards = Site.objects.filter(profile__parent=city).order_by("profile__position")
        self.assertEqual(
            [w.domain for w in wards], ["minhphung.tphcm.localhost", "binhthoi.tphcm.localhost"]
        )
        self.assertIsNone(city.profile.parent)

    def test_loads_the_district_archive_into_its_ward_and_news_of_each_site(self):
        """The old district's forty articles live in Phường Minh Phụng; the city and the
        other ward have news of their own."""
        archive = Site.objects.get(domain="minhphung.tphcm.localhost")
        self.assertEqual(Article.objects.filter(site=archive).count(), len(ARTICLES))
        self.assertEqual(self.original.site, archive)
        for site in Site.objects.exclude(pk=archive.pk):
            self.assertTrue(Article.objects.filter(site=site).exists(), site.domain)
        self.assertEqual(Article.objects.count(), len(ARTICLES) + len(demo_sites.ARTICLES))

    def test_old_district_address_answers_on_its_old_host(self):
        """The old portal's address of the original article, on the dissolved district's
        host name, is a 301 to the article on the ward's host."""
        response = Client(HTTP_HOST="quan11.tphcm.localhost").get(
            "/Default.aspx", {"tabid": "52", "ID": "1234"}
        )
        self.assertEqual(response.status_code, 301)
        self.assertEqual(
            response["Location"],
            f"http://minhphung.tphcm.localhost{self.original.get_absolute_url()}",
        )

    def test_five_menu_categories_and_one_subcategory(self):
        """The archive's five top-level categories, one subcategory under "Xây dựng Đảng"."""
        roots = Category.objects.filter(site=self.original.site, parent__isnull=True)
        self.assertEqual(
            sorted(roots.values_list("name", flat=True)),
            sorted(
                [
                    "Tin tức sự kiện",
                    "Xây dựng Đảng",
                    "Kinh tế - Xã hội",
                    "Văn hóa - Giáo dục",
                    "Cải cách hành chính",
                ]
            ),
        )
        child = Category.objects.get(site=self.original.site, parent__isnull=False)
        self.assertEqual(child.parent.name, "Xây dựng Đảng")

    def test_every_category_has_published_articles(self):
        """No demo category page is empty."""
        for category in Category.objects.all():
            with self.subTest(category=category.name):
                self.assertTrue(Article.objects.published().filter(category=category).exists())

    def test_second_run_changes_and_duplicates_nothing(self):
        """Running load_demo again leaves every row exactly as it was."""
        before = snapshot()
        output = load_demo()
        self.assertEqual(snapshot(), before)
        self.assertIn("thêm 0 bài viết", output)

    def test_rerun_keeps_an_editors_changes(self):
        """An article an editor retitled is not put back by a later load_demo."""
        Article.objects.filter(pk=self.original.pk).update(title="Tiêu đề đã sửa")
        load_demo()
        self.assertEqual(Article.objects.get(pk=self.original.pk).title, "Tiêu đề đã sửa")

    def test_rerun_restores_a_deleted_demo_article(self):
        """A demo article that was deleted comes back, once, on the next run."""
        Article.objects.filter(legacy_id="demo-002").delete()
        load_demo()
        self.assertEqual(Article.objects.filter(legacy_id="demo-002").count(), 1)
        self.assertEqual(Article.objects.count(), len(ARTICLES) + len(demo_sites.ARTICLES))

    def test_original_article_keeps_its_publish_time(self):
        """The original portal's article is dated 07/04/2014 10:45, Hồ Chí Minh time."""
        self.assertEqual(self.original.publish_at, datetime(2014, 4, 7, 10, 45, tzinfo=PORTAL_TZ))

    def test_original_article_and_site_start_from_the_original_totals(self):
        """The original article starts at 7168 views and its ward at the old district
        portal's 36312546 visits."""
        from counters import services

        self.assertEqual(services.article_total(self.original.pk), 7168)
        self.assertEqual(services.site_totals([self.original.site_id]).visits, 36312546)

    def test_original_article_title_category_and_body(self):
        """The original article: exact title, "Tin tức sự kiện", its whole body as paragraphs."""
        self.assertEqual(self.original.title, ORIGINAL_TITLE)
        self.assertEqual(self.original.category.name, "Tin tức sự kiện")
        self.assertEqual(self.original.body.count("<p>"), 3)
        self.assertTrue(self.original.body.startswith(f"<p>{ORIGINAL_FIRST_WORDS}"))
        self.assertIn(ORIGINAL_LAST_WORDS, self.original.body)
        self.assertTrue(self.original.is_published())

    def test_original_article_has_newer_and_older_neighbours(self):
        """Its TIN MỚI HƠN and TIN ĐÃ ĐƯA lists have articles of the same category."""
        same_category = Article.objects.published().filter(category=self.original.category)
        newer = same_category.filter(publish_at__gt=self.original.publish_at)
        older = same_category.filter(publish_at__lt=self.original.publish_at)
        self.assertGreaterEqual(newer.count(), 5)
        self.assertGreaterEqual(older.count(), 5)

    def test_featured_scheduled_and_draft_articles(self):
        """The demo shows featured news, articles scheduled for later, and one draft."""
        now = timezone.now()
        published = Article.objects.filter(status=Article.Status.PUBLISHED)
        self.assertTrue(Article.objects.published().filter(featured=True).exists())
        self.assertGreaterEqual(published.filter(publish_at__gt=now).count(), 2)
        self.assertEqual(Article.objects.filter(status=Article.Status.DRAFT).count(), 1)

    def test_covers_are_real_images_with_renditions(self):
        """Each cover is a stored 1600x900 JPEG with its WebP rendition already made."""
        for article in Article.objects.all():
            with self.subTest(article=article.legacy_id):
                self.assertEqual((article.cover_width, article.cover_height), (1600, 900))
                self.assertTrue(article.cover.name.endswith(".jpg"))
                self.assertTrue(default_storage.exists(article.cover.name))
                self.assertTrue(default_storage.exists(article.cover_640_webp.name))

    def test_cover_sizes_are_stored_in_the_rows(self):
        """Width and height are columns of each row, so no page opens a cover to learn them.

        (Reading the article object is not enough: Django fills a missing size from the
        file when the row is loaded, which is what made each page open the covers.)
        """
        sizes = set(Article.objects.exclude(cover="").values_list("cover_width", "cover_height"))
        self.assertEqual(sizes, {(1600, 900)})

    def test_covers_have_vietnamese_alt_and_caption(self):
        """Every cover has alt text and a caption, in Vietnamese."""
        for article in Article.objects.all():
            with self.subTest(article=article.legacy_id):
                self.assertIn("Ảnh minh họa", article.cover_alt)
                self.assertTrue(article.cover_caption)

    def test_every_article_starts_with_one_version_in_history(self):
        """Editors can compare and restore demo articles: each has a first version."""
        self.assertEqual(Version.objects.get_for_object(self.original).count(), 1)
        self.assertEqual(Version.objects.get_for_model(Article).count(), Article.objects.count())

    def test_reader_sees_original_article_like_the_old_portal(self):
        """The original article's page shows its date as the old portal did, and both lists."""
        ward = Client(HTTP_HOST=self.original.site.domain)
        response = ward.get(self.original.get_absolute_url())
        self.assertContains(response, "07 Tháng Tư 2014 10:45:00 SA")
        self.assertContains(response, "TIN MỚI HƠN")
        self.assertContains(response, "TIN ĐÃ ĐƯA")
        self.assertContains(response, "Quận 11 tổ chức Lễ giỗ Quốc tổ Hùng Vương năm 2014")

    def test_the_2014_article_says_it_last_changed_in_2014(self):
        """Its dateModified, og modified time and sitemap lastmod are its 2014 publication,
        not the day the demo was loaded."""
        import json
        import re

        ward = Client(HTTP_HOST=self.original.site.domain)
        html = ward.get(self.original.get_absolute_url()).content.decode()
        data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
        self.assertEqual(
            datetime.fromisoformat(data["dateModified"]),
            datetime(2014, 4, 7, 10, 45, tzinfo=PORTAL_TZ),
        )
        self.assertIn('article:modified_time" content="2014-04-07T10:45:00+07:00"', html)
        sitemap = ward.get("/sitemap-bai-viet.xml", {"tu": self.original.pk}).content.decode()
        entry = sitemap.split(self.original.get_absolute_url(), 1)[1].split("</url>", 1)[0]
        self.assertIn("<lastmod>2014-04-07</lastmod>", entry)
