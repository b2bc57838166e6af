"""The admin of editorial content (articles, pages, documents) under news.permissions' rule.

``EditorialAdmin`` goes first in the bases of a model admin whose model has an author and
a draft/published status, before SiteScopedAdmin and CompareVersionAdmin; the admin sets
``roles``. Contributors see and open their own items only, change them while they are
drafts, and never set ``roles.editor_fields``; every route (list, form, history, compare,
revision, recover, delete, actions) goes through the methods below.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from reversion.models import Version

from .permissions import Roles


class EditorialAdmin:
    roles: Roles
    missing_message = "Không có mục này."  # the 404 for an item the user cannot see
    slug_fixed_once_published = True  # readers and search engines know a published URL

    def has_publish_permission(self, request):
        """Return whether the user may put items in front of readers or take them down."""
        return self.roles.is_editor(request.user)

    def get_queryset(self, request):
        return self.roles.visible(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.roles.may_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        """Return False for an item the user may only look at.

        Editing a published item changes what readers see at once: for a contributor it
        is read-only, like any item of someone else.
        """
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.roles.may_change(request.user, obj))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            # The form then refuses "published" like any invalid choice.
            draft = self.model.Status.DRAFT
            kwargs["choices"] = [(draft, draft.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """Return editor_fields for contributors, and the slug once published."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.extend(self.roles.editor_fields)
        elif (
            self.slug_fixed_once_published
            and obj is not None
            and obj.status == self.model.Status.PUBLISHED
        ):
            readonly.append("slug")
        return readonly

    def _stored(self, request, object_id, *, change=False):
        """Return the item as stored: 404 if the user cannot see it, 403 if they may not act."""
        item = self.get_object(request, unquote(object_id))
        if item is None:  # also someone else's item, for a contributor
            raise Http404(self.missing_message)
        allowed = (
            self.has_change_permission(request, item)
            if change
            else self.has_view_or_change_permission(request, item)
        )
        if not allowed:
            raise PermissionDenied
        return item

    def history_view(self, request, object_id, extra_context=None):
        self._stored(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        # reversion-compare looks the object up in the whole table.
        self._stored(request, object_id)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show (GET) or restore (POST) an old version, if the user may change the item.

        django-reversion writes the old version to the database before the form is shown
        or saved, and checks the change permission against it: a contributor restoring
        an old draft of a published item took it down. The item is checked as it is
        stored, and kept (request.live_item) for save_model.
        """
        item = self._stored(request, object_id, change=True)
        version = get_object_or_404(Version.objects.get_for_object(item), pk=version_id)
        if not self.has_publish_permission(request) and version.revision.version_set.count() > 1:
            # Restoring a revision restores everything in it (bulk actions of old).
            raise PermissionDenied
        request.live_item = item
        return super().revision_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's, which puts the whole request in one revision (for
        # list_editable): a bulk action then made one revision of every item it touched,
        # and restoring one of them restored them all. The actions record one revision
        # per item. The recover link is an editor's.
        context = {"has_change_permission": self.has_publish_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, {**context, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a deleted item: an editor's work, and only from a deleted item."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and (obj.author_id is None or not self.has_publish_permission(request)):
            obj.author = request.user
        live = getattr(request, "live_item", None)
        if live is not None:
            # A restored version keeps what the live item has that its form cannot
            # change: the URL once published, and editor_fields for a contributor, whose
            # restore stays a draft.
            if self.slug_fixed_once_published and live.status == self.model.Status.PUBLISHED:
                obj.slug = live.slug
            if not self.has_publish_permission(request):
                for name in self.roles.editor_fields:
                    setattr(obj, name, getattr(live, name))
                obj.status = self.model.Status.DRAFT
        super().save_model(request, obj, form, change)
