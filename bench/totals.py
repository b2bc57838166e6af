"""Print the stored counts bench/run.sh compares with the 200 responses, as one JSON line.

Usage: python bench/totals.py <article-slug>
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from counters.services import article_total, site_totals  # noqa: E402
from news.models import Article  # noqa: E402


def main():
    article_id = Article.objects.values_list("pk", flat=True).get(slug=sys.argv[1])
    site = site_totals(use_cache=False)
    totals = {
        "article_views": article_total(article_id),
        "site_views": site.views,
        "site_visits": site.visits,
    }
    print(json.dumps(totals))  # noqa: T201 - run.sh reads this line


if __name__ == "__main__":
    main()
