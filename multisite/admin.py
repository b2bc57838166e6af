"""The sites in the admin, for the province's technical team (superusers): each site's
place in the tree, its other host names, and which staff work on which sites.

django.contrib.sites' own admin keeps each site's name and canonical host name.
"""

from django.contrib import admin

from .models import SiteAlias, SiteProfile, StaffAccess


class SuperuserOnly:
    """Only the installation's administrators change sites and staff access."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SiteProfile)
class SiteProfileAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("site", "site_domain", "parent", "kind", "position")
    list_filter = ("kind", "parent")
    list_select_related = ("site", "parent")
    search_fields = ("site__name", "site__domain")
    fields = ("site", "parent", "kind", "position")

    @admin.display(description="tên miền", ordering="site__domain")
    def site_domain(self, obj):
        return obj.site.domain


@admin.register(SiteAlias)
class SiteAliasAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("host", "site")
    list_select_related = ("site",)
    search_fields = ("host", "site__name")
    fields = ("host", "site")


@admin.register(StaffAccess)
class StaffAccessAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("user", "all_sites", "site_names")
    list_filter = ("all_sites", "sites")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    filter_horizontal = ("sites",)
    fields = ("user", "all_sites", "sites")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("sites")

    @admin.display(description="các trang")
    def site_names(self, obj):
        return ", ".join(site.name for site in obj.sites.all())
