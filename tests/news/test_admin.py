"""Editors' admin, driven through the Django test client: add, edit, actions, list, preview."""

import json
import re
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.models import Article, Category
from tests.factories import make_article, make_category, make_user
from tests.news.test_uploads import article_form_data, image_bytes, upload


def changelist_url(**query):
    url = reverse("admin:news_article_changelist")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


class ArticleAddEditTests(TestCase):
    """Writing and editing an article in admin."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("bientapvien", superuser=True)
        cls.category = make_category(name="Tin tức sự kiện")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_add_with_cover_saves_article_and_author(self):
        """A new article with a cover is saved; its author is the signed-in editor."""
        data = article_form_data(
            self.category,
            title="Nâng cao chất lượng chi bộ Đảng",
            cover=upload(image_bytes("JPEG", (800, 600))),
        )
        response = self.client.post(reverse("admin:news_article_add"), data)
        self.assertRedirects(response, changelist_url())
        article = Article.objects.get()
        self.assertEqual(article.author, self.editor)
        self.assertEqual(article.slug, "nang-cao-chat-luong-chi-bo-dang")
        self.assertTrue(article.cover.name.startswith("covers/"))

    def test_add_keeps_an_author_chosen_by_the_editor(self):
        """An editor filing a colleague's article may name that colleague as author."""
        colleague = make_user("phongvien")
        data = article_form_data(self.category, author=colleague.pk)
        self.client.post(reverse("admin:news_article_add"), data)
        self.assertEqual(Article.objects.get().author, colleague)

    def test_add_sanitizes_the_body(self):
        """A script typed into the body through admin never reaches the database."""
        data = article_form_data(
            self.category, body='<p onclick="steal()">Chào</p><script>alert(1)</script>'
        )
        self.client.post(reverse("admin:news_article_add"), data)
        self.assertEqual(Article.objects.get().body, "<p>Chào</p>")

    def test_edit_changes_title_and_keeps_author(self):
        """Editing a draft's title saves it; the original author stays."""
        writer = make_user()
        article = make_article(
            category=self.category, status=Article.Status.DRAFT, author=writer, title="Cũ"
        )
        data = article_form_data(
            self.category, title="Tiêu đề đã sửa", slug=article.slug, author=writer.pk
        )
        response = self.client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual((article.title, article.author), ("Tiêu đề đã sửa", writer))

    def test_blank_legacy_ids_do_not_collide(self):
        """Two articles added without a legacy id both save (blank is stored as NULL)."""
        for title in ("Bài thứ nhất", "Bài thứ hai"):
            data = article_form_data(self.category, title=title, legacy_id="")
            response = self.client.post(reverse("admin:news_article_add"), data)
            self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Article.objects.values_list("legacy_id", flat=True)), [None, None])

    def test_invalid_unpublish_time_gives_vietnamese_error(self):
        """An unpublish time before the publish time is refused with a message, not a 500."""
        now = timezone.localtime()
        earlier = now - timedelta(days=1)
        data = article_form_data(
            self.category,
            unpublish_at_0=earlier.strftime("%Y-%m-%d"),
            unpublish_at_1=earlier.strftime("%H:%M:%S"),
        )
        response = self.client.post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Thời điểm gỡ bài phải sau thời điểm xuất bản.")
        self.assertFalse(Article.objects.exists())


