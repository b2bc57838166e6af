"""Fill the bench database with 10,000 articles fast (bulk_create) and print a target slug.

Run by bench/run.sh as `python bench/seed.py --articles 10000` with DATABASE_URL pointing
at the scratch database. Never run it against a real portal: it adds thousands of rows.
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from news.models import Article, Category  # noqa: E402
from news.text import clean_html, vietnamese_slugify  # noqa: E402

CATEGORY_NAMES = [
    "Tin tức sự kiện",
    "Xây dựng Đảng",
    "Chính quyền",
    "Kinh tế - Xã hội",
    "Văn hóa - Thể thao",
    "Quốc phòng - An ninh",
    "Cải cách hành chính",
    "Gương người tốt việc tốt",
]
BATCH_SIZE = 1000
# One article in this many stays a draft, so published() has something to filter out.
DRAFT_EVERY = 20
ARTICLE_SPACING = timedelta(hours=3)
SEED_PAGE = Path("/work/shared/seed/original-article-page.txt")
FALLBACK_PARAGRAPH = (
    "Ban Tổ chức Quận ủy 11 đã tổ chức Hội nghị giao ban chuyên đề về nâng cao chất lượng "
    "sinh hoạt chi bộ, với sự tham dự của đại diện các quận trong Cụm thi đua."
)


def body_html():
    """Return a body as long as a real article: the original page's paragraphs."""
    paragraphs = []
    if SEED_PAGE.is_file():
        lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
        paragraphs = [line.strip() for line in lines if len(line.strip()) > 200]
    paragraphs = paragraphs or [FALLBACK_PARAGRAPH] * 4
    return clean_html("".join(f"<p>{p}</p>" for p in paragraphs))


def seed(count):
    """Return the slug of the newest published article after adding `count` articles."""
    body = body_html()
    now = timezone.now()
    with transaction.atomic():
        categories = [
            Category(name=name, slug=vietnamese_slugify(name), menu_position=i)
            for i, name in enumerate(CATEGORY_NAMES)
        ]
        Category.objects.bulk_create(categories)
        batch = []
        for n in range(1, count + 1):
            title = f"Giao ban chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ” số {n}"
            batch.append(
                Article(
                    title=title,
                    slug=f"{vietnamese_slugify(title)}",
                    category=categories[n % len(categories)],
                    lead=f"Hội nghị giao ban chuyên đề Cụm thi đua I, lần thứ {n}.",
                    body=body,
                    byline="Ban Tổ chức Quận ủy",
                    status=(
                        Article.Status.DRAFT if n % DRAFT_EVERY == 0 else Article.Status.PUBLISHED
                    ),
                    publish_at=now - ARTICLE_SPACING * n,
                )
            )
            if len(batch) == BATCH_SIZE:
                Article.objects.bulk_create(batch)
                batch = []
        Article.objects.bulk_create(batch)
    return Article.objects.published().newest_first().values_list("slug", flat=True)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    if Article.objects.exists():
        sys.exit("Cơ sở dữ liệu đã có bài viết: seed.py chỉ chạy trên cơ sở dữ liệu trống.")
    print(seed(args.articles))  # noqa: T201 - run.sh reads the target slug from stdout


if __name__ == "__main__":
    main()
