"""Every picture an editor uploads for an article body becomes a row of the library."""

import logging

from django.dispatch import receiver

from multisite.access import editable_sites, may_edit
from news.signals import body_image_uploaded

from .models import MediaFile

logger = logging.getLogger(__name__)


def upload_site_id(request):
    """Return the site an upload belongs to: the one the editor works on at this address,
    else the first of their sites; None if they work on none."""
    site = getattr(request, "site", None)
    if site is not None and may_edit(request.user, site.pk):
        return site.pk
    first = editable_sites(request.user).first()
    return first.pk if first else None


@receiver(body_image_uploaded, dispatch_uid="medialib-record-upload")
def record_upload(sender, request, name, original_name, width, height, size, **kwargs):
    site_id = upload_site_id(request)
    if site_id is None:
        logger.warning(
            "Ảnh %s tải lên bởi người không thuộc trang nào: không ghi vào thư viện", name
        )
        return
    media = MediaFile(
        site_id=site_id,
        name=original_name[:255],
        width=width,
        height=height,
        size=size,
        uploaded_by=request.user,
    )
    media.file.name = name  # already stored by the upload endpoint
    media.save()
    if media.has_renditions:
        make_renditions(media)


def make_renditions(media):
    """Make the picture's renditions now, never on a reader's request."""
    from .models import RENDITIONS

    for attr in RENDITIONS:
        try:
            getattr(media, attr).generate()
        except Exception as exc:  # an unreadable source: any storage's errors
            logger.warning(
                "Không tạo được cỡ ảnh %s (%s: %s)", media.file.name, type(exc).__name__, exc
            )
            return