class ArticleActionTests(TestCase):
    """The publish / unpublish actions on the article list."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)

    def run_action(self, action, articles):
        return self.client.post(
            changelist_url(),
            {"action": action, "_selected_action": [a.pk for a in articles]},
            follow=True,
        )

    def test_publish_publishes_selected_drafts(self):
        """ "Xuất bản" turns the selected drafts into published articles, and says how many."""
        drafts = [
            make_article(category=self.category, status=Article.Status.DRAFT) for _ in range(2)
        ]
        untouched = make_article(category=self.category, status=Article.Status.DRAFT)
        response = self.run_action("publish", drafts)
        statuses = {a.pk: a.status for a in Article.objects.all()}
        self.assertEqual(statuses[drafts[0].pk], Article.Status.PUBLISHED)
        self.assertEqual(statuses[drafts[1].pk], Article.Status.PUBLISHED)
        self.assertEqual(statuses[untouched.pk], Article.Status.DRAFT)
        self.assertContains(response, "Đã xuất bản 2 bài viết.")

    def test_publish_counts_only_articles_that_changed(self):
        """Already published articles in the selection are not counted as published again."""
        articles = [
            make_article(category=self.category, status=Article.Status.DRAFT),
            make_article(category=self.category),
        ]
        response = self.run_action("publish", articles)
        self.assertContains(response, "Đã xuất bản 1 bài viết.")

    def test_unpublish_returns_articles_to_draft(self):
        """ "Gỡ" turns the selected published articles back into drafts, and says how many."""
        articles = [make_article(category=self.category) for _ in range(3)]
        response = self.run_action("unpublish", articles)
        self.assertFalse(Article.objects.published().exists())
        self.assertContains(response, "Đã gỡ 3 bài viết")

    def test_actions_are_listed_in_vietnamese(self):
        """The action menu offers both actions by their Vietnamese names."""
        make_article(category=self.category)
        response = self.client.get(changelist_url())
        self.assertContains(response, "Xuất bản các bài đã chọn")
        self.assertContains(response, "Gỡ các bài đã chọn")

    def test_action_is_recorded_in_history(self):
        """A bulk publish leaves a version with its comment, so history stays complete."""
        article = make_article(category=self.category, status=Article.Status.DRAFT)
        self.run_action("publish", [article])
        version = Version.objects.get_for_object(article).first()
        self.assertEqual(version.revision.comment, "Xuất bản bằng thao tác hàng loạt.")
        self.assertEqual(version.field_dict["status"], Article.Status.PUBLISHED)

    def test_staff_with_view_permission_only_cannot_publish(self):
        """A staff member who may only view articles is not offered the actions."""
        make_article(category=self.category, status=Article.Status.DRAFT)
        viewer = make_user(staff=True, perms=["news.view_article"])
        self.client.force_login(viewer)
        response = self.client.get(changelist_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Xuất bản các bài đã chọn")


class ArticleListTests(TestCase):
    """The article list: columns, filters, search, date hierarchy."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category(name="Xây dựng Đảng")
        cls.published = make_article(
            category=cls.category, title="Đại hội chi bộ khu phố 3", lead="Bầu cấp ủy mới"
        )
        cls.draft = make_article(
            category=cls.category, status=Article.Status.DRAFT, title="Bản thảo chưa duyệt"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def titles(self, response):
        return {article.title for article in response.context["cl"].result_list}

    def test_list_shows_the_editor_columns(self):
        """Title, category, what readers see, preview and views: what an editor scans."""
        response = self.client.get(changelist_url())
        headers = [
            " ".join(h.split())
            for h in re.findall(
                r'<th scope="col"[^>]*>.*?<div class="text">(.*?)</div>',
                response.content.decode(),
                re.S,
            )
        ]
        headers = [re.sub(r"<[^>]+>", "", h).strip() for h in headers]
        self.assertEqual(
            headers, ["", "Tiêu đề", "Chuyên mục", "Bạn đọc thấy", "Xem trước", "Lượt xem"]
        )

    def test_status_filter(self):
        """Filtering by status keeps only the drafts."""
        response = self.client.get(changelist_url(status__exact="draft"))
        self.assertEqual(self.titles(response), {"Bản thảo chưa duyệt"})

    def test_category_filter(self):
        """Filtering by category keeps only that category's articles."""
        make_article(title="Bài chuyên mục khác")
        response = self.client.get(changelist_url(category__id__exact=self.category.pk))
        self.assertEqual(self.titles(response), {"Đại hội chi bộ khu phố 3", "Bản thảo chưa duyệt"})

    def test_search_looks_in_lead(self):
        """Searching finds an article by a word of its lead."""
        response = self.client.get(changelist_url(q="cấp ủy"))
        self.assertEqual(self.titles(response), {"Đại hội chi bộ khu phố 3"})

    def test_date_hierarchy_filters_by_year(self):
        """The date hierarchy narrows the list to a year of publish times."""
        make_article(title="Bài năm 2014", publish_at=timezone.now().replace(year=2014))
        response = self.client.get(changelist_url(publish_at__year=2014))
        self.assertEqual(self.titles(response), {"Bài năm 2014"})

    def test_filters_are_in_vietnamese(self):
        """Filter titles and the facet toggle read in Vietnamese."""
        response = self.client.get(changelist_url())
        self.assertContains(response, "Theo bạn đọc thấy")
        self.assertContains(response, "Hiện số lượng")
        self.assertNotContains(response, "Show counts")

    def test_list_has_a_preview_link_per_article(self):
        """Each row links to the staff preview of its article."""
        response = self.client.get(changelist_url())
        for article in (self.published, self.draft):
            self.assertContains(response, reverse("news:article-preview", args=[article.pk]))


class ArticleChangeFormTests(TestCase):
    """The article change form."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_change_form_has_preview_button(self):
        """The change form offers "Xem trước", linking to the preview of this article."""
        article = make_article(category=self.category, status=Article.Status.DRAFT)
        response = self.client.get(reverse("admin:news_article_change", args=[article.pk]))
        preview = reverse("news:article-preview", args=[article.pk])
        self.assertContains(response, f'href="{preview}"')
        self.assertContains(response, "Xem trước</a>")

    def test_advanced_fieldset_is_collapsed(self):
        """Slug, byline, author and legacy id sit in a collapsed "Nâng cao" section."""
        article = make_article(category=self.category, status=Article.Status.DRAFT)
        response = self.client.get(reverse("admin:news_article_change", args=[article.pk]))
        fieldsets = {fs.name: fs for fs in response.context["adminform"]}
        self.assertIn("collapse", fieldsets["Nâng cao"].classes)
        self.assertEqual(
            set(fieldsets["Nâng cao"].fields), {"slug", "byline", "author", "legacy_id"}
        )

    def test_draft_slug_is_editable(self):
        """A draft's slug is still an input the editor can change."""
        article = make_article(category=self.category, status=Article.Status.DRAFT)
        response = self.client.get(reverse("admin:news_article_change", args=[article.pk]))
        self.assertContains(response, 'name="slug"')

    def test_published_slug_is_read_only(self):
        """A published article's slug is shown as text, not as an input."""
        article = make_article(category=self.category)
        response = self.client.get(reverse("admin:news_article_change", args=[article.pk]))
        self.assertNotContains(response, 'name="slug"')
        self.assertContains(response, article.slug)

    def test_body_uses_tinymce_in_vietnamese_with_our_upload_url(self):
        """The body editor is TinyMCE from our static files, in Vietnamese, uploading to us."""
        response = self.client.get(reverse("admin:news_article_add"))
        match = re.search(r'data-mce-conf="([^"]*)"', response.content.decode())
        config = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        self.assertEqual(config["language"], "vi")
        self.assertEqual(config["license_key"], "gpl")
        self.assertEqual(config["images_upload_url"], reverse("editor-upload-image"))
        self.assertEqual(config["images_upload_handler"], "portalImageUploadHandler")
        self.assertContains(response, "/static/tinymce/tinymce.min.js")
        self.assertContains(response, "/static/js/admin/tinymce_upload.js")
        self.assertNotRegex(response.content.decode(), r'src="https?://')


class PreviewAccessTests(TestCase):
    """Who may open an article preview."""

    @classmethod
    def setUpTestData(cls):
        cls.draft = make_article(status=Article.Status.DRAFT, title="Bản nháp bí mật")
        cls.url = reverse("news:article-preview", args=[cls.draft.pk])

    def test_staff_without_change_permission_cannot_preview(self):
        """A staff member without the change permission gets no preview."""
        self.client.force_login(make_user(staff=True, perms=["news.view_article"]))
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "Bản nháp bí mật", status_code=403)

    def test_anonymous_cannot_preview(self):
        """An anonymous visitor is sent to sign in and sees nothing of the draft."""
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])

    def test_editor_can_preview(self):
        """An editor (change and publish permissions) sees anyone's draft."""
        self.client.force_login(
            make_user(staff=True, perms=["news.change_article", "news.publish_article"])
        )
        response = self.client.get(self.url)
        self.assertContains(response, "Bản nháp bí mật")


