"""Print the counts bench/run.sh compares with the 200 responses, as one JSON line.

Usage: python bench/totals.py <article-slug>

The counts are what PostgreSQL stores plus what the workers' spool files hold but have
not applied yet (counters/spool.py), read in one snapshot so that no line is counted
twice or missed: a line is either applied in the snapshot or after its file's offset.
So the figures are exact while gunicorn runs, not only after it stopped.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from counters.services import article_total, site_totals  # noqa: E402
from counters.spool import unflushed_counts  # noqa: E402
from news.models import Article  # noqa: E402


def main():
    article_id = Article.objects.values_list("pk", flat=True).get(slug=sys.argv[1])
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        site = site_totals(use_cache=False)
        views = article_total(article_id)
        pending = unflushed_counts()
    totals = {
        "article_views": views + pending["articles"][article_id],
        "site_views": site.views + pending["views"],
        "site_visits": site.visits + pending["visits"],
        "spooled_not_applied": pending["views"],
    }
    print(json.dumps(totals))  # noqa: T201 - run.sh reads this line


if __name__ == "__main__":
    main()
