"""Documents ("Văn bản") a site publishes, their lists, and files attached to them or to articles.

- ``DocumentType``, ``IssuingBody``, ``DocumentField``: the lists editors maintain per site
  (loại văn bản, cơ quan ban hành, lĩnh vực).
- ``Document``: số/ký hiệu, dates, trích yếu, related articles; drafts and scheduling like
  articles. ``number_key`` is ``documents.numbers.number_key(number)``, what search by
  number compares; ``search_folded`` (number, summary, lists, the files' text, accent-folded)
  is refreshed by ``refresh_search()`` after every save of a document or of its files.
- ``Attachment``: one stored file, of a document, of an article, or uploaded from the
  article editor (neither yet). Stored under a generated name in ``ATTACHMENT_ROOT``, never
  under /media/: it is only ever served by ``documents.views.download``.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject

from multisite.sites import tree
from news.models import Article, slug_url
from news.text import unique_slug, vietnamese_slugify
from portal.content import DATE_RANGE, MESSAGE_DATE_OUT_OF_RANGE, CleanTextModel, validate_date

from . import files
from .numbers import number_key

FIRST_DAY, END_DAY = DATE_RANGE[0].date(), DATE_RANGE[1].date()
MESSAGE_DAY_OUT_OF_RANGE = (
    f"Ngày phải nằm trong khoảng từ năm {FIRST_DAY.year} đến hết năm {END_DAY.year - 1}."
)


def validate_day(value):
    """Raise ValidationError for a date outside the portal's DATE_RANGE."""
    if value is not None and not FIRST_DAY <= value < END_DAY:
        raise ValidationError(MESSAGE_DAY_OUT_OF_RANGE, code="date_out_of_range")


def _day_in_range(name):
    return Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": FIRST_DAY, f"{name}__lt": END_DAY})


class AttachmentStorage(LazyObject):
    """The attachments' own folder (ATTACHMENT_ROOT), read from settings when first used."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.ATTACHMENT_ROOT, base_url=None)


_attachment_storage = AttachmentStorage()


def attachment_storage():
    """Return the attachments' storage (a callable, so migrations do not record the folder)."""
    return _attachment_storage


class ListEntry(CleanTextModel):
    site = models.ForeignKey(Site, verbose_name="trang", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                type(self).objects.filter(site_id=self.site_id),
                vietnamese_slugify(self.name) or "muc",
                self.pk,
            )
        super().save(*args, **kwargs)


class DocumentType(ListEntry):
    class Meta(ListEntry.Meta):
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="documenttype_slug_per_site",
                violation_error_message="Trang này đã có loại văn bản với đường dẫn đó.",
            )
        ]


class IssuingBody(ListEntry):
    class Meta(ListEntry.Meta):
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="issuingbody_slug_per_site",
                violation_error_message="Trang này đã có cơ quan ban hành với đường dẫn đó.",
            )
        ]


class DocumentField(ListEntry):
    class Meta(ListEntry.Meta):
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="documentfield_slug_per_site",
                violation_error_message="Trang này đã có lĩnh vực với đường dẫn đó.",
            )
        ]