class CategoryAdminTests(TestCase):
    """Categories in admin."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_add_makes_vietnamese_slug(self):
        """A category added with no slug gets one from its Vietnamese name."""
        response = self.client.post(
            reverse("admin:news_category_add"),
            {
                "site": 1,
                "name": "Đời sống – Xã hội",
                "slug": "",
                "menu_position": 3,
                "show_in_menu": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Category.objects.get().slug, "doi-song-xa-hoi")

    def test_menu_position_is_editable_in_the_list(self):
        """Menu position and visibility are changed straight from the category list."""
        first = make_category(menu_position=1)
        second = make_category(menu_position=2)
        data = {
            "form-TOTAL_FORMS": 2,
            "form-INITIAL_FORMS": 2,
            "form-0-id": first.pk,
            "form-0-menu_position": 5,
            "form-0-show_in_menu": "on",
            "form-1-id": second.pk,
            "form-1-menu_position": 1,
            "_save": "Lưu lại",
        }
        response = self.client.post(reverse("admin:news_category_changelist"), data)
        self.assertEqual(response.status_code, 302)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.menu_position, first.show_in_menu), (5, True))
        self.assertEqual((second.menu_position, second.show_in_menu), (1, False))

    def test_two_level_rule_gives_vietnamese_error(self):
        """A subcategory cannot be chosen as a parent: only one level of children."""
        root = make_category()
        child = make_category(parent=root)
        response = self.client.post(
            reverse("admin:news_category_add"),
            {"name": "Cháu", "slug": "", "parent": child.pk, "menu_position": 0},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Category.objects.filter(name="Cháu").exists())
        self.assertIn("parent", response.context["adminform"].form.errors)


class AdminTranslationTests(TestCase):
    """Admin strings Django's own Vietnamese catalog lacks or words awkwardly."""

    def test_index_add_links_read_naturally(self):
        """The dashboard's add links say "Thêm", not the stilted "Thêm vào"."""
        self.client.force_login(make_user(superuser=True))
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Thêm</a>")
        self.assertNotContains(response, "Thêm vào")

    def test_javascript_catalog_has_our_weekday_names(self):
        """The admin's JavaScript catalog (calendar widget) includes our Vietnamese days."""
        self.client.force_login(make_user(superuser=True))
        response = self.client.get(reverse("admin:jsi18n"))
        self.assertContains(response, "Ch\\u1ee7 nh\\u1eadt")
