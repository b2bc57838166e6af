"""The agency around its news: pages ("Trang"), leaders ("Lãnh đạo"), agency information.

Each belongs to a site, as articles do. A page sits in a tree; its address is the path of
its slugs ("gioi-thieu/co-cau-to-chuc"), stored in ``path`` and kept in step with its
ancestors' on every save. Pages about the agency may carry an English version (the
``*_en`` fields), shown under /en/.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import Resolver404, resolve
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit, Transpose
from tinymce.models import HTMLField

from news.images import rendition_urls
from news.models import RENDITION_QUALITY, slug_url
from news.text import clean_html, unique_slug, vietnamese_slugify
from portal.content import CleanTextModel
from portal.media import SizedImageField

PAGE_DETAIL = "agency:page-detail"
PAGE_DETAIL_EN = "agency:page-detail-en"
# A page's body as an editor may write it: several times the longest real page (an
# organisation chart with its tables), small enough that no paste can stall a page.
BODY_MAX_CHARS = 200_000
TEXT_MAX_CHARS = 10_000
# Pages nest under "Giới thiệu" and one level more; deeper trees lose readers.
MAX_DEPTH = 4
PATH_MAX_LENGTH = 600


def max_chars(limit):
    """Return a validator refusing text longer than `limit` characters, in Vietnamese."""
    return MaxLengthValidator(
        limit,
        message=(
            f"Nội dung quá dài (%(show_value)s ký tự). Tối đa {limit:,} ký tự; hãy chia "
            "thành nhiều trang."
        ).replace(",", "."),
    )


class PageQuerySet(models.QuerySet):
    def published(self):
        """Return pages readers may see."""
        return self.filter(status=Page.Status.PUBLISHED)

    def with_english(self):
        """Return pages that carry an English version."""
        return self.exclude(title_en="")


class Page(CleanTextModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        PUBLISHED = "published", "Đã xuất bản"

    class Block(models.TextChoices):
        NONE = "", "Không có"
        CONTACT = "contact", "Thông tin liên hệ của cơ quan"
        LEADERS = "leaders", "Danh sách lãnh đạo"

    site = models.ForeignKey(
        Site, verbose_name="trang thông tin", on_delete=models.PROTECT, related_name="pages"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="trang cha",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Để trống cho trang cấp một (hiện trên menu nếu được chọn).",
    )
    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=120,
        blank=True,
        help_text="Để trống để tạo tự động từ tiêu đề. Địa chỉ trang gồm đường dẫn của trang cha.",
    )
    path = models.CharField("địa chỉ", max_length=PATH_MAX_LENGTH, editable=False)
    lead = models.TextField("tóm tắt", blank=True, validators=[max_chars(TEXT_MAX_CHARS)])
    body = HTMLField("nội dung", blank=True, validators=[max_chars(BODY_MAX_CHARS)])
    block = models.CharField(
        "kèm theo",
        max_length=20,
        choices=Block.choices,
        default=Block.NONE,
        blank=True,
        help_text="Phần hiện sau nội dung: thông tin liên hệ (trang Liên hệ) hoặc lãnh đạo.",
    )
    title_en = models.CharField(
        "tiêu đề tiếng Anh",
        max_length=300,
        blank=True,
        help_text="Điền để trang có bản tiếng Anh (địa chỉ /en/…).",
    )
    lead_en = models.TextField(
        "tóm tắt tiếng Anh", blank=True, validators=[max_chars(TEXT_MAX_CHARS)]
    )
    body_en = HTMLField("nội dung tiếng Anh", blank=True, validators=[max_chars(BODY_MAX_CHARS)])
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    show_in_menu = models.BooleanField(
        "hiện trên menu", default=False, help_text="Chỉ với trang cấp một."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người viết",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agency_pages",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "trang"
        verbose_name_plural = "trang"
        ordering = ["position", "title", "id"]
        permissions = [("publish_page", "Có thể xuất bản và gỡ trang")]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "path"],
                name="agency_page_path_per_site",
                violation_error_message="Trang này đã có một trang với địa chỉ đó.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="agency_page_not_own_parent",
                violation_error_message="Một trang không thể là trang cha của chính nó.",
            ),
        ]
        indexes = [
            # The menu's top-level pages of a site (agency.chrome), every uncached page.
            models.Index(
                fields=["site", "position"],
                name="agency_page_site_menu_idx",
                condition=Q(parent__isnull=True, status="published", show_in_menu=True),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_english(self):
        return bool(self.title_en)

    def get_absolute_url(self):
        return slug_url(PAGE_DETAIL, self.path)

    def get_english_url(self):
        """Return the address of the English version, or "" when there is none."""
        return slug_url(PAGE_DETAIL_EN, self.path) if self.has_english else ""

    def ancestors(self):
        """Return the pages above this one, the top-level page first (a query per level)."""
        found, parent, seen = [], self.parent, {self.pk}
        while parent is not None and parent.pk not in seen:
            found.insert(0, parent)
            seen.add(parent.pk)
            parent = parent.parent
        return found

    def _own_slug(self):
        if self.slug:
            return self.slug
        siblings = Page.objects.filter(site_id=self.site_id, parent_id=self.parent_id)
        return unique_slug(siblings, vietnamese_slugify(self.title)[:100] or "trang", self.pk)

    def clean(self):
        if self.parent_id is None:
            return
        parent = self.parent
        if self.site_id and parent.site_id != self.site_id:
            raise ValidationError({"parent": "Trang cha phải thuộc cùng trang thông tin."})
        depth, node = 1, parent
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": (
                            "Không thể chọn trang này hoặc một trang con của nó làm trang cha: "
                            "cây trang sẽ thành vòng lặp."
                        )
                    }
                )
            depth += 1
            node = node.parent
        if depth > MAX_DEPTH:
            raise ValidationError(
                {"parent": f"Cây trang sâu tối đa {MAX_DEPTH} cấp: hãy chọn trang cha khác."}
            )

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if not self.site_id or not self.title:
            return
        path = self._path()
        if Page.objects.filter(site_id=self.site_id, path=path).exclude(pk=self.pk).exists():
            raise ValidationError({"slug": "Trang cha này đã có một trang con với đường dẫn đó."})
        # An address the portal already answers (a category, the leaders, /en/...) would
        # hide the page, or the page the other one.
        try:
            match = resolve(f"/{path}/")
        except Resolver404:
            match = None
        if match is None or match.view_name != PAGE_DETAIL:
            raise ValidationError(
                {"slug": f"Địa chỉ /{path}/ đã được cổng dùng cho trang khác: hãy đổi đường dẫn."}
            )

    def _path(self):
        own = self._own_slug()
        return f"{self.parent.path}/{own}" if self.parent_id else own

    def save(self, *args, **kwargs):
        # Every path that stores a body (admin, demo, shell) goes through the sanitizer.
        self.body = clean_html(self.body)
        self.body_en = clean_html(self.body_en)
        self.slug = self._own_slug()
        old_path = None
        if self.pk is not None:
            old_path = Page.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self._path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # The subtree moves with its page: children's addresses follow, in order.
                for child in self.children.all():
                    child.save()


# The photo's renditions as rendition_urls() names them: {"photo_320_webp": "w320_webp", ...}.
PHOTO_RENDITIONS = {
    f"photo_{width}_{fmt}": f"w{width}_{fmt}"
    for width in (320, 640, 1024)
    for fmt in ("webp", "jpeg")
}


def _photo_rendition(width, image_format):
    # The same sizes and processing as article covers (news.models), from the photo.
    return ImageSpecField(
        source="photo",
        processors=[Transpose(), ResizeToFit(width=width, upscale=False)],
        format=image_format,
        options={"quality": RENDITION_QUALITY},
    )


class Leader(CleanTextModel):
    site = models.ForeignKey(
        Site, verbose_name="trang thông tin", on_delete=models.PROTECT, related_name="leaders"
    )
    name = models.CharField("họ và tên", max_length=200)
    slug = models.SlugField(
        "đường dẫn", max_length=220, blank=True, help_text="Để trống để tạo tự động từ họ tên."
    )
    position = models.CharField(
        "chức vụ", max_length=300, help_text="Ví dụ: Chủ tịch Ủy ban nhân dân phường."
    )
    photo = SizedImageField(
        "ảnh chân dung",
        upload_to="leaders/%Y/%m/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_320_webp = _photo_rendition(320, "WEBP")
    photo_640_webp = _photo_rendition(640, "WEBP")
    photo_1024_webp = _photo_rendition(1024, "WEBP")
    photo_320_jpeg = _photo_rendition(320, "JPEG")
    photo_640_jpeg = _photo_rendition(640, "JPEG")
    photo_1024_jpeg = _photo_rendition(1024, "JPEG")
    biography = models.TextField(
        "tiểu sử tóm tắt", blank=True, validators=[max_chars(TEXT_MAX_CHARS)]
    )
    duties = models.TextField(
        "nhiệm vụ được phân công", blank=True, validators=[max_chars(TEXT_MAX_CHARS)]
    )
    phone = models.CharField("điện thoại công vụ", max_length=50, blank=True)
    email = models.EmailField("thư điện tử công vụ", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    position_en = models.CharField(
        "chức vụ tiếng Anh",
        max_length=300,
        blank=True,
        help_text="Điền để lãnh đạo có trang tiếng Anh.",
    )
    biography_en = models.TextField(
        "tiểu sử tiếng Anh", blank=True, validators=[max_chars(TEXT_MAX_CHARS)]
    )
    duties_en = models.TextField(
        "nhiệm vụ tiếng Anh", blank=True, validators=[max_chars(TEXT_MAX_CHARS)]
    )
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    class Meta:
        verbose_name = "lãnh đạo"
        verbose_name_plural = "lãnh đạo"
        ordering = ["order", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="agency_leader_slug_per_site",
                violation_error_message="Trang này đã có lãnh đạo với đường dẫn đó.",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.position}"

    @property
    def has_english(self):
        return bool(self.position_en)

    @property
    def photo_urls(self):
        """Return the photo renditions' URLs by size and format ({} without a photo)."""
        return rendition_urls(self, field="photo", renditions=PHOTO_RENDITIONS)

    def get_absolute_url(self):
        return slug_url("agency:leader-detail", self.slug)

    def get_english_url(self):
        return slug_url("agency:leader-detail-en", self.slug) if self.has_english else ""

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Leader.objects.filter(site_id=self.site_id),
                vietnamese_slugify(self.name)[:200] or "lanh-dao",
                self.pk,
            )
        super().save(*args, **kwargs)


