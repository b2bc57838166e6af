"""Load the demo portal: a city portal and two wards, their categories and about 50
Vietnamese articles with covers drawn by Pillow (news/demo/)."""

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from multisite.models import SiteAlias, SiteProfile
from news.demo import sites as demo_sites
from news.demo.content import ARTICLES, CATEGORIES, ORIGINAL_LEGACY_ID
from news.demo.covers import draw_cover
from news.importer import legacy_totals_imported
from news.models import Article, Category, LegacyRedirect
from news.redirects import normalize_old_path
from news.signals import demo_loaded

REVISION_COMMENT = "Nạp nội dung mẫu."
# The installation's first site and the placeholder domain multisite's migration gives it.
FIRST_SITE_ID = 1
PLACEHOLDER_DOMAIN = "localhost"


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


# The old portal's address of the original article, answered on the dissolved district's
# host name (an alias of the ward that took over its archive).
ORIGINAL_OLD_PATH = "/Default.aspx?tabid=52&ID=1234"


def all_articles():
    """Return every demo article spec with its site key: the archive's, then the sites'."""
    return [{"site": demo_sites.ARCHIVE_SITE, **spec} for spec in ARTICLES] + list(
        demo_sites.ARTICLES
    )


def all_categories():
    """Return (site key, slug, name, parent slug, position, description) of every category."""
    return [(demo_sites.ARCHIVE_SITE, *row) for row in CATEGORIES] + list(demo_sites.CATEGORIES)


class Command(BaseCommand):
    help = (
        "Nạp nội dung mẫu: cổng thông tin Thành phố và hai phường, chuyên mục, khoảng 50 bài "
        "viết có ảnh. Chạy lại nhiều lần vẫn an toàn: chỉ thêm những gì còn thiếu, không sửa "
        "và không nhân đôi dữ liệu đã có."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        sites = self.ensure_sites()
        categories = self.ensure_categories(sites)
        specs = all_articles()
        existing = set(
            Article.objects.filter(legacy_id__in=[spec["legacy_id"] for spec in specs]).values_list(
                "site_id", "legacy_id"
            )
        )
        now = timezone.now()
        created = 0
        for spec in specs:
            site = sites[spec["site"]]
            if (site.pk, spec["legacy_id"]) in existing:
                continue
            article = self.create_article(spec, categories[(spec["site"], spec["category"])], now)
            created += 1
            if spec["legacy_id"] == ORIGINAL_LEGACY_ID:
                self.original_arrived(article, site)
        self.stdout.write(
            self.style.SUCCESS(
                f"Nội dung mẫu: {len(sites)} trang, thêm {created} bài viết, "
                f"{len(specs) - created} bài đã có từ trước."
            )
        )
        demo_loaded.send(sender=type(self), sites=sites, now=now, stdout=self.stdout)

    def original_arrived(self, article, site):
        # The totals the original page showed, handed to whoever keeps counts (the counters
        # app listens), as the importer does for real exports; and its old address.
        legacy_totals_imported.send(
            sender=type(self),
            article_views={article.pk: ORIGINAL_ARTICLE_VIEWS},
            site_id=site.pk,
            site_visits=ORIGINAL_SITE_VISITS,
        )
        LegacyRedirect.objects.get_or_create(
            site=site, old_path=normalize_old_path(ORIGINAL_OLD_PATH), defaults={"article": article}
        )

    def ensure_sites(self):
        """Return {key: Site}: the demo's city portal (the installation's first site, renamed
        while it still has the migration's placeholder name) and its wards."""
        sites = {}
        for key, domain, aliases, name, parent, kind, position in demo_sites.SITES:
            if parent is None:
                site = Site.objects.get(pk=FIRST_SITE_ID)
                if site.domain == PLACEHOLDER_DOMAIN:
                    site.domain, site.name = domain, name
                    site.save()
            else:
                site, _ = Site.objects.get_or_create(domain=domain, defaults={"name": name})
            profile, _ = SiteProfile.objects.get_or_create(site=site)
            parent_site = sites[parent] if parent else None
            if (profile.parent, profile.kind, profile.position) != (parent_site, kind, position):
                profile.parent, profile.kind, profile.position = parent_site, kind, position
                profile.save()
            for host in aliases:
                SiteAlias.objects.get_or_create(host=host, defaults={"site": site})
            sites[key] = site
        return sites

    def ensure_categories(self, sites):
        """Return {(site key, slug): Category}, creating the demo categories that are missing."""
        found = {}
        for key, slug, name, parent_slug, position, description in all_categories():
            found[(key, slug)], _ = Category.objects.get_or_create(
                site=sites[key],
                slug=slug,
                defaults={
                    "name": name,
                    "parent": found[(key, parent_slug)] if parent_slug else None,
                    "menu_position": position,
                    "description": description,
                },
            )
        return found

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
        label = f"{category.site.name} · ảnh minh họa"
        jpeg = draw_cover(spec["legacy_id"], category.slug, category.name, label)
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
