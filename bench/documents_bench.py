"""The documents list (/van-ban/) with filters at 100,000 documents: time per uncached page.

    .venv/bin/python bench/documents_bench.py [--documents 100000] [--requests 30]

Makes a scratch database on 127.0.0.1 (portal_bench_documents), migrates it, seeds the
documents with one INSERT ... SELECT generate_series (7 types, 20 issuing bodies, 10
fields, 30 years, search vectors as the app computes them), then asks the list page in
process (Django's test Client, the page cache cleared before every request, counting off)
for each filter combination REQUESTS times, and prints p50 / p95 / max in ms and the
queries per page. The database is dropped at the end (kept with --keep). Bounded: REQUESTS per case.
"""

import argparse
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BENCH_DOCUMENTS_DB", "portal_bench_documents")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

SEED = """
INSERT INTO documents_document (site_id, number, number_key, slug, doc_type_id, issuer_id,
    field_id, signer, issued_on, effective_on, expires_on, summary, shared_with_components,
    status, publish_at, created_at, updated_at, legacy_id)
SELECT 1, n || '-' || t.code || '/' || i.code, n || '-' || t.code || '-' || i.code,
    'van-ban-' || n, t.id, i.id, f.id, 'Người ký ' || (n %% 50), day, day, NULL,
    'Về việc ' || (ARRAY['nâng cao chất lượng sinh hoạt chi bộ', 'cải cách hành chính',
    'chuyển đổi số', 'phòng chống thiên tai', 'xây dựng nông thôn mới',
    'an toàn giao thông', 'tiếp công dân'])[1 + n %% 7] || ' số ' || n,
    n %% 10 = 0, 'published', day::timestamptz, now(), now(), NULL
FROM generate_series(1, %s) AS n
CROSS JOIN LATERAL (SELECT date '2026-12-01' - (n %% 10950) AS day) d
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, upper(left(slug, 2)) AS code
      FROM documents_documenttype) t ON t.k = n %% 7
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, 'CQ' || id AS code
      FROM documents_issuingbody) i ON i.k = n %% 20
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM documents_documentfield) f
    ON f.k = n %% 10
"""


def admin(sql):
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(sql)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{DB}"')
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


def run(args):
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from documents.models import DocumentField, DocumentType, IssuingBody

    settings.COUNTERS_ENABLED = False
    logging.getLogger("portal.request").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    types = ["Chỉ thị", "Nghị quyết", "Quyết định", "Kế hoạch", "Thông báo", "Báo cáo", "Công văn"]
    for position, name in enumerate(types):
        DocumentType.objects.create(site_id=1, name=name, position=position)
    for n in range(20):
        IssuingBody.objects.create(site_id=1, name=f"Cơ quan {n}", position=n)
    for n in range(10):
        DocumentField.objects.create(site_id=1, name=f"Lĩnh vực {n}", position=n)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(SEED, [args.documents])
        cursor.execute(
            "UPDATE documents_document SET search_folded = to_tsvector('simple', news_vi_fold("
            "number || ' ' || replace(number_key, '-', ' ') || ' ' || summary))"
        )
    connection.close()
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as c:
        c.execute("VACUUM ANALYZE documents_document")
    print(f"Seeded {args.documents} documents in {time.monotonic() - started:.1f} s")  # noqa: T201

    type_slug = DocumentType.objects.get(name="Quyết định").slug
    issuer_slug = IssuingBody.objects.order_by("pk")[3].slug
    field_slug = DocumentField.objects.order_by("pk")[5].slug
    cases = [
        ("no filter", {}),
        ("type", {"loai": type_slug}),
        ("type + year", {"loai": type_slug, "nam": "2015"}),
        ("issuer + field", {"co_quan": issuer_slug, "linh_vuc": field_slug}),
        ("all four", {"loai": type_slug, "co_quan": issuer_slug, "nam": "2020"}),
        ("number typed '1234 QU CQ'", {"q": "1234 QU CQ"}),
        ("words 'chuyen doi so'", {"q": "chuyen doi so"}),
        ("words + year", {"q": "tiep cong dan", "nam": "2024"}),
        ("deep page", {"page": str(max(1, args.documents // 500))}),
    ]
    client = Client()
    print(f"{'case':32} {'p50':>7} {'p95':>7} {'max':>7}  queries  found")  # noqa: T201
    for label, query in cases:
        times = []
        client.get("/van-ban/", query)  # warm-up: templates, plans
        for _ in range(args.requests):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get("/van-ban/", query)
                times.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
        found = re.search(r"(Hơn [\d.]+|\d+) văn bản", response.content.decode())
        found = found.group(1) if found else "-"
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(  # noqa: T201
            f"{label:32} {statistics.median(times):7.1f} {p95:7.1f} {times[-1]:7.1f}"
            f"  {queries:7}  {found}"
        )


if __name__ == "__main__":
    main()