class AgencyInfo(CleanTextModel):
    """Who runs a site and how to reach them: its footer, contact page and Organization."""

    site = models.OneToOneField(
        Site, verbose_name="trang thông tin", on_delete=models.CASCADE, related_name="agency_info"
    )
    full_name = models.CharField(
        "tên đầy đủ của cơ quan",
        max_length=300,
        help_text="Ví dụ: Ủy ban nhân dân phường Bình Thới.",
    )
    parent_body = models.CharField(
        "cơ quan chủ quản",
        max_length=300,
        blank=True,
        help_text="Ví dụ: Ủy ban nhân dân Thành phố Hồ Chí Minh.",
    )
    address = models.CharField("địa chỉ", max_length=500)
    phone = models.CharField("điện thoại", max_length=100, blank=True)
    fax = models.CharField("fax", max_length=100, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    responsible_person = models.CharField(
        "người chịu trách nhiệm chính",
        max_length=300,
        blank=True,
        help_text="Họ tên và chức vụ, ví dụ: Nguyễn Văn A – Phó Chủ tịch UBND phường.",
    )
    licence = models.CharField(
        "giấy phép",
        max_length=500,
        blank=True,
        help_text="Ví dụ: Giấy phép số 12/GP-TTĐT ngày 01/3/2026 của Sở Văn hóa và Thể thao.",
    )
    map_url = models.URLField(
        "liên kết bản đồ",
        max_length=1000,
        blank=True,
        help_text="Địa chỉ trang bản đồ chỉ đường tới trụ sở (https://…).",
    )
    full_name_en = models.CharField("tên tiếng Anh", max_length=300, blank=True)
    parent_body_en = models.CharField("cơ quan chủ quản (tiếng Anh)", max_length=300, blank=True)
    address_en = models.CharField("địa chỉ tiếng Anh", max_length=500, blank=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    class Meta:
        verbose_name = "thông tin cơ quan"
        verbose_name_plural = "thông tin cơ quan"

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.map_url and not self.map_url.lower().startswith(("https://", "http://")):
            raise ValidationError({"map_url": "Liên kết bản đồ phải bắt đầu bằng https://."})
