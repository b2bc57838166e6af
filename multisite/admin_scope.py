"""Staff per site in the admin: ``SiteScopedAdmin`` for the ModelAdmins of rows that belong
to a site. Staff see, change and choose only the sites they work on (multisite.access)."""

from django.core.exceptions import PermissionDenied

from .access import editable_site_ids, editable_sites, may_edit


class SiteScopedAdmin:
    """A ModelAdmin mixin: rows of the sites the user works on, and only those sites' choices.

    ``site_lookup`` is the lookup from the model to its site ("site" for a model with its
    own site field). Foreign keys to models that have a site (a category, an article)
    offer only rows of the user's sites.
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
