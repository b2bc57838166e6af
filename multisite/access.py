"""Which sites a staff member works on: ``StaffAccess``, or every site for superusers and
for province staff given ``all_sites``."""

from django.contrib.sites.models import Site


def editable_site_ids(user):
    """Return the ids of the sites `user` may work on, or None for every site."""
    if not user.is_authenticated or not user.is_staff:
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, "_editable_site_ids", False)
    if cached is not False:
        return cached
    from .models import StaffAccess

    # One query: the flag and every site, one row per site (a row with None: no site).
    rows = list(StaffAccess.objects.filter(user=user).values_list("all_sites", "sites__id"))
    if any(all_sites for all_sites, _site in rows):
        ids = None
    else:
        ids = {site for _all, site in rows if site is not None}
    user._editable_site_ids = ids
    return ids


def editable_sites(user):
    """Return the sites `user` may work on, as a queryset in name order."""
    ids = editable_site_ids(user)
    sites = Site.objects.order_by("name")
    return sites if ids is None else sites.filter(pk__in=ids)


def may_edit(user, site_id):
    """Return whether `user` may work on the site `site_id`."""
    ids = editable_site_ids(user)
    return ids is None or site_id in ids
