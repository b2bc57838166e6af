"""Load the demo portal: categories, about 40 Vietnamese articles, covers drawn by Pillow."""

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from news.demo.content import ARTICLES, CATEGORIES, ORIGINAL_LEGACY_ID
from news.demo.covers import draw_cover
from news.importer import legacy_totals_imported
from news.models import Article, Category

COVER_LABEL = "Cổng thông tin điện tử Quận 11 · ảnh minh họa"
REVISION_COMMENT = "Nạp nội dung mẫu."


def publish_time(spec, now):
    """Return the publish time of an article spec: fixed (`at`) or relative to `now`."""
    portal_tz = ZoneInfo(settings.TIME_ZONE)
    if "at" in spec:
        return datetime.strptime(spec["at"], "%Y-%m-%d %H:%M").replace(tzinfo=portal_tz)
    local_now = timezone.localtime(now, portal_tz)
    days = spec.get("days_ahead", 0) - spec.get("days_ago", 0)
    day = local_now + timedelta(days=days)
    return day.replace(hour=spec.get("hour", 8), minute=0, second=0, microsecond=0)


def body_html(paragraphs):
    """Return the paragraphs as HTML, escaped: the demo text is plain text."""
    return "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)


# "Số lượt người xem: 7168" and the "SỐ LƯỢT TRUY CẬP" digits of the original page.
ORIGINAL_ARTICLE_VIEWS = 7168
ORIGINAL_SITE_VISITS = 36312546


class Command(BaseCommand):
    help = (
        "Nạp nội dung mẫu (chuyên mục, khoảng 40 bài viết có ảnh). Chạy lại nhiều lần vẫn "
        "an toàn: chỉ thêm những gì còn thiếu, không sửa và không nhân đôi dữ liệu đã có."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        categories = self.ensure_categories()
        existing = set(
            Article.objects.filter(
                legacy_id__in=[spec["legacy_id"] for spec in ARTICLES]
            ).values_list("legacy_id", flat=True)
        )
        now = timezone.now()
        created = 0
        for spec in ARTICLES:
            if spec["legacy_id"] in existing:
                continue
            article = self.create_article(spec, categories[spec["category"]], now)
            created += 1
            if spec["legacy_id"] == ORIGINAL_LEGACY_ID:
                # The totals the original page showed, handed to whoever keeps counts
                # (the counters app listens), as the importer does for real exports.
                legacy_totals_imported.send(
                    sender=type(self),
                    article_views={article.pk: ORIGINAL_ARTICLE_VIEWS},
                    site_visits=ORIGINAL_SITE_VISITS,
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Nội dung mẫu: thêm {created} bài viết, "
                f"{len(ARTICLES) - created} bài đã có từ trước."
            )
        )

    def ensure_categories(self):
        """Return {slug: Category}, creating the demo categories that are missing."""
        by_slug = {}
        for slug, name, parent_slug, position, description in CATEGORIES:
            by_slug[slug], _ = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "parent": by_slug[parent_slug] if parent_slug else None,
                    "menu_position": position,
                    "description": description,
                },
            )
        return by_slug

    def create_article(self, spec, category, now):
        article = Article(
            legacy_id=spec["legacy_id"],
            title=spec["title"],
            category=category,
            lead=spec["lead"],
            body=body_html(spec["paragraphs"]),
            byline=spec.get("byline", ""),
            status=Article.Status.DRAFT if spec.get("draft") else Article.Status.PUBLISHED,
            publish_at=publish_time(spec, now),
            featured=spec.get("featured", False),
            cover_alt=(
                f"Ảnh minh họa nền chuyển màu với dòng chữ “{category.name}” "
                "trên dải tối ở cuối ảnh"
            ),
            cover_caption=spec.get("caption", f"Ảnh minh họa chuyên mục {category.name}."),
        )
        jpeg = draw_cover(spec["legacy_id"], category.slug, category.name, COVER_LABEL)
        # Saving through the ImageField stores the original and, on save, lets imagekit
        # make the WebP/JPEG renditions the templates use.
        # Named, as an upload is: ImageField reads the size of a named file only.
        name = f"{spec['legacy_id']}.jpg"
        article.cover.save(name, ContentFile(jpeg, name=name), save=False)
        # A first version in the history, so editors can compare and restore from day one.
        with reversion.create_revision():
            reversion.set_comment(REVISION_COMMENT)
            article.save()
        return article
