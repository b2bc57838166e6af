"""A notice of a province portal shown on its component sites makes their pages stale too.

portal.pagecache already makes the notice's own site (and the sites above it) stale on
every save and delete; a notice's component sites are below it, so they are named here.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from multisite.sites import tree
from portal.pagecache import content_changed

from .models import DowntimeNotice


@receiver(post_save, sender=DowntimeNotice, dispatch_uid="engagement-notice-saved")
@receiver(post_delete, sender=DowntimeNotice, dispatch_uid="engagement-notice-deleted")
def notice_changed(sender, instance, **kwargs):
    # Whatever the flag is now, it may have been set before this save: always the family.
    components = tree().children.get(instance.site_id, [])
    if components:
        content_changed(site_ids=components)
