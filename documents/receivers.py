"""A province's document may be shown on its component sites: their pages change with it.

The page cache (portal.pagecache) makes the saved row's site and the sites above it stale;
a document is also listed below its site (shared_with_components), so its components'
pages are made stale too, whether the flag is on now or was before this save.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from multisite.sites import tree
from portal.pagecache import content_changed

from .models import Attachment, Document


@receiver(post_save, sender=Document, dispatch_uid="documents-components-save")
@receiver(post_delete, sender=Document, dispatch_uid="documents-components-delete")
@receiver(post_save, sender=Attachment, dispatch_uid="documents-file-components-save")
@receiver(post_delete, sender=Attachment, dispatch_uid="documents-file-components-delete")
def components_changed(sender, instance, **kwargs):
    content_changed(site_ids=tree().family(instance.site_id))
