"""Keep this process's view of the sites current when they change."""

from django.contrib.sites.models import Site
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import sites
from .models import SiteAlias, SiteProfile


@receiver(post_save, sender=Site, dispatch_uid="multisite-site-saved")
@receiver(post_delete, sender=Site, dispatch_uid="multisite-site-deleted")
@receiver(post_save, sender=SiteProfile, dispatch_uid="multisite-profile-saved")
@receiver(post_delete, sender=SiteProfile, dispatch_uid="multisite-profile-deleted")
@receiver(post_save, sender=SiteAlias, dispatch_uid="multisite-alias-saved")
@receiver(post_delete, sender=SiteAlias, dispatch_uid="multisite-alias-deleted")
def sites_changed(**kwargs):
    sites.forget()
