"""Who may do what with a page: the same rule as articles (news.permissions).

Editors ("Biên tập viên", who hold ``agency.publish_page``) handle every page of their
sites. Contributors ("Cộng tác viên") write their own pages as drafts: they see the pages
they wrote, change them while they are drafts, and never set what identifies a page or
where it shows (``EDITOR_FIELDS``).
"""

PUBLISH_PERMISSION = "agency.publish_page"
EDITOR_FIELDS = ("slug", "author", "show_in_menu", "position")


def is_editor(user):
    """Return whether `user` may publish pages, i.e. handle every page."""
    return user.has_perm(PUBLISH_PERMISSION)


def is_own(user, page):
    return page.author_id is not None and page.author_id == user.pk


def pages_for(user, queryset):
    """Return the part of `queryset` that `user` may see in admin: all, or their own."""
    return queryset if is_editor(user) else queryset.filter(author_id=user.pk)


def may_see(user, page):
    return is_editor(user) or is_own(user, page)


def may_change(user, page):
    """Return whether `user` may change `page` as stored: editors any, others own drafts."""
    return is_editor(user) or (is_own(user, page) and page.status == page.Status.DRAFT)
