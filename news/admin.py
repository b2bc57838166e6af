"""Admin for editors: categories and articles, with history, compare and restore."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion_compare.admin import CompareVersionAdmin

from .forms import ArticleAdminForm
from .models import Article, Category, LegacyRedirect
from .signals import content_changed

COMMENT_PUBLISHED = "Xuất bản bằng thao tác hàng loạt."
COMMENT_UNPUBLISHED = "Gỡ bài bằng thao tác hàng loạt."
# Held by "Biên tập viên", not by "Cộng tác viên" (migration 0004_editor_groups).
PUBLISH_PERMISSION = "news.publish_article"


@admin.register(Category)
class CategoryAdmin(VersionAdmin):
    list_display = ("name", "parent", "menu_position", "show_in_menu")
    list_display_links = ("name",)
    list_editable = ("menu_position", "show_in_menu")
    list_filter = ("show_in_menu", "parent")
    list_select_related = ("parent",)
    search_fields = ("name", "description")
    fields = ("name", "slug", "parent", "menu_position", "show_in_menu", "description")


def _record_revision(request, queryset, comment):
    # queryset.update() skips save(), so reversion sees nothing: add the new state to
    # the history explicitly, or a later "restore" would not know this change happened.
    with reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(comment)
        for article in queryset:
            reversion.add_to_revision(article)
    # update() sent no post_save: cached pages must learn of the change all the same.
    content_changed.send(sender=Article)


class ArticleAdmin(CompareVersionAdmin):
    """Articles for editors; registered by portal/admin.py with what other apps add."""

    form = ArticleAdminForm
    list_display = (
        "title",
        "category",
        "status",
        "publish_at",
        "author",
        "featured",
        "is_published",
        "preview_link",
    )
    list_filter = ("status", "featured", "category", "author")
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

    def has_publish_permission(self, request):
        """Return whether the user may put articles in front of readers or take them down."""
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        """Return False for a published article when the user may not publish.

        Editing a published article changes what readers see at once: for a contributor
        such an article is read-only.
        """
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Article.Status.PUBLISHED:
            return self.has_publish_permission(request)
        return allowed

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            # The form then refuses "published" like any invalid choice.
            kwargs["choices"] = [(Article.Status.DRAFT, Article.Status.DRAFT.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """Return the slug as read-only once the stored article is published."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            # Readers and search engines already know this URL; it must never change.
            readonly.append("slug")
        return readonly

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reversion writes the old version to the database before the form is shown or
        # saved, so remember the live slug first: restoring an old version of a published
        # article must not move it to the URL it had as a draft.
        live = (
            Article.objects.filter(pk=unquote(object_id), status=Article.Status.PUBLISHED)
            .values_list("slug", flat=True)
            .first()
        )
        request.live_article_slug = live
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        live_slug = getattr(request, "live_article_slug", None)
        if live_slug:
            obj.slug = live_slug
        super().save_model(request, obj, form, change)

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
class LegacyRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "article", "new_path", "created_at")
    search_fields = ("old_path", "new_path", "article__title")
    list_select_related = ("article",)
    raw_id_fields = ("article",)
    date_hierarchy = "created_at"
    list_per_page = 50
    fields = ("old_path", "article", "new_path")
