"""Staff per site in the admin, both ways: a ward's editor reaches nothing of another
site by any route; a province editor given every site reaches all of them.

Every route an article (or category, or old address) can be seen, changed, restored or
previewed by: the list, its search, filters and bulk actions, the change and delete forms
by id, history, compare, an old version, the deleted list and recovery, the preview URL,
the autocomplete endpoint, the category choices of the form, and the visits report.
"""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from reversion import create_revision, set_user
from reversion.models import Version

from counters import services
from multisite.models import StaffAccess
from news.models import Article, Category, LegacyRedirect
from tests.factories import make_article, make_category, make_site, make_user

pytestmark = pytest.mark.django_db

EDITORS = "Biên tập viên"
# Extra permissions the tests give editors: old addresses and the visits report.
EXTRA_PERMS = (
    "news.view_legacyredirect",
    "news.change_legacyredirect",
    "counters.view_sitedailystats",
)
DRAFT, PUBLISHED = Article.Status.DRAFT, Article.Status.PUBLISHED


def editor(username, sites=(), all_sites=False):
    user = make_user(username, staff=True, perms=EXTRA_PERMS, sites=[s.pk for s in sites])
    user.groups.add(Group.objects.get(name=EDITORS))
    if all_sites:
        StaffAccess.objects.filter(user=user).update(all_sites=True)
    return user


def versioned_article(user, category, title, **fields):
    """Return an article saved twice in history, the first version a draft "(bản đầu)"."""
    with create_revision():
        set_user(user)
        article = make_article(category=category, title=f"{title} (bản đầu)", status=DRAFT)
    with create_revision():
        set_user(user)
        article.title = title
        for name, value in {"status": PUBLISHED, **fields}.items():
            setattr(article, name, value)
        article.save()
    return article


class World:
    """A province, ward A (the ward editor's) and ward B, each with articles in history."""

    def __init__(self):
        self.province = make_site("tinh.test", name="Cổng thông tin Tỉnh Thử")
        self.ward_a = make_site("phuongan.tinh.test", name="Phường An", parent=self.province)
        self.ward_b = make_site("phuongbinh.tinh.test", name="Phường Bình", parent=self.province)
        self.ward_editor = editor("bientap_phuongan", sites=[self.ward_a])
        self.province_editor = editor("bientap_tinh", all_sites=True)
        author = make_user("tacgia", superuser=True)
        with create_revision():
            set_user(author)
            self.category_a = make_category(site=self.ward_a, name="Chuyên mục phường An")
            self.category_b = make_category(site=self.ward_b, name="Chuyên mục riêng phường Bình")
        with create_revision():
            set_user(author)
            self.category_b.description = "Mô tả mới của phường Bình"
            self.category_b.save()
        self.own = versioned_article(author, self.category_a, "Tin của phường An")
        self.other = versioned_article(author, self.category_b, "Tin kín của phường Bình")
        self.other_draft = make_article(
            category=self.category_b, title="Nháp kín của phường Bình", status=DRAFT
        )
        with create_revision():
            set_user(author)
            gone = make_article(category=self.category_b, title="Bài đã xoá của phường Bình")
        self.deleted_title = gone.title
        gone.delete()
        self.deleted_version = Version.objects.get_deleted(Article).get(
            object_repr=self.deleted_title
        )
        with create_revision():
            set_user(author)
            gone_a = make_article(category=self.category_a, title="Bài đã xoá của phường An")
        gone_a.delete()
        self.own_deleted_version = Version.objects.get_deleted(Article).get(
            object_repr=gone_a.title
        )
        self.redirect_b = LegacyRedirect.objects.create(
            site=self.ward_b, old_path="/tin-cu-phuong-binh.aspx", article=self.other
        )


@pytest.fixture
def world():
    return World()


@pytest.fixture
def ward(client, world):
    """Return the test client signed in as ward A's editor."""
    client.force_login(world.ward_editor)
    return client


@pytest.fixture
def province(client, world):
    """Return the test client signed in as the province editor given every site."""
    client.force_login(world.province_editor)
    return client


def admin_url(name, *args):
    return reverse(f"admin:news_{name}", args=args)


