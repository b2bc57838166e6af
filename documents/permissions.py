"""Who may do what with a document: the article rule (news.permissions) for documents.

Editors ("Biên tập viên", who hold ``documents.publish_document``) handle every document;
contributors ("Cộng tác viên") see the documents they entered and change them while they
are drafts, and never publish.
"""

PUBLISH_PERMISSION = "documents.publish_document"
EDITOR_FIELDS = ("slug", "legacy_id", "author", "shared_with_components")


def is_editor(user):
    return user.has_perm(PUBLISH_PERMISSION)


def is_own(user, document):
    return document.author_id is not None and document.author_id == user.pk


def documents_for(user, queryset):
    """Return the part of `queryset` that `user` may see in admin: all, or their own."""
    return queryset if is_editor(user) else queryset.filter(author_id=user.pk)


def may_see(user, document):
    return is_editor(user) or is_own(user, document)


def may_change(user, document):
    return is_editor(user) or (is_own(user, document) and document.status == document.Status.DRAFT)
