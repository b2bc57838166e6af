"""Write the pgbench scripts bench/run.sh runs: counters' real statement vs a single row.

Usage: python bench/pgbench_scripts.py <output-dir>

The record_view statement is captured from counters.services itself (executed against a
wrapper that records it instead of sending it), so pgbench measures exactly what a
counted page runs, whatever services.py becomes. Article ids and shards turn into
pgbench variables; the local day becomes current_date.
"""

import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from counters import services  # noqa: E402
from counters.models import SITE_SHARDS  # noqa: E402
from news.models import Article  # noqa: E402

# Values no real call uses, so each placeholder can be told apart by its value.
ARTICLE_MARK = 987_654_321
SHARD_MARK = 4_321


class Captured(Exception):
    pass


def captured_statement(**kwargs):
    """Return (sql, params) of the one statement record_view runs."""
    seen = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, params))
        raise Captured

    original_shard = services._shard
    services._shard = lambda: SHARD_MARK
    try:
        with connection.execute_wrapper(capture):
            services.record_view(ARTICLE_MARK, **kwargs)
    except Captured:
        pass
    finally:
        services._shard = original_shard
    return seen[0]


def as_pgbench(sql, params):
    """Return sql with each %s replaced by the pgbench variable or literal it stands for."""
    parts = sql.split("%s")
    if len(parts) != len(params) + 1:
        raise SystemExit("Không khớp tham số của câu lệnh đếm.")
    out = [parts[0]]
    for value, rest in zip(params, parts[1:], strict=True):
        if value == ARTICLE_MARK:
            out.append(":a")
        elif value == SHARD_MARK:
            out.append(":s")
        elif isinstance(value, date):
            out.append("current_date")
        else:
            out.append(str(int(value)))
        out.append(rest)
    return " ".join("".join(out).split()) + ";\n"


def main():
    target = Path(sys.argv[1])
    ids = Article.objects.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    if first is None:
        raise SystemExit("Chưa có bài viết: chạy bench/seed.py trước.")
    shard = f"\\set s random(0, {SITE_SHARDS - 1})\n"
    statement = as_pgbench(*captured_statement(count_visit=True))
    scripts = {
        # The naive design: the site total as one row every view updates.
        "one_row": "UPDATE bench_hot_counter SET n = n + 1 WHERE id = 1;\n",
        # counters' statement, every client counting the same article.
        "record_view_one_article": f"\\set a {first}\n{shard}{statement}",
        # counters' statement over all seeded articles.
        "record_view_spread": f"\\set a random({first}, {last})\n{shard}{statement}",
    }
    for name, text in scripts.items():
        (target / f"{name}.sql").write_text(text)
    sys.stdout.write(" ".join(scripts) + "\n")


if __name__ == "__main__":
    main()
