"""Print the stored view counts make bench compares with the pages served, as one JSON line.

Usage: python bench/totals.py <articles.tsv>   (written by bench/traffic.py)

For each published article (by slug): the portal's stored total, read through the
counters app's public API (``counters.services.article_total``), and the naive page's
``views`` column (``bench_naive_article``, bench/naive/); plus the site's all-time views
and visits (``services.site_totals``). run.sh reads it before the first page is served
and after every server has stopped and ``manage.py flush_counters`` (if the project has
it) has applied what was spooled, so the figures are what PostgreSQL stores.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.sites.models import Site  # noqa: E402
from django.db import connection  # noqa: E402

from counters.services import article_total, site_totals  # noqa: E402
from news.models import Article  # noqa: E402


def main():
    slugs = [line.split("\t")[0] for line in Path(sys.argv[1]).read_text().splitlines() if line]
    ids = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    portal = {slug: article_total(ids[slug]) for slug in slugs}
    with connection.cursor() as cursor:
        cursor.execute("SELECT slug, views FROM bench_naive_article WHERE slug = ANY(%s)", [slugs])
        naive = dict(cursor.fetchall())
    site = site_totals(Site.objects.values_list("pk", flat=True))
    print(  # noqa: T201 - run.sh keeps this line
        json.dumps(
            {"portal": portal, "naive": naive, "site_views": site.views, "site_visits": site.visits}
        )
    )  # noqa: T201 - run.sh keeps this line


if __name__ == "__main__":
    main()