def assert_refused(response, *hidden):
    """Refused: 403 or 404, or the admin's "does not exist" redirect; nothing shown."""
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:index"), response["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code
    body = response.content.decode()
    for text in hidden:
        assert text not in body


def first_version(obj):
    return Version.objects.get_for_object(obj).order_by("pk").first()


def stored(article):
    return Article.objects.get(pk=article.pk)


# The ward editor: nothing of ward B by any route.


def test_ward_editor_list_shows_only_own_sites_articles(ward, world):
    """The article list holds ward A's articles; ward B's title is nowhere on the page."""
    response = ward.get(admin_url("article_changelist"))
    assert set(response.context["cl"].result_list) == {world.own}
    assert world.other.title not in response.content.decode()


def test_ward_editor_search_does_not_find_another_sites_article(ward, world):
    """Searching the list for ward B's title finds nothing."""
    response = ward.get(admin_url("article_changelist"), {"q": "kín của phường Bình"})
    assert list(response.context["cl"].result_list) == []


def test_ward_editor_list_filters_offer_only_own_sites_choices(ward, world):
    """The "category" and "author" filters list nothing of ward B, on articles and categories."""
    for name in ("article_changelist", "category_changelist"):
        response = ward.get(admin_url(name))
        assert response.status_code == 200
        body = response.content.decode()
        assert world.category_b.name not in body, name
        assert world.ward_b.name not in body, name


def test_ward_editor_filter_by_another_sites_category_lists_nothing(ward, world):
    """A forged filter value (ward B's category id) shows no ward B article."""
    response = ward.get(
        admin_url("article_changelist"), {"category__id__exact": world.category_b.pk}
    )
    assert world.other.title not in response.content.decode()


def test_ward_editor_cannot_open_another_sites_article_by_id(ward, world):
    """The change form of ward B's article, by its id: refused, title not shown."""
    assert_refused(ward.get(admin_url("article_change", world.other.pk)), world.other.title)


def test_ward_editor_cannot_save_another_sites_article_by_id(ward, world):
    """A POST to ward B's article's change form changes nothing."""
    response = ward.post(
        admin_url("article_change", world.other.pk),
        {"title": "Bị sửa", "category": world.category_a.pk, "status": DRAFT},
    )
    assert_refused(response)
    assert stored(world.other).title == world.other.title
    assert stored(world.other).site_id == world.ward_b.pk


def test_ward_editor_cannot_delete_another_sites_article(ward, world):
    """The delete form of ward B's article is refused, GET or POST; the article stays."""
    url = admin_url("article_delete", world.other.pk)
    assert_refused(ward.get(url), world.other.title)
    assert_refused(ward.post(url, {"post": "yes"}))
    assert Article.objects.filter(pk=world.other.pk).exists()


def test_ward_editor_cannot_see_another_sites_history(ward, world):
    """History and compare of ward B's article are refused."""
    assert_refused(ward.get(admin_url("article_history", world.other.pk)), world.other.title)
    versions = Version.objects.get_for_object(world.other).order_by("pk")
    compare = ward.get(
        admin_url("article_compare", world.other.pk),
        {"version_id1": versions[0].pk, "version_id2": versions[1].pk},
    )
    assert_refused(compare, world.other.title)


def test_ward_editor_cannot_restore_an_old_version_of_another_sites_article(ward, world):
    """An old version of ward B's article: not shown, and a POST restores nothing."""
    version = first_version(world.other)
    url = admin_url("article_revision", world.other.pk, version.pk)
    assert_refused(ward.get(url), world.other.title)
    assert_refused(ward.post(url, {"title": "Khôi phục trái phép", "status": DRAFT}))
    assert stored(world.other).status == PUBLISHED
    assert stored(world.other).title == world.other.title


