"""What the agency app does when others act.

A province portal's agency information is part of its components' pages too: their
structured data names it as parentOrganization. Its save makes theirs stale as well."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from multisite.sites import tree
from news.signals import content_changed, demo_loaded

from . import demo
from .models import AgencyInfo


@receiver(post_save, sender=AgencyInfo, dispatch_uid="agency-info-saved")
@receiver(post_delete, sender=AgencyInfo, dispatch_uid="agency-info-deleted")
def _components_changed(sender, instance, **kwargs):
    components = tree().children.get(instance.site_id, [])
    if components:
        content_changed.send(sender=AgencyInfo, site_ids=list(components))


@receiver(demo_loaded, dispatch_uid="agency-demo")
def _demo_loaded(sender, sites, stdout=None, **kwargs):
    demo.load(sites, stdout)