class DocumentQuerySet(models.QuerySet):
    def published(self, now=None):
        """Return documents readers may see now: published and due."""
        return self.filter(status=Document.Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def shown_on(self, site_id, ancestor_ids=()):
        """Return the documents a site lists: its own, and its ancestors' shared ones."""
        condition = Q(site_id=site_id)
        if ancestor_ids:
            condition |= Q(site_id__in=list(ancestor_ids), shared_with_components=True)
        return self.filter(condition)

    def newest_first(self):
        return self.order_by("-issued_on", "-id")


def next_scheduled_change(site_ids, now=None):
    """Return the next moment a published document of these sites, or of the sites above
    them (whose shared documents they list), appears, or None (portal.pagecache keeps no
    page of theirs past it). One query, on the scheduled-documents index."""
    now = now or timezone.now()
    ids = tree().with_ancestors(site_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min(publish_at) FROM {Document._meta.db_table}"
            " WHERE site_id = ANY(%s) AND status = %s AND publish_at > %s",
            [ids, Document.Status.PUBLISHED, now],
        )
        return cursor.fetchone()[0]


class Document(CleanTextModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        PUBLISHED = "published", "Đã xuất bản"

    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.PROTECT, related_name="documents"
    )
    number = models.CharField(
        "số/ký hiệu", max_length=100, help_text="Ví dụ: 10-CT/TW, 09-HD/BTCTW, 125/QĐ-UBND."
    )
    number_key = models.CharField(max_length=100, editable=False)
    slug = models.SlugField(
        "đường dẫn", max_length=200, blank=True, help_text="Để trống để tạo tự động."
    )
    doc_type = models.ForeignKey(
        DocumentType, verbose_name="loại văn bản", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        IssuingBody, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        DocumentField,
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer = models.CharField("người ký", max_length=200, blank=True)
    issued_on = models.DateField("ngày ban hành", validators=[validate_day])
    effective_on = models.DateField(
        "ngày có hiệu lực", null=True, blank=True, validators=[validate_day]
    )
    expires_on = models.DateField(
        "ngày hết hiệu lực",
        null=True,
        blank=True,
        validators=[validate_day],
        help_text="Để trống nếu văn bản chưa hết hiệu lực.",
    )
    summary = models.TextField("trích yếu")
    related_articles = models.ManyToManyField(
        Article, verbose_name="bài viết liên quan", blank=True, related_name="+"
    )
    shared_with_components = models.BooleanField(
        "hiện trên các trang thành phần",
        default=False,
        help_text="Văn bản của tỉnh hiện cả trên trang của các phường, xã trực thuộc.",
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        "thời điểm xuất bản", default=timezone.now, validators=[validate_date]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)
    legacy_id = models.CharField("mã trên cổng cũ", max_length=64, null=True, blank=True)
    search_folded = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-id"]
        permissions = [("publish_document", "Có thể xuất bản và gỡ văn bản")]
        indexes = [
            # The list page, newest first, with or without a filter on one list.
            models.Index(
                fields=["site", "-issued_on", "-id"],
                name="document_pub_site_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["site", "doc_type", "-issued_on", "-id"],
                name="document_pub_type_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["site", "issuer", "-issued_on", "-id"],
                name="document_pub_issuer_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["site", "field", "-issued_on", "-id"],
                name="document_pub_field_idx",
                condition=Q(status="published"),
            ),
            # Province documents shown on component sites.
            models.Index(
                fields=["site", "-issued_on", "-id"],
                name="document_pub_shared_idx",
                condition=Q(status="published", shared_with_components=True),
            ),
            # Documents scheduled to appear (next_scheduled_change).
            models.Index(
                fields=["site", "publish_at"],
                name="document_pub_scheduled_idx",
                condition=Q(status="published"),
            ),
            GinIndex(fields=["search_folded"], name="document_search_idx"),
            # Search by number: equal to, or starting with, the canonical form (numbers.py).
            models.Index(
                fields=["number_key"],
                opclasses=["varchar_pattern_ops"],
                name="document_number_key_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="document_slug_per_site",
                violation_error_message="Trang này đã có văn bản với đường dẫn đó.",
            ),
            models.UniqueConstraint(
                fields=["site", "legacy_id"],
                name="document_legacy_id_per_site",
                condition=Q(legacy_id__isnull=False),
                violation_error_message="Trang này đã có văn bản với mã cổng cũ đó.",
            ),
            models.CheckConstraint(
                condition=_day_in_range("issued_on")
                & _day_in_range("effective_on")
                & _day_in_range("expires_on"),
                name="document_days_in_range",
                violation_error_message=MESSAGE_DAY_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(publish_at__gte=DATE_RANGE[0], publish_at__lt=DATE_RANGE[1]),
                name="document_publish_at_in_range",
                violation_error_message=MESSAGE_DATE_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gt=models.F("effective_on")),
                name="document_expires_after_effective",
                violation_error_message="Ngày hết hiệu lực phải sau ngày có hiệu lực.",
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.summary[:80]}"

    def get_absolute_url(self):
        return slug_url("documents:detail", self.slug)

    @property
    def title(self):
        """Return how the document is named in lists and feeds: type, number, summary."""
        return f"{self.doc_type.name} {self.number}"

    def is_published(self, now=None):
        return self.status == self.Status.PUBLISHED and self.publish_at <= (now or timezone.now())

    is_published.boolean = True
    is_published.short_description = "đang hiển thị"

    def is_in_force(self, today=None):
        today = today or timezone.localdate()
        started = self.effective_on is None or self.effective_on <= today
        return started and (self.expires_on is None or self.expires_on > today)

    def clean(self):
        for name in ("doc_type", "issuer", "field"):
            entry = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if entry is not None and self.site_id and entry.site_id != self.site_id:
                raise ValidationError({name: "Mục này phải thuộc cùng trang với văn bản."})

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        if self.slug:
            super().save(*args, **kwargs)
        else:
            base = vietnamese_slugify(f"{self.number} {self.summary[:80]}") or "van-ban"
            for _attempt in range(5):
                self.slug = unique_slug(
                    Document.objects.filter(site_id=self.site_id), base[:180], self.pk
                )
                try:
                    with transaction.atomic():
                        super().save(*args, **kwargs)
                    break
                except IntegrityError:
                    self.slug = ""
            else:
                raise IntegrityError("Không tạo được đường dẫn duy nhất cho văn bản.")
        refresh_search([self.pk])


# Text of the files that goes into the search vector; the rest is not searched.
FILE_TEXT_CHARS = 200_000


def refresh_search(document_ids):
    """Recompute the search vector of these documents from their columns and files."""
    if not document_ids:
        return
    names = {
        "doc": Document._meta.db_table,
        "types": DocumentType._meta.db_table,
        "issuers": IssuingBody._meta.db_table,
        "fields": DocumentField._meta.db_table,
        "files": Attachment._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE {doc} AS d SET search_folded = to_tsvector('simple', news_vi_fold(
                d.number || ' ' || replace(d.number_key, '-', ' ') || ' '
                || coalesce((SELECT name FROM {types} WHERE id = d.doc_type_id), '') || ' '
                || coalesce((SELECT name FROM {issuers} WHERE id = d.issuer_id), '') || ' '
                || coalesce((SELECT name FROM {fields} WHERE id = d.field_id), '') || ' '
                || d.signer || ' ' || d.summary || ' '
                || coalesce((SELECT left(string_agg(a.text, ' '), %s) FROM {files} a
                             WHERE a.document_id = d.id), '')))
            WHERE d.id = ANY(%s)
            """.format(**names),
            [FILE_TEXT_CHARS, list(document_ids)],
        )


def _stored_name(instance, filename):
    now = timezone.localtime()
    return f"{now:%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class Attachment(CleanTextModel):
    class TextStatus(models.TextChoices):
        DONE = "done", "Đã đọc chữ"
        FAILED = "failed", "Không đọc được chữ"
        NONE = "none", "Không đọc chữ loại tệp này"

    site = models.ForeignKey(Site, verbose_name="trang", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        Document,
        verbose_name="văn bản",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    article = models.ForeignKey(
        Article,
        verbose_name="bài viết",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        "tệp", storage=attachment_storage, upload_to=_stored_name, max_length=200
    )
    name = models.CharField(
        "tên tệp",
        max_length=files.MAX_NAME_CHARS,
        blank=True,
        help_text="Tên bạn đọc thấy và nhận khi tải về; để trống để giữ tên tệp tải lên.",
    )
    kind = models.CharField("loại tệp", max_length=8, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", editable=False, default=0)
    text = models.TextField("chữ trong tệp", blank=True, editable=False)
    text_status = models.CharField(
        "đọc chữ",
        max_length=8,
        choices=TextStatus.choices,
        default=TextStatus.NONE,
        editable=False,
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    uploaded_at = models.DateTimeField("ngày tải lên", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True) | Q(article__isnull=True),
                name="attachment_one_owner",
                violation_error_message="Một tệp chỉ đính kèm một văn bản hoặc một bài viết.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return files.LABELS.get(self.kind, self.kind.upper())

    @property
    def content_type(self):
        return files.CONTENT_TYPES.get(self.kind, "application/octet-stream")

    def get_absolute_url(self):
        return reverse("documents:download", args=[self.pk])

    def save(self, *args, **kwargs):
        owner = self.document or self.article
        if owner is not None:
            self.site_id = owner.site_id
        super().save(*args, **kwargs)
        if self.document_id:
            refresh_search([self.document_id])