def test_ward_editor_deleted_list_shows_only_own_sites_articles(ward, world):
    """ "Khôi phục bài đã xoá" lists ward A's deleted article, not ward B's."""
    response = ward.get(admin_url("article_recoverlist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bài đã xoá của phường An" in body
    assert world.deleted_title not in body


def test_ward_editor_cannot_open_the_recovery_of_another_sites_deleted_article(ward, world):
    """The recovery form of ward B's deleted article is refused and shows nothing of it."""
    url = admin_url("article_recover", world.deleted_version.pk)
    assert_refused(ward.get(url), world.deleted_title)


def test_ward_editor_cannot_recover_another_sites_deleted_article(ward, world):
    """A POST to the recovery form of ward B's deleted article: it stays deleted.

    Before, reversion restored the article, the change form then found it outside the
    editor's sites and redirected, and reversion took the redirect for a saved form.
    """
    url = admin_url("article_recover", world.deleted_version.pk)
    ward.post(url, {"title": world.deleted_title, "status": DRAFT})
    assert not Article.objects.filter(title=world.deleted_title).exists()


def test_ward_editor_cannot_open_an_old_version_of_another_sites_category(ward, world):
    """Categories keep history too: ward B's old category version is refused."""
    version = first_version(world.category_b)
    url = admin_url("category_revision", world.category_b.pk, version.pk)
    assert_refused(ward.get(url), world.category_b.name)


def test_ward_editor_cannot_restore_an_old_version_of_another_sites_category(ward, world):
    """A POST of ward B's old category version restores nothing (it did, as recovery did)."""
    version = first_version(world.category_b)
    url = admin_url("category_revision", world.category_b.pk, version.pk)
    ward.post(url, {"name": "Chuyên mục bị khôi phục", "site": world.ward_a.pk})
    category = Category.objects.get(pk=world.category_b.pk)
    assert category.description == "Mô tả mới của phường Bình"
    assert category.site_id == world.ward_b.pk


def test_ward_editor_category_deleted_list_and_history_hide_another_site(ward, world):
    """The category history of ward B is refused; its deleted list shows none of ward B."""
    assert_refused(
        ward.get(admin_url("category_history", world.category_b.pk)), world.category_b.name
    )
    with create_revision():
        gone = make_category(site=world.ward_b, name="Chuyên mục đã xoá của phường Bình")
    gone.delete()
    version = Version.objects.get_deleted(Category).get(object_repr=gone.name)
    body = ward.get(admin_url("category_recoverlist")).content.decode()
    assert gone.name not in body
    ward.post(admin_url("category_recover", version.pk), {"name": gone.name})
    assert not Category.objects.filter(name=gone.name).exists()


def test_ward_editor_cannot_preview_another_sites_article(ward, world):
    """The staff preview of ward B's draft is not found for ward A's editor."""
    response = ward.get(reverse("news:article-preview", args=[world.other_draft.pk]))
    assert response.status_code == 404
    assert world.other_draft.title not in response.content.decode()


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete_selected"])
def test_ward_editor_bulk_action_skips_another_sites_articles(ward, world, action):
    """A bulk action posted with ward B's article ids leaves them as they were."""
    ids = [world.other.pk, world.other_draft.pk]
    data = {"action": action, ACTION_CHECKBOX_NAME: ids, "post": "yes"}
    ward.post(admin_url("article_changelist"), data)
    assert stored(world.other).status == PUBLISHED
    assert stored(world.other_draft).status == DRAFT


def test_ward_editor_autocomplete_offers_only_own_sites_rows(ward, world):
    """The admin's autocomplete endpoint lists only ward A's categories and articles."""
    url = reverse("admin:autocomplete")

    def found(model_name, field_name, term=""):
        response = ward.get(
            url,
            {"app_label": "news", "model_name": model_name, "field_name": field_name, "term": term},
        )
        if response.status_code != 200:
            return response.status_code
        return {row["text"] for row in json.loads(response.content)["results"]}

    categories = found("article", "category")
    assert categories == {world.category_a.name}
    articles = found("legacyredirect", "article", "phường")
    assert world.own.title in articles
    assert world.other.title not in articles
    # Sites are the province team's: ward staff are not offered them at all.
    assert found("article", "site") == 403


def test_ward_editor_form_offers_only_own_sites_categories(ward, world):
    """The article form's category choices (and the category form's parents) are ward A's."""
    response = ward.get(admin_url("article_add"))
    choices = {c.pk for c in response.context["adminform"].form.fields["category"].queryset}
    assert choices == {world.category_a.pk}
    response = ward.get(admin_url("category_add"))
    form = response.context["adminform"].form
    assert set(form.fields["parent"].queryset) == {world.category_a}
    assert set(form.fields["site"].queryset) == {world.ward_a}


def test_ward_editor_cannot_move_an_article_to_another_site(ward, world):
    """Posting ward B's category for a new article is refused by the form's choices."""
    response = ward.post(
        admin_url("article_add"),
        {"title": "Bài lạc sang phường Bình", "category": world.category_b.pk, "status": DRAFT},
    )
    assert response.status_code == 200
    assert "category" in response.context["adminform"].form.errors
    assert not Article.objects.filter(title="Bài lạc sang phường Bình").exists()


def test_ward_editor_old_addresses_are_own_sites_only(ward, world):
    """Ward B's old addresses are not listed nor opened by ward A's editor."""
    listed = ward.get(reverse("admin:news_legacyredirect_changelist"))
    assert world.redirect_b.old_path not in listed.content.decode()
    assert_refused(
        ward.get(reverse("admin:news_legacyredirect_change", args=[world.redirect_b.pk])),
        world.redirect_b.old_path,
    )


def test_ward_editor_report_covers_only_own_site(ward, world):
    """The visits report is ward A's; asking for ward B's (or the province's) shows ward A's."""
    services.set_site_baseline(world.ward_b.pk, 777_777)
    url = reverse("admin:counters_sitedailystats_changelist")
    for asked in (world.ward_b, world.province):
        response = ward.get(url, {"trang": asked.pk})
        assert response.status_code == 200
        assert response.context["site"] == world.ward_a
        body = response.content.decode()
        assert world.ward_b.name not in body
        assert "777.777" not in body
    assert {c for c, _ in response.context["form"].fields["trang"].choices} == {world.ward_a.pk}


# The province editor given every site: everything, both wards.


def test_province_editor_lists_every_sites_articles(province, world):
    """The province editor's list holds both wards' articles."""
    listed = set(province.get(admin_url("article_changelist")).context["cl"].result_list)
    assert {world.own, world.other, world.other_draft} <= listed


def test_province_editor_opens_and_saves_another_wards_article(province, world):
    """The province editor opens ward B's article and saves a change to it."""
    from tests.news.test_history import form_post_data

    response = province.get(admin_url("article_change", world.other.pk))
    assert response.status_code == 200
    data = form_post_data(response.context["adminform"].form)
    data["title"] = "Tin của phường Bình, tỉnh đã sửa"
    saved = province.post(admin_url("article_change", world.other.pk), data)
    assert saved.status_code == 302
    assert stored(world.other).title == "Tin của phường Bình, tỉnh đã sửa"


def test_province_editor_sees_history_restores_and_previews_any_ward(province, world):
    """History, an old version, the deleted list and the preview of ward B all open."""
    assert province.get(admin_url("article_history", world.other.pk)).status_code == 200
    version = first_version(world.other)
    revision = province.get(admin_url("article_revision", world.other.pk, version.pk))
    assert revision.status_code == 200
    recoverlist = province.get(admin_url("article_recoverlist")).content.decode()
    assert world.deleted_title in recoverlist
    assert province.get(admin_url("article_recover", world.deleted_version.pk)).status_code == 200
    preview = province.get(reverse("news:article-preview", args=[world.other_draft.pk]))
    assert preview.status_code == 200


def test_province_editor_filters_and_form_offer_every_site(province, world):
    """The filters and the form's categories offer both wards' categories."""
    body = province.get(admin_url("article_changelist")).content.decode()
    assert world.category_b.name in body
    form = province.get(admin_url("article_add")).context["adminform"].form
    assert {world.category_a, world.category_b} <= set(form.fields["category"].queryset)


def test_province_editor_bulk_action_reaches_another_ward(province, world):
    """The province editor publishes ward B's draft with a bulk action."""
    province.post(
        admin_url("article_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [world.other_draft.pk]},
    )
    assert stored(world.other_draft).status == PUBLISHED


def test_province_editor_report_of_the_province_totals_its_wards(province, world):
    """The province's report shows its own visits and the total across its wards."""
    services.set_site_baseline(world.province.pk, 1_000)
    services.set_site_baseline(world.ward_a.pk, 200)
    services.set_site_baseline(world.ward_b.pk, 30)
    url = reverse("admin:counters_sitedailystats_changelist")
    response = province.get(url, {"trang": world.province.pk})
    assert response.context["site_totals"].visits == 1_000
    assert response.context["family_totals"].visits == 1_230
    body = response.content.decode()
    assert "Cả cổng và các trang thành phần: <strong>1.230</strong> lượt truy cập" in body
    ward_b = province.get(url, {"trang": world.ward_b.pk})
    assert ward_b.context["site"] == world.ward_b
    assert ward_b.context["site_totals"].visits == 30
    assert ward_b.context["family_totals"] is None


def test_the_sites_section_of_the_admin_is_named_in_vietnamese(client):
    """The admin index names django.contrib.sites' section "Các trang web", not "Sites"."""
    client.force_login(make_user(superuser=True))
    body = client.get(reverse("admin:index")).content.decode()
    assert "Các trang web" in body
    assert ">Sites<" not in body


def test_ward_editor_view_on_site_link_of_another_sites_article_reveals_nothing(ward, world):
    """The admin's "Xem trên trang" redirect (/r/<type>/<id>/) of ward B's draft is a 404:
    its Location would give away the draft's address, and so its title."""
    article_type = ContentType.objects.get_for_model(Article)
    response = ward.get(reverse("admin:view_on_site", args=[article_type.pk, world.other_draft.pk]))
    assert response.status_code == 404
    assert world.other_draft.slug not in response.get("Location", "")


@pytest.mark.parametrize(
    "type_id, object_id", [("abc", "1"), ("999999", "1"), ("{article}", "khong-phai-so")]
)
def test_view_on_site_with_bad_ids_is_a_404(ward, world, type_id, object_id):
    """Ids that name nothing, or are not numbers, answer 404, never 500."""
    article_type = ContentType.objects.get_for_model(Article)
    type_id = type_id.format(article=article_type.pk)
    response = ward.get(f"{reverse('admin:index')}r/{type_id}/{object_id}/")
    assert response.status_code == 404


def test_province_editor_view_on_site_goes_to_the_wards_host(province, world):
    """For staff who may see the article, the redirect goes to its site's own host."""
    article_type = ContentType.objects.get_for_model(Article)
    response = province.get(reverse("admin:view_on_site", args=[article_type.pk, world.other.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"http://{world.ward_b.domain}{world.other.get_absolute_url()}"


def test_ward_editor_list_editable_post_leaves_another_sites_category(ward, world):
    """The category list's inline edits, posted with ward B's category id, change nothing."""
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(world.category_b.pk),
        "form-0-menu_position": "99",
        "_save": "Lưu",
    }
    ward.post(admin_url("category_changelist"), data)
    assert Category.objects.get(pk=world.category_b.pk).menu_position != 99


def test_a_contributor_sees_own_articles_of_own_sites_only(client, world):
    """A ward A contributor's list: their own ward A drafts, not their old ward B article,
    nor a colleague's ward A draft: the role matrix holds within the site."""
    contributor = make_user("congtacvien_phuongan", staff=True, sites=[world.ward_a.pk])
    contributor.groups.add(Group.objects.get(name="Cộng tác viên"))
    mine = make_article(category=world.category_a, author=contributor, status=DRAFT)
    elsewhere = make_article(category=world.category_b, author=contributor, status=DRAFT)
    make_article(category=world.category_a, title="Nháp của đồng nghiệp", status=DRAFT)
    client.force_login(contributor)
    listed = set(client.get(admin_url("article_changelist")).context["cl"].result_list)
    assert listed == {mine}
    assert_refused(client.get(admin_url("article_change", elsewhere.pk)), elsewhere.title)
    preview = client.get(reverse("news:article-preview", args=[elsewhere.pk]))
    assert preview.status_code == 404
