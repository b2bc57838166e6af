"""Stored pictures never break a page: their size lives in the row, not in the file.

- ``SizedImageField`` is an ImageField whose width and height fields are filled when a
  row is saved, whatever saves it (admin, import, demo, shell), and never read from
  the file when a row is loaded. Django's own ImageField opens the file on every load
  of a row without stored dimensions (its post_init handler): each page listing such an
  article opened its cover, and a missing file answered 500.
- ``RenditionStrategy`` is imagekit's Optimistic strategy (renditions made when the
  source is saved, never on a reader's request) that logs, rather than raises, when
  the source cannot be read: saving an article whose cover file was lost still works.
"""

import logging

from django.db import models
from imagekit.cachefiles.strategies import Optimistic

logger = logging.getLogger(__name__)


class SizedImageField(models.ImageField):
    """An ImageField that stores its picture's size on save and never reads it on load."""

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # force is True when a file is assigned (an upload): its size is read then. On
        # a load (post_init, force=False) the stored size is used as it is.
        if force:
            self._read_dimensions(instance, force=True)

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        # The width and height columns come after this one, so what is set here is what
        # the row stores.
        if file and any(
            name and getattr(model_instance, name) is None
            for name in (self.width_field, self.height_field)
        ):
            self._read_dimensions(model_instance, force=True)
        return file

    def _read_dimensions(self, instance, force):
        try:
            super().update_dimension_fields(instance, force=force)
        except Exception as exc:  # a missing or unreadable file: any storage's errors
            logger.warning(
                "Không đọc được kích thước ảnh %s (%s: %s); để trống kích thước",
                getattr(instance, self.attname, None),
                type(exc).__name__,
                exc,
            )


class RenditionStrategy(Optimistic):
    """Make renditions when the source is saved; a source that cannot be read is skipped."""

    def on_source_saved(self, file):
        try:
            super().on_source_saved(file)
        except Exception as exc:  # a missing or unreadable source: any storage's errors
            logger.warning("Không tạo được cỡ ảnh %s (%s: %s)", file.name, type(exc).__name__, exc)
