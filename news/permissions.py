"""Who may do what with editorial content: one rule for articles, pages and documents.

Editors ("Biên tập viên", who hold the model's publish permission) handle every item of
their sites. Everyone else with the model's permissions ("Cộng tác viên") works on their
own drafts only: they see the items they wrote, change them while they are drafts, and
never set anything readers see first or that identifies an item (``editor_fields``);
publishing, withdrawing, deleting and recovering are editors' work. Admin
(news.editorial.EditorialAdmin), staff previews and uploads all ask a ``Roles``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Roles:
    publish_permission: str  # "news.publish_article"
    editor_fields: tuple  # fields only an editor sets

    def is_editor(self, user):
        """Return whether `user` may publish, i.e. handle every item."""
        return user.has_perm(self.publish_permission)

    def is_own(self, user, item):
        """Return whether `user` wrote `item` (an item without author is nobody's)."""
        return item.author_id is not None and item.author_id == user.pk

    def visible(self, user, queryset):
        """Return the part of `queryset` that `user` may see in admin: all, or their own."""
        return queryset if self.is_editor(user) else queryset.filter(author_id=user.pk)

    def may_see(self, user, item):
        """Return whether `user` may open `item` (admin, history, preview): theirs, or editor."""
        return self.is_editor(user) or self.is_own(user, item)

    def may_change(self, user, item):
        """Return whether `user` may change `item` as stored: editors any, others own drafts."""
        return self.is_editor(user) or (
            self.is_own(user, item) and item.status == item.Status.DRAFT
        )


# What the home page shows first, who is named as writer, and the keys readers, search
# engines and the import know an article by.
ARTICLES = Roles("news.publish_article", ("featured", "author", "slug", "legacy_id"))
