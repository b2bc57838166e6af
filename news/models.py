import functools

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Greatest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit, Transpose
from tinymce.models import HTMLField

from portal.content import (
    MESSAGE_DATE_OUT_OF_RANGE,
    CleanTextModel,
    clean_text_fields,
    in_date_range,
    validate_date,
)
from portal.media import SizedImageField

from .images import rendition_urls
from .text import clean_html, unique_slug, vietnamese_slugify

# Stands for the slug in a URL pattern whose fixed parts never contain it.
SLUG_PLACEHOLDER = "slug-placeholder"
ARTICLE_DETAIL = "news:article-detail"


@functools.lru_cache(maxsize=64)
def _url_pattern(viewname, script_prefix, urlconf):
    return reverse(viewname, kwargs={"slug": SLUG_PLACEHOLDER}, urlconf=urlconf)


def url_pattern(viewname):
    """Return viewname's URL with SLUG_PLACEHOLDER for its slug, for a list of many links.

    The script prefix and URLconf are per-request state (context-local lookups, about
    half of slug_url()'s cost): a list reads them once, then replaces per item.
    """
    return _url_pattern(viewname, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=512)
def _fixed_url(viewname, current_app, script_prefix, urlconf):
    # The script prefix is in the key because reverse() prepends it.
    return reverse(viewname, urlconf=urlconf, current_app=current_app)


def fixed_url(viewname, current_app=None):
    """Return reverse(viewname) of a URL that takes no argument, reversing once per process
    (the home page, the search, the feed: several on every page)."""
    return _fixed_url(viewname, current_app, get_script_prefix(), get_urlconf())


def slug_url(viewname, slug):
    """Return reverse(viewname, kwargs={"slug": slug}), reversing once per process.

    A page links to dozens of articles and categories; reverse() for each cost a third
    of an article page's rendering (docs/performance.md).
    """
    return url_pattern(viewname).replace(SLUG_PLACEHOLDER, slug, 1)


@functools.cache
def _select_list(model, defer=()):
    concrete = [f for f in model._meta.concrete_fields if f.attname not in defer]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in concrete)
    select = f"SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)}"
    return [f.attname for f in concrete], select


def select_sql(model, where, order_by="", defer=()):
    """Return the SELECT of `model`'s rows matching SQL `where`, as fetch() runs it."""
    _fields, select = _select_list(model, tuple(defer))
    return f"{select} WHERE {where}" + (f" ORDER BY {order_by}" if order_by else "")


def instances(model, rows, defer=()):
    """Return `model` instances built from rows of select_sql(), as fetch() builds them."""
    fields, _select = _select_list(model, tuple(defer))
    alias = connection.alias
    found = []
    for row in rows:
        instance = model.__new__(model)
        instance.__dict__.update(zip(fields, row, strict=True))
        state = instance._state = models.base.ModelState()
        state.adding = False
        state.db = alias
        found.append(instance)
    return found


def fetch(model, where, params, order_by="", defer=()):
    """Return the `model` instances whose rows match SQL `where`, read-only, for reader pages.

    For the few queries every uncached reader's page runs: compiling an ORM queryset cost
    more than running it (0.64 ms against 0.25 for the 30 categories of a menu). The
    instances are built without Model.__init__ and its pre_init/post_init signals (whose
    receivers, imagekit's among them, cost more than the row), so they are for reading:
    imagekit's change tracking is not set up on them. Fields in
    `defer` (attnames) are left out and load on access, as with QuerySet.defer().
    """
    with connection.cursor() as cursor:
        cursor.execute(select_sql(model, where, order_by, defer), params)
        return instances(model, cursor.fetchall(), defer)


def link_families(categories):
    """Return `categories`, each given its `parent` (when listed) and its `covered_ids`.

    `covered_ids` are its own id and its subcategories' ids: what "a category's articles"
    means everywhere (its page and feed, search, the home page blocks). No query.
    """
    by_pk = {c.pk: c for c in categories}
    for category in categories:
        category.covered_ids = [category.pk]
    for category in categories:
        parent = by_pk.get(category.parent_id)
        if parent is not None:
            # What `category.parent = parent` stores, without the descriptor's checks: a
            # menu links 30 categories on every uncached page.
            category._state.fields_cache["parent"] = parent
            parent.covered_ids.append(category.pk)
    return categories


