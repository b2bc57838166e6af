"""Pictures editors uploaded for article bodies, one row per stored file, per site."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import models
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit, Transpose

from portal.content import CleanTextModel
from portal.media import SizedImageField

RENDITION_WIDTHS = (320, 640, 1024)
RENDITION_QUALITY = 82
# Renditions readers get instead of the stored file: (attribute, key in rendition_urls()).
RENDITIONS = {
    f"w{width}_{fmt}": f"w{width}_{fmt}" for width in RENDITION_WIDTHS for fmt in ("webp", "jpeg")
}
# Animated GIFs would lose their frames: shown as uploaded.
NO_RENDITION_EXTENSIONS = (".gif",)


def _rendition(width, image_format):
    return ImageSpecField(
        source="file",
        processors=[Transpose(), ResizeToFit(width=width, upscale=False)],
        format=image_format,
        options={"quality": RENDITION_QUALITY},
    )


class MediaFile(CleanTextModel):
    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="media_files"
    )
    file = SizedImageField(
        "tệp ảnh", upload_to="uploads/%Y/%m/", width_field="width", height_field="height"
    )
    name = models.CharField(
        "tên", max_length=255, blank=True, help_text="Tên tệp khi tải lên; sửa để dễ tìm lại."
    )
    alt = models.CharField(
        "mô tả ảnh (alt)",
        max_length=300,
        blank=True,
        help_text="Mô tả ngắn nội dung ảnh cho người khiếm thị.",
    )
    width = models.PositiveIntegerField("rộng (điểm ảnh)", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("cao (điểm ảnh)", null=True, blank=True, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("ngày tải lên", auto_now_add=True)
    w320_webp = _rendition(320, "WEBP")
    w640_webp = _rendition(640, "WEBP")
    w1024_webp = _rendition(1024, "WEBP")
    w320_jpeg = _rendition(320, "JPEG")
    w640_jpeg = _rendition(640, "JPEG")
    w1024_jpeg = _rendition(1024, "JPEG")

    class Meta:
        verbose_name = "ảnh đã tải lên"
        verbose_name_plural = "ảnh đã tải lên"
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            # A site's library, newest first: the admin list and the editor's picture list.
            models.Index(fields=["site", "-uploaded_at"], name="medialib_site_newest_idx"),
            # Body pictures are found by their stored name when an article is shown.
            models.Index(fields=["file"], name="medialib_file_idx"),
        ]

    def __str__(self):
        return self.name or self.file.name

    @property
    def has_renditions(self):
        """Return whether readers get renditions of this picture (not for GIFs)."""
        return not self.file.name.lower().endswith(NO_RENDITION_EXTENSIONS)
