"""Role matrix: anonymous, contributor and editor on every admin route of articles.

A contributor ("Cộng tác viên") works on their own drafts only; everything readers see,
and every field that changes it (publishing, featured, author, slug, legacy id), is an
editor's ("Biên tập viên", news.publish_article). Each route is asserted both ways: what
is allowed works, what is refused answers without effect and without showing the
article. Before, a contributor could open another person's published article's history,
restore an older draft version and so take the article down.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from reversion import create_revision, set_user
from reversion.models import Version

from news.models import Article
from tests.factories import make_article, make_category, make_user
from tests.news.test_history import form_post_data
from tests.news.test_uploads import article_form_data, image_bytes, upload

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"
DRAFT, PUBLISHED = Article.Status.DRAFT, Article.Status.PUBLISHED
REFUSED = (403, 404)


def member_of(group_name, username):
    user = make_user(username, staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def versioned(user, **fields):
    """Return an article saved twice in history: first as a draft titled "… (bản đầu)"."""
    final = dict(fields)
    with create_revision():
        set_user(user)
        article = make_article(
            **{**fields, "status": DRAFT, "title": f"{fields['title']} (bản đầu)"}
        )
    with create_revision():
        set_user(user)
        for name, value in final.items():
            setattr(article, name, value)
        article.save()
    return article


def first_version(article):
    return Version.objects.get_for_object(article).order_by("pk").first()


class RoleMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.editor = member_of(EDITORS, "bientapvien")
        cls.contributor = member_of(CONTRIBUTORS, "congtacvien")
        cls.colleague = member_of(CONTRIBUTORS, "congtacvien2")
        c, e = cls.category, cls.editor
        cls.own_draft = versioned(
            cls.contributor, title="Nháp của tôi", category=c, author=cls.contributor
        )
        cls.own_published = versioned(
            cls.contributor,
            title="Bài tôi viết đã đăng",
            category=c,
            author=cls.contributor,
            status=PUBLISHED,
        )
        cls.colleague_draft = versioned(
            cls.colleague, title="Nháp của đồng nghiệp", category=c, author=cls.colleague
        )
        cls.editor_draft = versioned(e, title="Nháp của biên tập viên", category=c, author=e)
        cls.published = versioned(
            e, title="Bài đang hiển thị", category=c, author=e, status=PUBLISHED, featured=True
        )
        cls.unowned = make_article(title="Bài nhập từ cổng cũ", category=c, status=DRAFT)

    def as_(self, role):
        if role != "anonymous":
            self.client.force_login({"contributor": self.contributor, "editor": self.editor}[role])
        return self.client

    def assert_login_page(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])

    def assert_refused(self, response, article=None):
        """Refused: 403/404, or admin's "does not exist" redirect; the article not shown."""
        if response.status_code == 302:
            self.assertEqual(response["Location"], reverse("admin:index"))
        else:
            self.assertIn(response.status_code, REFUSED)
        if article is not None:
            self.assertNotIn(article.title, response.content.decode())

    # The list

    def test_list(self):
        """Anonymous: sign in. Contributor: own articles only. Editor: every article."""
        url = reverse("admin:news_article_changelist")
        self.assert_login_page(self.as_("anonymous").get(url))
        listed = self.as_("contributor").get(url).context["cl"].result_list
        self.assertEqual(set(listed), {self.own_draft, self.own_published})
        listed = self.as_("editor").get(url).context["cl"].result_list
        self.assertEqual(len(listed), Article.objects.count())

    # Add

    def test_add_contributor_gets_a_draft_of_their_own_whatever_is_posted(self):
        """featured, author, slug and legacy_id posted by a contributor are ignored."""
        data = article_form_data(
            self.category,
            title="Bài mới của tôi",
            featured="on",
            author=self.editor.pk,
            slug="duong-dan-tu-chon",
            legacy_id="9999",
        )
        response = self.as_("contributor").post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(title="Bài mới của tôi")
        self.assertEqual(article.author, self.contributor)
        self.assertEqual(
            (article.featured, article.legacy_id, article.status), (False, None, DRAFT)
        )
        self.assertEqual(article.slug, "bai-moi-cua-toi")

    def test_add_contributor_cannot_publish(self):
        """status=published from a contributor is refused, nothing saved."""
        data = article_form_data(self.category, title="Lén đăng", status=PUBLISHED)
        response = self.as_("contributor").post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Article.objects.filter(title="Lén đăng").exists())

    def test_add_editor_sets_every_field(self):
        """An editor publishes and sets featured, author, slug and legacy_id."""
        data = article_form_data(
            self.category,
            title="Tin nổi bật mới",
            featured="on",
            author=self.colleague.pk,
            slug="tin-noi-bat",
            legacy_id="9999",
            status=PUBLISHED,
        )
        response = self.as_("editor").post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(slug="tin-noi-bat")
        self.assertEqual(
            (article.author, article.featured, article.legacy_id, article.status),
            (self.colleague, True, "9999", PUBLISHED),
        )

    def test_add_anonymous(self):
        self.assert_login_page(self.as_("anonymous").get(reverse("admin:news_article_add")))

    # Change

    def change_url(self, article):
        return reverse("admin:news_article_change", args=[article.pk])

    def test_change_contributor_edits_own_draft_but_not_editor_fields(self):
        """Own draft: saved; featured and slug posted with it are ignored."""
        data = article_form_data(
            self.category,
            title="Nháp đã sửa",
            featured="on",
            slug="doi-duong-dan",
            author=self.editor.pk,
        )
        response = self.as_("contributor").post(self.change_url(self.own_draft), data)
        self.assertEqual(response.status_code, 302)
        self.own_draft.refresh_from_db()
        self.assertEqual(self.own_draft.title, "Nháp đã sửa")
        self.assertEqual(self.own_draft.slug, "nhap-cua-toi-ban-dau")
        self.assertEqual(
            (self.own_draft.featured, self.own_draft.author), (False, self.contributor)
        )

    def test_change_contributor_sees_own_published_read_only(self):
        """Own published article: shown without a save button; a POST is refused."""
        client = self.as_("contributor")
        page = client.get(self.change_url(self.own_published))
        self.assertEqual(page.status_code, 200)
        self.assertFalse(page.context["has_change_permission"])
        data = article_form_data(self.category, title="Sửa lén", status=DRAFT)
        self.assertEqual(client.post(self.change_url(self.own_published), data).status_code, 403)
        self.own_published.refresh_from_db()
        self.assertEqual(
            (self.own_published.title, self.own_published.status),
            ("Bài tôi viết đã đăng", PUBLISHED),
        )

    def test_change_contributor_cannot_open_or_save_others_articles(self):
        """A colleague's draft, an editor's draft or published article, an unowned one."""
        client = self.as_("contributor")
        for article in (self.colleague_draft, self.editor_draft, self.published, self.unowned):
            with self.subTest(article=article.title):
                self.assert_refused(client.get(self.change_url(article)), article)
                data = article_form_data(self.category, title="Ghi đè", status=DRAFT)
                self.assert_refused(client.post(self.change_url(article), data))
                article.refresh_from_db()
                self.assertNotEqual(article.title, "Ghi đè")

    def test_change_editor_edits_any_article(self):
        """An editor corrects a published article and a contributor's draft."""
        client = self.as_("editor")
        for article, status in ((self.published, PUBLISHED), (self.colleague_draft, DRAFT)):
            data = article_form_data(
                self.category, title="Biên tập viên sửa", slug=article.slug, status=status
            )
            self.assertEqual(client.post(self.change_url(article), data).status_code, 302)
            article.refresh_from_db()
            self.assertEqual(article.title, "Biên tập viên sửa")

    def test_change_anonymous(self):
        self.assert_login_page(self.as_("anonymous").get(self.change_url(self.own_draft)))

    # History and compare

    def test_history(self):
        """Contributor: own articles' history only. Editor: any."""
        url = lambda a: reverse("admin:news_article_history", args=[a.pk])  # noqa: E731
        client = self.as_("contributor")
        self.assertEqual(client.get(url(self.own_draft)).status_code, 200)
        self.assertEqual(client.get(url(self.own_published)).status_code, 200)
        for article in (self.colleague_draft, self.published):
            self.assert_refused(client.get(url(article)), article)
        self.assertEqual(self.as_("editor").get(url(self.colleague_draft)).status_code, 200)
        self.client.logout()
        self.assert_login_page(self.as_("anonymous").get(url(self.own_draft)))

    def test_compare(self):
        """Comparing versions shows their content: own articles only for a contributor."""

        def compare(client, article):
            versions = Version.objects.get_for_object(article).order_by("pk")
            return client.get(
                reverse("admin:news_article_compare", args=[article.pk]),
                {"version_id1": versions[0].pk, "version_id2": versions[1].pk},
            )

        client = self.as_("contributor")
        self.assertContains(compare(client, self.own_draft), "Nháp của tôi (bản đầu)")
        self.assert_refused(compare(client, self.colleague_draft), self.colleague_draft)
        self.assertContains(compare(self.as_("editor"), self.colleague_draft), "(bản đầu)")

    # Revision view and restore

    def revision_url(self, article, version=None):
        version = version or first_version(article)
        return reverse("admin:news_article_revision", args=[article.pk, version.pk])

    def test_restore_by_a_contributor_never_takes_a_published_article_down(self):
        """An older draft version of a published article (own or not) cannot be restored."""
        client = self.as_("contributor")
        for article in (self.own_published, self.published):
            with self.subTest(article=article.title):
                url = self.revision_url(article)
                self.assert_refused(client.get(url))
                data = article_form_data(
                    self.category, title=f"{article.title} (bản đầu)", status=DRAFT
                )
                self.assert_refused(client.post(url, data))
                article.refresh_from_db()
                self.assertEqual(article.status, PUBLISHED)
                self.assertTrue(article.is_published())

    def test_restore_by_a_contributor_of_own_draft_keeps_editor_fields(self):
        """Own draft: the old title comes back; featured set by an editor meanwhile stays."""
        Article.objects.filter(pk=self.own_draft.pk).update(featured=True)
        client = self.as_("contributor")
        page = client.get(self.revision_url(self.own_draft))
        self.assertEqual(page.status_code, 200)
        response = client.post(
            self.revision_url(self.own_draft), form_post_data(page.context["adminform"].form)
        )
        self.assertEqual(response.status_code, 302)
        self.own_draft.refresh_from_db()
        self.assertEqual(self.own_draft.title, "Nháp của tôi (bản đầu)")
        self.assertTrue(self.own_draft.featured)

    def test_restore_of_a_revision_holding_other_articles_is_an_editors(self):
        """A revision saved with another article (old bulk actions) would restore it too."""
        with create_revision():
            set_user(self.editor)
            self.own_draft.save()
            self.published.save()
        shared = Version.objects.get_for_object(self.own_draft).order_by("pk").last()
        client = self.as_("contributor")
        self.assert_refused(client.get(self.revision_url(self.own_draft, shared)))

    def test_restore_through_another_articles_url_is_refused(self):
        """A version of one article addressed under another article's id is not found."""
        client = self.as_("editor")
        url = reverse(
            "admin:news_article_revision",
            args=[self.own_draft.pk, first_version(self.published).pk],
        )
        self.assertEqual(client.get(url).status_code, 404)

    def test_restore_by_an_editor(self):
        """An editor may take a published article back to an older draft."""
        client = self.as_("editor")
        page = client.get(self.revision_url(self.published))
        self.assertEqual(page.status_code, 200)
        response = client.post(
            self.revision_url(self.published), form_post_data(page.context["adminform"].form)
        )
        self.assertEqual(response.status_code, 302)
        self.published.refresh_from_db()
        self.assertEqual(self.published.status, DRAFT)

    def test_revision_anonymous(self):
        self.assert_login_page(self.as_("anonymous").get(self.revision_url(self.own_draft)))

    # Delete and recover

    def test_delete(self):
        """Contributor: refused, even for an own draft. Editor: deleted."""
        url = reverse("admin:news_article_delete", args=[self.own_draft.pk])
        self.assertEqual(self.as_("contributor").post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(Article.objects.filter(pk=self.own_draft.pk).exists())
        self.assertEqual(self.as_("editor").post(url, {"post": "yes"}).status_code, 302)
        self.assertFalse(Article.objects.filter(pk=self.own_draft.pk).exists())

    def test_recover(self):
        """Deleted articles come back only through an editor."""
        pk = self.published.pk
        self.published.delete()
        deleted = Version.objects.get_deleted(Article).get(object_id=str(pk))
        list_url = reverse("admin:news_article_recoverlist")
        url = reverse("admin:news_article_recover", args=[deleted.pk])
        client = self.as_("contributor")
        self.assertEqual(client.get(list_url).status_code, 403)
        self.assertEqual(client.get(url).status_code, 403)
        data = article_form_data(self.category, title="Bài đang hiển thị", status=DRAFT)
        self.assertEqual(client.post(url, data).status_code, 403)
        self.assertFalse(Article.objects.filter(pk=pk).exists())
        client = self.as_("editor")
        self.assertContains(client.get(list_url), "Bài đang hiển thị")
        page = client.get(url)
        self.assertEqual(
            client.post(url, form_post_data(page.context["adminform"].form)).status_code, 302
        )
        self.assertTrue(Article.objects.filter(pk=pk, status=PUBLISHED).exists())

    def test_recover_of_an_article_that_is_not_deleted_is_not_found(self):
        """recover/<version>/ only takes a deleted article's version."""
        url = reverse("admin:news_article_recover", args=[first_version(self.published).pk])
        self.assertEqual(self.as_("editor").get(url).status_code, 404)

    def test_recover_anonymous(self):
        self.assert_login_page(self.as_("anonymous").get(reverse("admin:news_article_recoverlist")))

    # Bulk actions

    def act(self, client, action, *articles):
        return client.post(
            reverse("admin:news_article_changelist"),
            {
                "action": action,
                ACTION_CHECKBOX_NAME: [a.pk for a in articles],
                "index": 0,
                "post": "yes",
            },
        )

    def test_bulk_actions_of_a_contributor_change_nothing(self):
        """publish, unpublish and delete_selected posted by a contributor do nothing."""
        client = self.as_("contributor")
        self.act(client, "publish", self.own_draft, self.colleague_draft)
        self.act(client, "unpublish", self.own_published, self.published)
        self.act(client, "delete_selected", self.own_draft)
        statuses = dict(Article.objects.values_list("pk", "status"))
        self.assertEqual(statuses[self.own_draft.pk], DRAFT)
        self.assertEqual(statuses[self.colleague_draft.pk], DRAFT)
        self.assertEqual(statuses[self.own_published.pk], PUBLISHED)
        self.assertEqual(statuses[self.published.pk], PUBLISHED)

    def test_bulk_actions_of_an_editor(self):
        """An editor publishes, withdraws and deletes in bulk, one revision per article."""
        client = self.as_("editor")
        self.act(client, "publish", self.own_draft, self.colleague_draft)
        self.act(client, "unpublish", self.published)
        statuses = dict(Article.objects.values_list("pk", "status"))
        self.assertEqual(
            (
                statuses[self.own_draft.pk],
                statuses[self.colleague_draft.pk],
                statuses[self.published.pk],
            ),
            (PUBLISHED, PUBLISHED, DRAFT),
        )
        latest = Version.objects.get_for_object(self.own_draft).order_by("pk").last()
        self.assertEqual(latest.revision.version_set.count(), 1)
        self.act(client, "delete_selected", self.unowned)
        self.assertFalse(Article.objects.filter(pk=self.unowned.pk).exists())

    # Preview

    def preview(self, client, article):
        return client.get(reverse("news:article-preview", args=[article.pk]))

    def test_preview(self):
        """Contributor: own articles. Editor: any. Anonymous: sign in."""
        client = self.as_("contributor")
        self.assertContains(self.preview(client, self.own_draft), "Nháp của tôi")
        for article in (self.colleague_draft, self.editor_draft, self.unowned):
            with self.subTest(article=article.title):
                self.assert_refused(self.preview(client, article), article)
        client = self.as_("editor")
        for article in (self.colleague_draft, self.editor_draft, self.unowned):
            self.assertContains(self.preview(client, article), article.title)
        self.client.logout()
        self.assert_login_page(self.preview(self.client, self.own_draft))

    # The rich-text editor's picture upload

    def test_picture_upload(self):
        """Contributors and editors may put pictures in a body; anonymous visitors may not."""
        url = reverse("editor-upload-image")
        for role, status in (("anonymous", 403), ("contributor", 200), ("editor", 200)):
            with self.subTest(role=role):
                self.client.logout()
                response = self.as_(role).post(url, {"file": upload(image_bytes("JPEG", (40, 30)))})
                self.assertEqual(response.status_code, status)
