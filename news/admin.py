"""Admin for editors: categories and articles, with history, compare and restore."""

import reversion
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion_compare.admin import CompareVersionAdmin

from multisite.admin_scope import SiteScopedAdmin

from . import search
from .editorial import EditorialAdmin
from .forms import ArticleAdminForm
from .models import Article, Category, LegacyRedirect, ReaderState
from .permissions import ARTICLES
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


class ArticleAdmin(EditorialAdmin, SiteScopedAdmin, CompareVersionAdmin):
    """Articles for editors; registered by portal/admin.py with what other apps add."""

    form = ArticleAdminForm
    roles = ARTICLES
    missing_message = "Không có bài viết này."
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
