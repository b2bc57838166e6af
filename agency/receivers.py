"""A province portal's agency information is part of its components' pages too: their
structured data names it as parentOrganization. Its save makes theirs stale as well."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from multisite.sites import tree
from news.signals import content_changed

from .models import AgencyInfo


@receiver(post_save, sender=AgencyInfo, dispatch_uid="agency-info-saved")
@receiver(post_delete, sender=AgencyInfo, dispatch_uid="agency-info-deleted")
def _components_changed(sender, instance, **kwargs):
    components = tree().children.get(instance.site_id, [])
    if components:
        content_changed.send(sender=AgencyInfo, site_ids=list(components))
