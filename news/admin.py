"""Admin for editors: categories and articles, with history, compare and restore."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from multisite.admin_scope import SiteScopedAdmin

from . import permissions, search
from .forms import ArticleAdminForm
from .models import Article, Category, LegacyRedirect, ReaderState
from .signals import content_changed

COMMENT_PUBLISHED = "Xuất bản bằng thao tác hàng loạt."
COMMENT_UNPUBLISHED = "Gỡ bài bằng thao tác hàng loạt."
# Short enough for a list column at 1366 px: "05/12/2026 18:51".
LIST_MOMENT_FORMAT = "%d/%m/%Y %H:%M"
STATE_MOMENT_WORDS = {
    ReaderState.SCHEDULED: "hiện lúc",
    ReaderState.VISIBLE: "gỡ lúc",
    ReaderState.WITHDRAWN: "gỡ lúc",
}


@admin.register(Category)
class CategoryAdmin(SiteScopedAdmin, VersionAdmin):
    list_display = ("name", "site", "parent", "menu_position", "show_in_menu")
    list_display_links = ("name",)
    list_editable = ("menu_position", "show_in_menu")
    list_filter = ("site", "show_in_menu", "parent")
    list_select_related = ("parent", "site")
    search_fields = ("name", "description")
    fields = ("site", "name", "slug", "parent", "menu_position", "show_in_menu", "description")


def _record_revision(request, queryset, comment):
    # queryset.update() skips save(), so reversion sees nothing: add the new state to
    # the history explicitly, or a later "restore" would not know this change happened.
    # One revision per article: restoring a revision restores every object in it, and
    # restoring one article must never bring back the others an action touched.
    for article in queryset:
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            reversion.add_to_revision(article)
    # update() sent no post_save: cached pages must learn of the change all the same.
    content_changed.send(
        sender=Article, site_ids=sorted(set(queryset.values_list("site_id", flat=True)))
    )


class ReaderStateFilter(admin.SimpleListFilter):
    """The list filter by what readers see now, the same four states as the list's column."""

    title = "bạn đọc thấy"
    parameter_name = "hien_thi"

    def lookups(self, request, model_admin):
        return ReaderState.choices

    def queryset(self, request, queryset):
        if self.value() in ReaderState.values:
            return queryset.in_state(ReaderState(self.value()))
        return queryset


