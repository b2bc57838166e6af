"""Newsroom groups from migration news 0004: editors publish, contributors write drafts."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_category, make_user
from tests.news.test_uploads import article_form_data

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"


def member_of(group_name, **kwargs):
    """Return a staff user whose only permissions come from the named group."""
    user = make_user(staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


class GroupPermissionTests(TestCase):
    """What each group holds, as the migration created it."""

    def codenames(self, group_name):
        return set(
            Group.objects.get(name=group_name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )

    def test_editors_may_write_and_publish(self):
        """Editors hold add/change/delete/publish on articles and manage categories."""
        perms = self.codenames(EDITORS)
        for codename in ("add_article", "change_article", "delete_article", "publish_article"):
            self.assertIn(("news", codename), perms)
        self.assertIn(("news", "change_category"), perms)

    def test_contributors_may_write_but_not_publish(self):
        """Contributors add and change articles but hold no publish or delete permission."""
        perms = self.codenames(CONTRIBUTORS)
        self.assertIn(("news", "add_article"), perms)
        self.assertIn(("news", "change_article"), perms)
        self.assertNotIn(("news", "publish_article"), perms)
        self.assertNotIn(("news", "delete_article"), perms)

    def test_no_group_touches_users_counters_or_lockouts(self):
        """Neither group holds any permission outside the content apps (news, agency,
        media library, documents), but editors' on notices, links and the ratings report
        (engagement)."""
        newsroom = {"news", "agency", "medialib", "documents"}
        expected = {EDITORS: newsroom | {"engagement"}, CONTRIBUTORS: newsroom}
        for name in (EDITORS, CONTRIBUTORS):
            with self.subTest(group=name):
                apps = {app for app, _codename in self.codenames(name)}
                self.assertEqual(apps, expected[name])

    def test_publish_permission_has_a_vietnamese_name(self):
        """The custom permission reads in Vietnamese in the group editor."""
        perm = Permission.objects.get(codename="publish_article")
        self.assertEqual(perm.name, "Có thể xuất bản và gỡ bài viết")


class ContributorAdminTests(TestCase):
    """A contributor writes drafts in admin and cannot publish by any route."""

    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.contributor = member_of(CONTRIBUTORS)

    def setUp(self):
        self.client.force_login(self.contributor)

    def test_contributor_saves_a_draft(self):
        """A draft from a contributor is saved."""
        response = self.client.post(
            reverse("admin:news_article_add"), article_form_data(self.category)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get().status, Article.Status.DRAFT)

    def test_form_offers_only_draft(self):
        """The status field of a contributor's form has no "published" choice."""
        response = self.client.get(reverse("admin:news_article_add"))
        choices = [
            value for value, _label in response.context["adminform"].form.fields["status"].choices
        ]
        self.assertEqual(choices, [Article.Status.DRAFT])

    def test_form_refuses_published_status(self):
        """Posting status=published anyway is refused and nothing is saved."""
        data = article_form_data(self.category, status=Article.Status.PUBLISHED)
        response = self.client.post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["status"])
        self.assertFalse(Article.objects.exists())

    def test_publish_action_is_not_offered(self):
        """The changelist's action menu has no publish or unpublish action."""
        make_article(category=self.category, status=Article.Status.DRAFT)
        response = self.client.get(reverse("admin:news_article_changelist"))
        self.assertEqual(response.status_code, 200)
        form = response.context["action_form"]  # None when no action at all is offered
        actions = [name for name, _label in form.fields["action"].choices] if form else []
        self.assertNotIn("publish", actions)
        self.assertNotIn("unpublish", actions)

    def test_posting_the_publish_action_changes_nothing(self):
        """A hand-made POST of the publish action leaves the draft a draft."""
        draft = make_article(category=self.category, status=Article.Status.DRAFT)
        self.client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk], "index": 0},
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.DRAFT)

    def test_published_article_is_read_only(self):
        """A contributor cannot change an article readers already see, even their own."""
        article = make_article(category=self.category, title="Bài đã đăng", author=self.contributor)
        data = article_form_data(
            self.category, title="Sửa lén", slug=article.slug, status=Article.Status.DRAFT
        )
        response = self.client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        self.assertEqual(response.status_code, 403)
        article.refresh_from_db()
        self.assertEqual(article.title, "Bài đã đăng")

    def test_cannot_open_user_admin(self):
        """Users and groups are out of a contributor's reach."""
        response = self.client.get(reverse("admin:auth_user_changelist"))
        self.assertEqual(response.status_code, 403)


class EditorAdminTests(TestCase):
    """An editor publishes through the form and the action, but manages no users."""

    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.editor = member_of(EDITORS)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_editor_publishes_through_the_form(self):
        """status=published from an editor's form is saved."""
        data = article_form_data(self.category, status=Article.Status.PUBLISHED)
        response = self.client.post(reverse("admin:news_article_add"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get().status, Article.Status.PUBLISHED)

    def test_editor_publishes_through_the_action(self):
        """The publish action works for an editor."""
        draft = make_article(category=self.category, status=Article.Status.DRAFT)
        self.client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk], "index": 0},
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.PUBLISHED)

    def test_editor_edits_a_published_article(self):
        """An editor may correct an article readers already see."""
        article = make_article(category=self.category)
        data = article_form_data(
            self.category,
            title="Đã sửa lỗi chính tả",
            slug=article.slug,
            status=Article.Status.PUBLISHED,
        )
        response = self.client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.title, "Đã sửa lỗi chính tả")

    def test_cannot_manage_users(self):
        """An editor gets 403 on the user list."""
        response = self.client.get(reverse("admin:auth_user_changelist"))
        self.assertEqual(response.status_code, 403)

    def test_cannot_manage_counters(self):
        """An editor gets 403 on the counters report (no counters permission)."""
        response = self.client.get(reverse("admin:counters_sitedailystats_changelist"))
        self.assertEqual(response.status_code, 403)
