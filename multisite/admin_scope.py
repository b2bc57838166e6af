"""Staff per site in the admin: ``SiteScopedAdmin`` for the ModelAdmins of rows that belong
to a site. Staff see, change and choose only the sites they work on (multisite.access)."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from reversion.errors import RevertError
from reversion.models import Version

from .access import editable_site_ids, editable_sites, may_edit


class SiteScopedAdmin:
    """A ModelAdmin mixin: rows of the sites the user works on, and only those sites' choices.

    ``site_lookup`` is the lookup from the model to its site ("site" for a model with its
    own site field). Foreign keys to models that have a site (a category, an article)
    offer only rows of the user's sites, in forms and in the list's filters.

    With django-reversion's VersionAdmin after it, its history views are scoped too: the
    deleted list, recovery and old versions are those of the user's sites only.
    """

    site_lookup = "site"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = editable_site_ids(request.user)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.site_lookup}__in": ids})

    def _object_site_id(self, obj):
        site_id = obj
        for part in self.site_lookup.split("__"):
            site_id = getattr(site_id, f"{part}_id" if part == "site" else part, None)
            if site_id is None:
                return None
        return site_id

    def _allowed(self, request, obj):
        if obj is None or obj.pk is None:
            return True
        return may_edit(request.user, self._object_site_id(obj))

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = editable_site_ids(request.user)
        related = db_field.related_model
        if db_field.name == "site":
            kwargs["queryset"] = editable_sites(request.user)
        elif ids is not None and any(f.name == "site" for f in related._meta.get_fields()):
            kwargs["queryset"] = related._default_manager.filter(site__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        site = getattr(request, "site", None)
        if "site" not in initial and site is not None and may_edit(request.user, site.pk):
            initial["site"] = site.pk
        return initial

    def save_model(self, request, obj, form, change):
        site_id = self._object_site_id(obj)
        if site_id is not None and not may_edit(request.user, site_id):
            raise PermissionDenied  # a forged form: choices only offer the user's sites
        super().save_model(request, obj, form, change)

    def get_list_filter(self, request):
        """Return the filters, a relation's offering only values the user's rows have.

        A plain related filter lists every category, author and site of the installation.
        """
        filters = super().get_list_filter(request)
        if editable_site_ids(request.user) is None:
            return filters
        return [self._scoped_filter(spec) for spec in filters]

    def _scoped_filter(self, spec):
        if not isinstance(spec, str):
            return spec
        try:
            field = get_fields_from_path(self.model, spec)[-1]
        except FieldDoesNotExist:
            return spec
        return (spec, admin.RelatedOnlyFieldListFilter) if field.is_relation else spec

    # django-reversion's views write an old or deleted version to the database, then ask
    # the change form, which answers a row of another site with a redirect; reversion
    # takes a redirect after a POST for a saved form and keeps what it wrote. So the
    # version's site is checked before reversion runs.

    def _version_site_id(self, version):
        """Return the id of the site `version` (of this admin's model) belongs to."""
        first, *rest = self.site_lookup.split("__")
        field = self.model._meta.get_field(first)
        try:
            value = version.field_dict.get(field.attname)
        except RevertError:  # stored before a change of the model: nobody's site
            return None
        if not rest or value is None:
            return value
        related = field.related_model._default_manager.filter(pk=value)
        return related.values_list("__".join(rest), flat=True).first()

    def _version_allowed(self, request, version):
        return may_edit(request.user, self._version_site_id(version))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        version = (
            Version.objects.get_for_model(self.model)
            .filter(pk=version_id, object_id=unquote(object_id))
            .first()
        )
        if obj is None or version is None or not self._version_allowed(request, version):
            raise Http404("Không có phiên bản này.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.get_deleted(self.model).filter(pk=version_id).first()
        if version is None or not self._version_allowed(request, version):
            raise Http404("Không có bản đã xoá này.")
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if editable_site_ids(request.user) is not None:
            deleted = (
                Version.objects.get_deleted(self.model)
                .select_related("revision")
                .order_by(*(self.get_version_ordering(request) or ()))
            )
            # reversion's own list, with what the user may not see left out.
            visible = [v for v in deleted if self._version_allowed(request, v)]
            extra_context = {**(extra_context or {}), "deleted": visible}
        return super().recoverlist_view(request, extra_context)


def view_on_site(request, content_type_id, object_id):
    """Return the admin's "view on site" redirect, for an object the user may see in admin.

    Django's own (contenttypes' shortcut) redirects to any object's address, a draft's
    of another site included, for any staff member: the address gives the title away.
    Here the object must be one its ModelAdmin shows the user (its queryset, so its sites
    and its role rules, and its view permission).
    """
    if not content_type_id.isdigit():
        raise Http404("Không có nội dung này.")
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    try:
        model_admin = admin.site.get_model_admin(model) if model else None
    except NotRegistered:
        model_admin = None
    obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("Không có nội dung này.")
    return contenttype_views.shortcut(request, content_type_id, object_id)