class CategoryQuerySet(models.QuerySet):
    def family(self, slug):
        """Return the category called `slug` with its `covered_ids`, or None. One query."""
        rows = link_families(list(self.filter(Q(slug=slug) | Q(parent__slug=slug))))
        return next((c for c in rows if c.slug == slug), None)


class Category(CleanTextModel):
    site = models.ForeignKey(
        Site, verbose_name="trang", on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField("tên chuyên mục", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        blank=True,
        help_text="Để trống để tạo tự động từ tên chuyên mục.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="chuyên mục cha",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text="Chỉ một cấp chuyên mục con.",
    )
    menu_position = models.PositiveSmallIntegerField("thứ tự trên menu", default=0)
    description = models.TextField("mô tả", blank=True)
    show_in_menu = models.BooleanField("hiện trên menu", default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["menu_position", "name"]
        constraints = [
            # Each site has its own addresses; two sites may both have "tin-tuc".
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="category_slug_per_site",
                violation_error_message="Trang này đã có chuyên mục với đường dẫn đó.",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.site_id and self.parent.site_id != self.site_id:
                raise ValidationError({"parent": "Chuyên mục cha phải thuộc cùng trang."})
            if self.parent_id == self.pk:
                raise ValidationError({"parent": "Chuyên mục không thể là cha của chính nó."})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": "Chỉ cho phép một cấp chuyên mục con: hãy chọn chuyên mục gốc."}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": "Chuyên mục này đang có chuyên mục con nên không thể làm con."}
                )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Category.objects.filter(site_id=self.site_id),
                vietnamese_slugify(self.name) or "chuyen-muc",
                self.pk,
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("news:category-detail", self.slug)


RENDITION_QUALITY = 82
SOCIAL_IMAGE_WIDTH = 1200


def _cover_rendition(width, image_format):
    return ImageSpecField(
        source="cover",
        # Transpose() turns phone photos upright from their EXIF orientation first.
        processors=[Transpose(), ResizeToFit(width=width, upscale=False)],
        format=image_format,
        options={"quality": RENDITION_QUALITY},
    )


class ReaderState(models.TextChoices):
    """What readers see of an article now (Article.reader_state, ArticleQuerySet.in_state)."""

    DRAFT = "nhap", "Bản nháp"
    SCHEDULED = "hen-gio", "Hẹn giờ"
    VISIBLE = "hien-thi", "Đang hiển thị"
    WITHDRAWN = "da-go", "Đã gỡ"


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Return articles a reader may see now: published, due, and not yet withdrawn."""
        now = now or timezone.now()
        return self.filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
            status=Article.Status.PUBLISHED,
            publish_at__lte=now,
        )

    def in_state(self, state, now=None):
        """Return the articles whose reader_state() is `state` (a ReaderState) now."""
        now = now or timezone.now()
        published = self.filter(status=Article.Status.PUBLISHED)
        if state == ReaderState.DRAFT:
            return self.exclude(status=Article.Status.PUBLISHED)
        if state == ReaderState.SCHEDULED:
            return published.filter(publish_at__gt=now)
        if state == ReaderState.WITHDRAWN:
            return published.filter(publish_at__lte=now, unpublish_at__lte=now)
        return self.published(now)

    def newest_first(self):
        return self.order_by("-publish_at", "-id")

    def for_listing(self):
        """Return the columns a list item shows, with its category, newest first."""
        return (
            self.select_related("category")
            .defer("body", "byline", "legacy_id", "cover_caption")
            .newest_first()
        )


# What readers see of an article: a change to any of these changes its page. Featuring,
# publishing or withdrawing it does not change what the page says.
CONTENT_FIELDS = (
    "title",
    "lead",
    "body",
    "cover",
    "cover_alt",
    "cover_caption",
    "byline",
    "category_id",
)


# Article.content_modified_at in SQL, for queries that build no instance (sitemaps).
CONTENT_MODIFIED_AT = Greatest("publish_at", "updated_at")


class Article(CleanTextModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        PUBLISHED = "published", "Đã xuất bản"

    site = models.ForeignKey(
        Site,
        verbose_name="trang",
        on_delete=models.PROTECT,
        related_name="articles",
        editable=False,
        help_text="Trang của chuyên mục: được đặt khi lưu.",
    )
    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=320,
        blank=True,
        help_text=(
            "Để trống để tạo tự động từ tiêu đề. Sau khi bài đã xuất bản, đường dẫn giữ "
            "nguyên dù tiêu đề thay đổi."
        ),
    )
    category = models.ForeignKey(
        Category,
        verbose_name="chuyên mục",
        on_delete=models.PROTECT,
        related_name="articles",
    )
    lead = models.TextField("sapo (tóm tắt)", blank=True)
    body = HTMLField("nội dung", blank=True)
    cover = SizedImageField(
        "ảnh đại diện",
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB. Ảnh gốc được giữ nguyên.",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The sizes templates show, made once when the cover is saved (Optimistic strategy),
    # as WebP with a JPEG fallback for <picture>/srcset. The original file stays as is.
    cover_320_webp = _cover_rendition(320, "WEBP")
    cover_640_webp = _cover_rendition(640, "WEBP")
    cover_1024_webp = _cover_rendition(1024, "WEBP")
    cover_320_jpeg = _cover_rendition(320, "JPEG")
    cover_640_jpeg = _cover_rendition(640, "JPEG")
    cover_1024_jpeg = _cover_rendition(1024, "JPEG")
    # Link previews and search engines' article images: 1200 px wide (their recommended
    # size), JPEG, which every crawler reads.
    cover_1200_jpeg = _cover_rendition(SOCIAL_IMAGE_WIDTH, "JPEG")
    cover_alt = models.CharField(
        "mô tả ảnh (alt)",
        max_length=300,
        blank=True,
        help_text="Mô tả ngắn nội dung ảnh cho người khiếm thị.",
    )
    cover_caption = models.CharField("chú thích ảnh", max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người viết",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    byline = models.CharField(
        "tác giả / nguồn", max_length=200, blank=True, help_text="Ví dụ: Ban Tổ chức Quận ủy."
    )
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=(
            "Bài chỉ hiện với bạn đọc khi ở trạng thái “Đã xuất bản” và đã đến thời điểm "
            "xuất bản. Đặt thời điểm trong tương lai để hẹn giờ đăng."
        ),
    )
    publish_at = models.DateTimeField(
        "thời điểm xuất bản",
        default=timezone.now,
        validators=[validate_date],
        help_text="Bài tự hiện vào thời điểm này (giờ Việt Nam).",
    )
    unpublish_at = models.DateTimeField(
        "thời điểm gỡ bài",
        null=True,
        blank=True,
        validators=[validate_date],
        help_text="Để trống nếu bài không tự gỡ. Bài tự ẩn vào thời điểm này.",
    )
    featured = models.BooleanField("tin nổi bật", default=False)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    # The last change of what readers see (CONTENT_FIELDS), kept by save(): dateModified,
    # the sitemap's lastmod and the feeds' <updated> read it through content_modified_at.
    updated_at = models.DateTimeField("cập nhật lần cuối", default=timezone.now, editable=False)
    legacy_id = models.CharField("mã bài trên cổng cũ", max_length=64, null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-publish_at", "-id"]
        # Contributors ("Cộng tác viên") may write and change drafts; only holders of
        # this permission ("Biên tập viên") put articles in front of readers or take them down.
        permissions = [("publish_article", "Có thể xuất bản và gỡ bài viết")]
        indexes = [
            # Category pages and the newer/older lists walk this index in order. It
            # carries unpublish_at so published() is answered from the index alone: a
            # deep category page skips thousands of entries without reading their rows.
            models.Index(
                fields=["category", "-publish_at", "-id"],
                include=["unpublish_at"],
                name="article_pub_category_page_idx",
                condition=Q(status="published"),
            ),
            # The next scheduled withdrawal (next_scheduled_change below): without
            # it, finding the few articles with an unpublish_at scans every row.
            models.Index(
                fields=["site", "unpublish_at"],
                name="article_pub_site_unpublish_idx",
                condition=Q(status="published", unpublish_at__isnull=False),
            ),
            # A site's home page "latest", its search candidates, the next scheduled
            # publish_at (walked backwards from now).
            models.Index(
                fields=["site", "-publish_at", "-id"],
                name="article_pub_site_latest_idx",
                condition=Q(status="published"),
            ),
            # Home page featured story: without it, a portal with no featured article
            # scans every published row to find none.
            models.Index(
                fields=["site", "-publish_at", "-id"],
                name="article_pub_site_featured_idx",
                condition=Q(status="published", featured=True),
            ),
            # A site's sitemap pages: its published ids in order, from a starting id.
            models.Index(
                fields=["site", "id"],
                name="article_pub_site_id_idx",
                condition=Q(status="published"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=models.F("publish_at")),
                name="article_unpublish_after_publish",
                violation_error_message="Thời điểm gỡ bài phải sau thời điểm xuất bản.",
            ),
            # The same address may exist on two sites, never twice on one.
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="article_slug_per_site",
                violation_error_message="Trang này đã có bài viết với đường dẫn đó.",
            ),
            # Two dissolved districts' portals may both have had article 123: an import
            # keys articles by the old id within the site it goes to.
            models.UniqueConstraint(
                fields=["site", "legacy_id"],
                name="article_legacy_id_per_site",
                condition=Q(legacy_id__isnull=False),
                violation_error_message="Trang này đã có bài viết với mã cổng cũ đó.",
            ),
            # A date no article can have broke every page that reads it back (a year
            # 10000 stored by an import line answered 500 everywhere): see DATE_RANGE.
            models.CheckConstraint(
                condition=in_date_range("publish_at") & in_date_range("unpublish_at"),
                name="article_dates_in_range",
                violation_error_message=MESSAGE_DATE_OUT_OF_RANGE,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url(ARTICLE_DETAIL, self.slug)

    @property
    def social_image_size(self):
        """Return (width, height) of the 1200 px rendition (never enlarged), or None."""
        if not (self.cover_width and self.cover_height):
            return None
        width = min(SOCIAL_IMAGE_WIDTH, self.cover_width)
        return width, round(self.cover_height * width / self.cover_width)

    @property
    def cover_urls(self):
        """Return the cover renditions' URLs by size and format ({} without a cover)."""
        return rendition_urls(self)

    def is_published(self, now=None):
        """Return whether readers can see this article now."""
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    is_published.boolean = True
    is_published.short_description = "đang hiển thị"

    @property
    def content_modified_at(self):
        """Return when readers' page of this article last changed: its publication, or
        the last change of its content after it (schema.org's dateModified)."""
        return max(self.publish_at, self.updated_at)

    def _stamp_content_change(self, update_fields):
        """Set updated_at to now if this save changes CONTENT_FIELDS; return whether it did.

        A new article's content dates from its creation, or from its publication when that
        is earlier: an old portal's article loaded today (the demo, a hand-entered archive
        story) was last changed then, not when it was typed in again.
        """
        now = timezone.now()
        if self._state.adding:
            self.updated_at = min(self.updated_at or now, self.publish_at, now)
            return False
        names = CONTENT_FIELDS
        if update_fields is not None:
            names = [
                name
                for name in CONTENT_FIELDS
                if name in update_fields or name.removesuffix("_id") in update_fields
            ]
            if not names:
                return False
        clean_text_fields(self)  # compared as they will be stored
        stored = Article.objects.filter(pk=self.pk).values_list(*names).first()
        mine = tuple(
            (self.cover.name or "") if name == "cover" else getattr(self, name) for name in names
        )
        if stored is not None and tuple(stored) == mine:
            return False
        self.updated_at = now
        return True

    def reader_state(self, now=None):
        """Return (ReaderState, moment or None): what readers see of this article now.

        The moment is when a scheduled article appears, when a withdrawn one went away,
        or when a visible one will go away (None if never).
        """
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return ReaderState.DRAFT, None
        if self.publish_at > now:
            return ReaderState.SCHEDULED, self.publish_at
        if self.unpublish_at is not None and self.unpublish_at <= now:
            return ReaderState.WITHDRAWN, self.unpublish_at
        return ReaderState.VISIBLE, self.unpublish_at

    def save(self, *args, **kwargs):
        # Every path that stores a body (admin, import, shell) goes through the sanitizer.
        self.body = clean_html(self.body)
        # An article lives on its category's site.
        self.site_id = self.category.site_id
        update_fields = kwargs.get("update_fields")
        if self._stamp_content_change(update_fields) and update_fields is not None:
            kwargs["update_fields"] = [*update_fields, "updated_at"]
        if self.slug:
            super().save(*args, **kwargs)
            return
        base = vietnamese_slugify(self.title) or "bai-viet"
        # Two editors saving the same title at once both pass unique_slug(); the unique
        # constraint catches the loser, who retries with the next free suffix.
        for _attempt in range(5):
            self.slug = unique_slug(Article.objects.filter(site_id=self.site_id), base, self.pk)
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                self.slug = ""
        raise IntegrityError("Không tạo được đường dẫn duy nhất cho bài viết.")


def next_scheduled_change(site_ids, now=None):
    """Return the next moment a published article of these sites appears or disappears.

    None when nothing is scheduled. Until then every public list of those sites reads the
    same rows, so the page cache keeps their pages no longer (portal.pagecache). One query:
    per site (LATERAL over their ids, planned once; a UNION ALL of a part per site cost
    150 ms of planning for a province of 100 sites) two subqueries, each walking its
    partial index from `now` (an aggregate with FILTER would read every row).
    """
    now = now or timezone.now()
    table = Article._meta.db_table
    published = Article.Status.PUBLISHED
    sql = f"""SELECT min(least(moment.publish_at, moment.unpublish_at))
        FROM unnest(%s::int[]) AS site(id) CROSS JOIN LATERAL (SELECT
        (SELECT publish_at FROM {table} WHERE site_id = site.id AND status = %s
         AND publish_at > %s ORDER BY publish_at LIMIT 1) AS publish_at,
        (SELECT min(unpublish_at) FROM {table} WHERE site_id = site.id AND status = %s
         AND unpublish_at IS NOT NULL AND unpublish_at > %s) AS unpublish_at) AS moment"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(site_ids), published, now, published, now])
        return cursor.fetchone()[0]


class LegacyRedirect(CleanTextModel):
    """An old portal address that answers with a permanent redirect to its new page.

    ``old_path`` is stored normalized by ``news.redirects.normalize_old_path``: the path
    percent-decoded as Django sees it, plus the query string with its parameters sorted
    when the old address needed one ("/Default.aspx?id=5&tab=2").
    """

    site = models.ForeignKey(
        Site,
        verbose_name="trang",
        on_delete=models.CASCADE,
        related_name="legacy_redirects",
        help_text="Địa chỉ cũ trả lời trên các tên miền của trang này.",
    )
    old_path = models.CharField(
        "địa chỉ cũ",
        max_length=1000,
        help_text=(
            "Đường dẫn trên cổng cũ, bắt đầu bằng “/”, có thể kèm tham số, ví dụ "
            "/tin-tuc/chi-tiet.aspx?id=123. Có thể dán cả địa chỉ đầy đủ."
        ),
    )
    article = models.ForeignKey(
        Article,
        verbose_name="bài viết",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legacy_redirects",
        help_text="Bài viết mới; đường dẫn của bài đổi thì chuyển hướng vẫn đúng.",
    )
    new_path = models.CharField(
        "địa chỉ mới",
        max_length=1000,
        blank=True,
        help_text="Dùng khi không chọn bài viết, ví dụ /chuyen-muc/tin-tuc-su-kien/.",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)

    class Meta:
        verbose_name = "chuyển hướng từ cổng cũ"
        verbose_name_plural = "chuyển hướng từ cổng cũ"
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(new_path=""),
                name="legacy_redirect_has_target",
                violation_error_message="Hãy chọn bài viết hoặc nhập địa chỉ mới.",
            ),
            models.UniqueConstraint(
                fields=["site", "old_path"],
                name="legacy_redirect_path_per_site",
                violation_error_message="Trang này đã có chuyển hướng cho địa chỉ cũ đó.",
            ),
        ]

    def __str__(self):
        return self.old_path

    def clean(self):
        from .redirects import normalize_old_path

        if self.old_path:
            self.old_path = normalize_old_path(self.old_path)
        if self.article_id and self.site_id and self.article.site_id != self.site_id:
            raise ValidationError({"article": "Bài viết phải thuộc cùng trang với chuyển hướng."})

    def target_url(self):
        """Return where the old address leads now."""
        return self.article.get_absolute_url() if self.article_id else self.new_path
