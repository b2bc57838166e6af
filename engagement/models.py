"""Planned-downtime notices, reader ratings and the home page's links, each of one site.

Ratings keep no trace of who gave them: no address, User-Agent, cookie or time of day.
One rating per reader, item and day is enforced by ``RatingReceipt``: a keyed hash of the
address, the item and the day, under ``RatingKey``, a random key of that day only; both
are deleted when the day is over (engagement.ratings), after which no receipt can be
linked to anyone, and no receipt is linked to any rating at any time.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit, Transpose

from portal.content import MESSAGE_DATE_OUT_OF_RANGE, CleanTextModel, in_date_range, validate_date
from portal.media import SizedImageField

NOTICE_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 500
# The logo as the links block shows it: at most this many pixels high (twice the CSS
# height, for sharp screens).
LOGO_HEIGHT = 96
LOGO_SHOWN_HEIGHT = 48


class DowntimeNotice(CleanTextModel):
    """A planned stop of the portal, announced in a banner on every page of its site."""

    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="downtime_notices"
    )
    message = models.TextField(
        "nội dung thông báo",
        max_length=NOTICE_MAX_LENGTH,
        help_text=(
            "Ví dụ: Cổng thông tin tạm ngừng hoạt động để nâng cấp hệ thống. Thời điểm "
            "ngừng và hoạt động lại được ghi thêm sau nội dung này."
        ),
    )
    stop_at = models.DateTimeField(
        "thời điểm dự kiến ngừng hoạt động", validators=[validate_date], help_text="Giờ Việt Nam."
    )
    restore_at = models.DateTimeField(
        "thời điểm dự kiến hoạt động lại",
        validators=[validate_date],
        help_text="Thông báo tự ẩn vào thời điểm này.",
    )
    show_from = models.DateTimeField(
        "bắt đầu hiển thị từ",
        validators=[validate_date],
        help_text=(
            "Nghị định 224/2026/NĐ-CP (điều 13.1.a): thông báo trước ít nhất 7 ngày làm "
            "việc, kèm thời gian dự kiến hoạt động trở lại."
        ),
    )
    on_components = models.BooleanField(
        "hiện cả trên các trang thành phần",
        default=False,
        help_text=(
            "Chỉ dành cho cổng của tỉnh, thành phố: thông báo hiện trên mọi trang phường, xã."
        ),
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    class Meta:
        verbose_name = "thông báo tạm ngừng hoạt động"
        verbose_name_plural = "thông báo tạm ngừng hoạt động"
        ordering = ["-stop_at", "-pk"]
        indexes = [
            # Every uncached page's banner and the page cache's schedule: the notices of a
            # few sites not yet over.
            models.Index(fields=["site", "restore_at"], name="notice_site_restore_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(restore_at__gt=F("stop_at")),
                name="notice_restore_after_stop",
                violation_error_message="Thời điểm hoạt động lại phải sau thời điểm ngừng.",
            ),
            models.CheckConstraint(
                condition=Q(show_from__lte=F("stop_at")),
                name="notice_shown_before_stop",
                violation_error_message=(
                    "Thông báo phải bắt đầu hiển thị trước (hoặc đúng) thời điểm ngừng."
                ),
            ),
            models.CheckConstraint(
                condition=in_date_range("stop_at")
                & in_date_range("restore_at")
                & in_date_range("show_from"),
                name="notice_dates_in_range",
                violation_error_message=MESSAGE_DATE_OUT_OF_RANGE,
            ),
        ]

    def __str__(self):
        text = self.message if len(self.message) <= 60 else self.message[:59] + "…"
        return text

    def clean(self):
        if self.on_components and self.site_id:
            from multisite.sites import tree

            if not tree().children.get(self.site_id):
                raise ValidationError(
                    {"on_components": "Trang này không có trang thành phần nào để hiện thông báo."}
                )


class Link(CleanTextModel):
    """A link of the home page's "Liên kết" block: another portal, a public service."""

    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.CASCADE, related_name="links"
    )
    title = models.CharField("tên liên kết", max_length=200)
    url = models.URLField(
        "địa chỉ",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Địa chỉ đầy đủ, bắt đầu bằng https://, ví dụ https://dichvucong.gov.vn/",
    )
    logo = SizedImageField(
        "biểu trưng",
        upload_to="links/%Y/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text="Không bắt buộc. Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB.",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_small = ImageSpecField(
        source="logo",
        processors=[Transpose(), ResizeToFit(height=LOGO_HEIGHT, upscale=False)],
        format="PNG",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    shown = models.BooleanField("hiển thị", default=True)

    class Meta:
        verbose_name = "liên kết"
        verbose_name_plural = "liên kết"
        ordering = ["position", "title", "pk"]
        indexes = [models.Index(fields=["site", "position"], name="link_site_position_idx")]

    def __str__(self):
        return self.title

    @property
    def logo_shown_width(self):
        """Return the logo's width at LOGO_SHOWN_HEIGHT CSS pixels, from the stored size."""
        if not (self.logo_width and self.logo_height):
            return None
        return max(1, round(self.logo_width * LOGO_SHOWN_HEIGHT / self.logo_height))


class Rating(CleanTextModel):
    """One reader's answer to "Thông tin này có hữu ích với bạn không?" for an item.

    Only the local day is kept, never the time: a time to the second could be matched
    with the web server's access log, which holds addresses.
    """

    site = models.ForeignKey(Site, verbose_name="trang", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        ContentType, verbose_name="loại nội dung", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("mã nội dung")
    target = GenericForeignKey("content_type", "object_id")
    day = models.DateField("ngày")
    useful = models.BooleanField("hữu ích")
    comment = models.TextField("góp ý", max_length=COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = "đánh giá của bạn đọc"
        verbose_name_plural = "đánh giá của bạn đọc"
        ordering = ["-day", "-pk"]
        indexes = [
            # The admin report: a site family's ratings of a period, grouped by item.
            models.Index(fields=["site", "day"], name="rating_site_day_idx"),
            models.Index(fields=["content_type", "object_id", "day"], name="rating_item_day_idx"),
        ]

    def __str__(self):
        return f"{'Có' if self.useful else 'Không'} ({self.day:%d/%m/%Y})"


class RatingKey(CleanTextModel):
    """The random key of one day's receipts; deleted once the day is over."""

    day = models.DateField("ngày", primary_key=True)
    secret = models.CharField("khóa", max_length=64)

    class Meta:
        verbose_name = "khóa đánh giá trong ngày"
        verbose_name_plural = "khóa đánh giá trong ngày"


class RatingReceipt(CleanTextModel):
    """That some reader rated some item today: HMAC(day's key, address, item, day)."""

    day = models.DateField("ngày")
    digest = models.CharField("mã băm", max_length=64, unique=True)

    class Meta:
        verbose_name = "dấu đã đánh giá"
        verbose_name_plural = "dấu đã đánh giá"
        indexes = [models.Index(fields=["day"], name="rating_receipt_day_idx")]
