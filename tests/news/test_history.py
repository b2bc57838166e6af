"""Article history in admin: every save kept, two versions compared, an old one restored."""

from django.forms import CheckboxInput, MultiWidget
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from tests.factories import make_category, make_user
from tests.news.test_uploads import article_form_data


def form_post_data(form):
    """Return the POST an editor's browser sends for `form` as displayed (press "Lưu")."""
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif bound.name == "cover":
            continue  # The stored file is kept when no new one is sent.
        else:
            data[bound.html_name] = "" if value is None else value
    # The attachments inline the portal puts on the form (portal/admin.py), empty.
    data.update({"attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0"})
    return data


class ArticleHistoryTests(TestCase):
    """Versions made by saving an article twice through admin."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("bientapvien", superuser=True)
        cls.category = make_category()

    def setUp(self):
        self.client.force_login(self.editor)
        add = self.client.post(
            reverse("admin:news_article_add"),
            article_form_data(self.category, title="Tiêu đề ban đầu", lead="Sapo ban đầu"),
        )
        self.assertEqual(add.status_code, 302)
        self.article = Article.objects.get()
        change = self.client.post(
            reverse("admin:news_article_change", args=[self.article.pk]),
            article_form_data(
                self.category,
                title="Tiêu đề đã sửa",
                lead="Sapo đã sửa",
                slug=self.article.slug,
            ),
        )
        self.assertEqual(change.status_code, 302)
        self.versions = list(Version.objects.get_for_object(self.article).order_by("pk"))

    def test_every_save_keeps_a_version(self):
        """Adding then editing leaves two versions, with their titles, by the editor."""
        self.assertEqual(
            [v.field_dict["title"] for v in self.versions], ["Tiêu đề ban đầu", "Tiêu đề đã sửa"]
        )
        self.assertEqual({v.revision.user for v in self.versions}, {self.editor})

    def test_history_page_lists_versions_in_vietnamese(self):
        """The history page lists both saves with Vietnamese labels and a compare button."""
        response = self.client.get(reverse("admin:news_article_history", args=[self.article.pk]))
        self.assertContains(response, "Chọn một thời điểm trong danh sách dưới đây")
        self.assertContains(response, "So sánh hai phiên bản đã chọn")
        self.assertContains(response, '<th scope="col">Ghi chú</th>', html=True)
        for version in self.versions:
            self.assertContains(
                response,
                reverse("admin:news_article_revision", args=[self.article.pk, version.pk]),
            )

    def test_compare_shows_both_titles_in_vietnamese(self):
        """Comparing the two versions shows the old and new title and Vietnamese controls."""
        url = reverse("admin:news_article_compare", args=[self.article.pk])
        response = self.client.get(
            url, {"version_id1": self.versions[0].pk, "version_id2": self.versions[1].pk}
        )
        self.assertContains(response, "Tiêu đề ban đầu")
        self.assertContains(response, "Tiêu đề đã sửa")
        self.assertContains(response, "Quay lại lịch sử thay đổi")
        self.assertContains(response, "Khôi phục phiên bản cũ này")
        self.assertNotContains(response, "Go back to history list")

    def test_compare_breadcrumbs_are_vietnamese(self):
        """The compare page's breadcrumbs name the app, the article and the page in Vietnamese."""
        url = reverse("admin:news_article_compare", args=[self.article.pk])
        response = self.client.get(
            url, {"version_id1": self.versions[0].pk, "version_id2": self.versions[1].pk}
        )
        crumbs = response.content.decode().split('class="breadcrumbs"')[1].split("</div>")[0]
        self.assertIn(">Tin tức</a>", crumbs)
        self.assertIn(">Tiêu đề đã sửa</a>", crumbs)
        self.assertIn("So sánh phiên bản", crumbs)
        self.assertNotIn("News", crumbs)

    def test_compare_with_bad_version_ids_is_not_found(self):
        """A hand-edited compare URL with junk ids answers 404, not 500."""
        url = reverse("admin:news_article_compare", args=[self.article.pk])
        response = self.client.get(url, {"version_id1": "x", "version_id2": "';--"})
        self.assertEqual(response.status_code, 404)

    def test_revision_page_shows_old_content_in_vietnamese(self):
        """Opening the old version shows its title in the form and how to restore it."""
        url = reverse("admin:news_article_revision", args=[self.article.pk, self.versions[0].pk])
        response = self.client.get(url)
        self.assertContains(response, 'value="Tiêu đề ban đầu"')
        self.assertContains(response, "Bấm nút Lưu bên dưới để khôi phục phiên bản này")

    def test_restore_brings_the_old_title_back(self):
        """Saving the old version's page restores its title and lead, as a new version."""
        url = reverse("admin:news_article_revision", args=[self.article.pk, self.versions[0].pk])
        page = self.client.get(url)
        response = self.client.post(url, form_post_data(page.context["adminform"].form))
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(
            (self.article.title, self.article.lead), ("Tiêu đề ban đầu", "Sapo ban đầu")
        )
        latest = Version.objects.get_for_object(self.article).first()
        self.assertEqual(latest.field_dict["title"], "Tiêu đề ban đầu")
        self.assertIn("Khôi phục về phiên bản đã lưu lúc", latest.revision.get_comment())

    def test_deleted_article_can_be_recovered(self):
        """An article deleted in admin comes back from "Khôi phục bài viết đã xóa"."""
        self.client.post(
            reverse("admin:news_article_delete", args=[self.article.pk]), {"post": "yes"}
        )
        self.assertFalse(Article.objects.exists())
        recover_list = self.client.get(reverse("admin:news_article_recoverlist"))
        self.assertContains(recover_list, "Khôi phục bài viết đã xóa")
        version = Version.objects.get_deleted(Article).first()
        url = reverse("admin:news_article_recover", args=[version.pk])
        page = self.client.get(url)
        response = self.client.post(url, form_post_data(page.context["adminform"].form))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get().title, "Tiêu đề đã sửa")