class ArticleAdmin(SiteScopedAdmin, CompareVersionAdmin):
    """Articles for editors; registered by portal/admin.py with what other apps add."""

    form = ArticleAdminForm
    # What an editor scans at 1366 px; author, featured and status are filters.
    list_display = ("title", "category", "state_column", "preview_link")
    list_filter = (ReaderStateFilter, "featured", "category", "author")
    search_fields = ("title", "lead")
    date_hierarchy = "publish_at"
    list_select_related = ("category", "author")
    list_per_page = 50
    history_latest_first = True
    compare_template = "admin/news/article/compare.html"
    compare_raw_template = "admin/news/article/compare_raw.html"
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("title", "category", "lead", "body")}),
        (
            "Ảnh đại diện",
            {"fields": ("cover", "cover_alt", "cover_caption")},
        ),
        (
            "Xuất bản",
            {"fields": ("status", "publish_at", "unpublish_at", "featured")},
        ),
        (
            "Nâng cao",
            {
                "classes": ("collapse",),
                "fields": ("slug", "byline", "author", "legacy_id"),
            },
        ),
    )

    class Media:
        js = ("js/admin/tinymce_upload.js",)

    # Who may do what: news.permissions. Contributors see and open their own articles
    # only, change them while they are drafts, and never set EDITOR_FIELDS; every route
    # (list, form, history, compare, revision, recover, delete, actions) goes through
    # the methods below.

    def has_publish_permission(self, request):
        """Return whether the user may put articles in front of readers or take them down."""
        return permissions.is_editor(request.user)

    def get_queryset(self, request):
        return permissions.articles_for(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.may_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        """Return False for an article the user may only look at.

        Editing a published article changes what readers see at once: for a contributor
        it is read-only, like any article of someone else.
        """
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_change(request.user, obj))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            # The form then refuses "published" like any invalid choice.
            kwargs["choices"] = [(Article.Status.DRAFT, Article.Status.DRAFT.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """Return the slug as read-only once published, EDITOR_FIELDS for contributors."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.extend(permissions.EDITOR_FIELDS)
        elif obj is not None and obj.status == Article.Status.PUBLISHED:
            # Readers and search engines already know this URL; it must never change.
            readonly.append("slug")
        return readonly

    def _stored_article(self, request, object_id, *, change=False):
        """Return the article as stored: 404 if the user cannot see it, 403 if they may not act."""
        article = self.get_object(request, unquote(object_id))
        if article is None:  # also someone else's article, for a contributor
            raise Http404("Không có bài viết này.")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        self._stored_article(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._stored_article(request, object_id)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show (GET) or restore (POST) an old version, if the user may change the article.

        django-reversion writes the old version to the database before the form is shown
        or saved, and checks the change permission against it: a contributor restoring
        an old draft of a published article took it down. The article is checked as it
        is stored, and kept (request.live_article) for save_model.
        """
        article = self._stored_article(request, object_id, change=True)
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        if not self.has_publish_permission(request) and version.revision.version_set.count() > 1:
            # Restoring a revision restores everything in it (bulk actions of old).
            raise PermissionDenied
        request.live_article = article
        return super().revision_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's, which puts the whole request in one revision (for
        # list_editable, which this list has not): a bulk action then made one revision
        # of every article it touched, and restoring one of them restored them all. The
        # actions record one revision per article. The recover link is an editor's.
        context = {"has_change_permission": self.has_publish_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, {**context, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a deleted article: an editor's work, and only from a deleted article."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and (obj.author_id is None or not self.has_publish_permission(request)):
            obj.author = request.user
        live = getattr(request, "live_article", None)
        if live is not None:
            # A restored version keeps what the live article has that its form cannot
            # change: the URL once published, and EDITOR_FIELDS for a contributor.
            if live.status == Article.Status.PUBLISHED:
                obj.slug = live.slug
            if not self.has_publish_permission(request):
                for name in permissions.EDITOR_FIELDS:
                    setattr(obj, name, getattr(live, name))
        super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        """Return the articles matching as readers' search does ("chi bo" finds "chi bộ"),
        plus Django's own match of the typed text inside title or lead (a word half typed).
        """
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = search.clean_query(search_term)
        if words:
            found = found | queryset.filter(search.words_match(words))
        return found, may_have_duplicates

    @admin.display(description="bạn đọc thấy", ordering="publish_at")
    def state_column(self, obj):
        state, moment = obj.reader_state()
        if moment is None:
            return format_html('<span class="reader-state {}">{}</span>', state.value, state.label)
        return format_html(
            '<span class="reader-state {}">{}</span><br>'
            '<span class="reader-state-when">{} {}</span>',
            state.value,
            state.label,
            STATE_MOMENT_WORDS[state],
            timezone.localtime(moment).strftime(LIST_MOMENT_FORMAT),
        )

    @admin.display(description="xem trước")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Xem trước</a>',
            reverse("news:article-preview", args=[obj.pk]),
        )

    @admin.action(description="Xuất bản các bài đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        changed = queryset.exclude(status=Article.Status.PUBLISHED)
        ids = list(changed.values_list("pk", flat=True))
        count = Article.objects.filter(pk__in=ids).update(
            status=Article.Status.PUBLISHED, updated_at=timezone.now()
        )
        _record_revision(request, Article.objects.filter(pk__in=ids), COMMENT_PUBLISHED)
        if count:
            self.message_user(
                request,
                f"Đã xuất bản {count} bài viết. Bài có thời điểm xuất bản trong tương lai "
                "sẽ tự hiện vào đúng thời điểm đó.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Các bài đã chọn đều đã ở trạng thái xuất bản.", messages.INFO
            )

    @admin.action(description="Gỡ các bài đã chọn", permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = queryset.filter(status=Article.Status.PUBLISHED)
        ids = list(changed.values_list("pk", flat=True))
        count = Article.objects.filter(pk__in=ids).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        _record_revision(request, Article.objects.filter(pk__in=ids), COMMENT_UNPUBLISHED)
        if count:
            self.message_user(
                request,
                f"Đã gỡ {count} bài viết: bài trở về bản nháp, bạn đọc không còn thấy.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "Các bài đã chọn đều đang là bản nháp.", messages.INFO)


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(SiteScopedAdmin, admin.ModelAdmin):
    list_display = ("old_path", "site", "article", "new_path", "created_at")
    search_fields = ("old_path", "new_path", "article__title")
    list_select_related = ("article",)
    raw_id_fields = ("article",)
    date_hierarchy = "created_at"
    list_per_page = 50
    fields = ("site", "old_path", "article", "new_path")
