"""Who may do what with an article: one rule for admin, the staff preview and uploads.

Editors ("Biên tập viên", who hold ``news.publish_article``) handle every article.
Everyone else with article permissions ("Cộng tác viên") works on their own drafts
only: they see the articles they wrote, change them while they are drafts, and never
set anything readers see or that identifies an article (``EDITOR_FIELDS``); publishing,
withdrawing, deleting and recovering are editors' work.
"""

PUBLISH_PERMISSION = "news.publish_article"
# Fields only an editor sets: what the home page shows first, who is named as writer,
# and the keys readers, search engines and the import know an article by.
EDITOR_FIELDS = ("featured", "author", "slug", "legacy_id")


def is_editor(user):
    """Return whether `user` may publish, i.e. handle every article."""
    return user.has_perm(PUBLISH_PERMISSION)


def is_own(user, article):
    """Return whether `user` wrote `article` (an article without author is nobody's)."""
    return article.author_id is not None and article.author_id == user.pk


def articles_for(user, queryset):
    """Return the part of `queryset` that `user` may see in admin: all, or their own."""
    return queryset if is_editor(user) else queryset.filter(author_id=user.pk)


def may_see(user, article):
    """Return whether `user` may open `article` (admin, history, preview): theirs, or editor."""
    return is_editor(user) or is_own(user, article)


def may_change(user, article):
    """Return whether `user` may change `article` as stored: editors any, others own drafts."""
    return is_editor(user) or (is_own(user, article) and article.status == article.Status.DRAFT)
