"""Search at scale: seed a scratch PostgreSQL database with N articles, time /tim-kiem/.

    .venv/bin/python bench/search_bench.py                 # 1,000,000 articles
    .venv/bin/python bench/search_bench.py --articles 100000 --keep

It creates (and afterwards drops, unless --keep) the database ``portal_search_bench`` on
127.0.0.1 only, migrates it, and streams the articles with COPY, so the search trigger
fills both vectors exactly as it does for the admin and the importer. The GIN index is
dropped for the load and rebuilt after (what an operator does for a big import).

Text: Vietnamese syllables taken from the demo articles, drawn with a Zipf-like law
(frequent words frequent, as in real news); titles are unique draws, leads and bodies
come from pools of distinct draws, so posting lists look like a real archive's.

Then each query runs REPEAT times through the real view (RequestFactory, template
included) and the median and p95 are printed, with the time of the view's SQL queries
in one more run. Nothing but 127.0.0.1 is touched and every loop is bounded.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The text generator is bench/seed.py's (the scale benchmark's seeder).
sys.path.insert(0, str(ROOT / "bench"))
from seed import TextMaker, vocabulary  # noqa: E402

DB_NAME = "portal_search_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
CHUNK = 20_000
LEAD_POOL = 20_000
BODY_POOL = 4_000
BODY_WORDS = (250, 450)
REPEAT = 15
QUERIES = [
    "chi bộ",  # two frequent words
    "chi bo",  # the same typed without diacritics
    "sinh hoạt",
    "hội nghị",
    "nâng cao chất lượng",
    "cải cách hành chính",
    "tân bình",
    "khu phố",
]

os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("COUNTERS_ENABLED", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def say(text):
    """Write one line of the report at once (the run takes minutes)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def create_database():
    with _admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database():
    with _admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def _copy_value(value):
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


SEARCH_INDEXES = {
    "news_article_search_folded_gin": "search_folded",
    "news_article_search_head_gin": "search_head",
}
# COPY streams run at once: the search trigger's CPU is per backend, so two streams use
# both cores of this machine.
COPY_STREAMS = 2


def _copy_chunk(chunk, columns, local):
    import psycopg

    if not hasattr(local, "conn"):
        local.conn = psycopg.connect(f"{SERVER}/{DB_NAME}", autocommit=True)
    with local.conn.cursor().copy(f"COPY news_article ({columns}) FROM STDIN") as copy:
        copy.write(chunk)


def seed(count):
    """Stream `count` published articles in 6 categories with COPY; return seconds."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from news.models import Category

    categories = [
        Category.objects.create(name=f"Chuyên mục thử {n}", slug=f"chuyen-muc-thu-{n}")
        for n in range(6)
    ]
    maker = TextMaker(vocabulary())
    leads = [maker.sentence(20, 40) for _ in range(LEAD_POOL)]
    bodies = [maker.body(maker.random.randint(*BODY_WORDS)) for _ in range(BODY_POOL)]
    columns = (
        "title, slug, category_id, lead, body, cover, cover_alt, cover_caption, byline, "
        "status, publish_at, featured, created_at, updated_at"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    local = threading.local()
    pending = []
    with ThreadPoolExecutor(max_workers=COPY_STREAMS) as pool:
        done = 0
        while done < count:
            n = min(CHUNK, count - done)
            buffer = io.StringIO()
            for i in range(done, done + n):
                title = maker.sentence(8, 14)
                day = 1_700_000_000 - i * 600  # one article every 10 minutes, backwards
                stamp = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(day))
                row = [
                    title,
                    f"bai-{i}",
                    str(categories[i % len(categories)].pk),
                    leads[i % LEAD_POOL],
                    bodies[i % BODY_POOL],
                    "",
                    "",
                    "",
                    "",
                    "published",
                    stamp,
                    "f",
                    stamp,
                    stamp,
                ]
                buffer.write("\t".join(_copy_value(v) for v in row) + "\n")
            pending.append(pool.submit(_copy_chunk, buffer.getvalue(), columns, local))
            done += n
            # At most one chunk waiting per stream: memory stays bounded.
            while len(pending) > COPY_STREAMS:
                pending.pop(0).result()
                copied = done - len(pending) * CHUNK
                rate = copied / (time.perf_counter() - started)
                say(f"  {copied:>9,} bài  ({rate:,.0f} bài/s)")
        for future in pending:
            future.result()
    say(f"  {count:>9,} bài  ({count / (time.perf_counter() - started):,.0f} bài/s)")
    with connection.cursor() as cursor:
        index_started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, column in SEARCH_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON news_article USING gin ({column})")
        say(f"  GIN indexes: {time.perf_counter() - index_started:.0f} s")
        cursor.execute("VACUUM ANALYZE news_article")
    return time.perf_counter() - started


def time_queries():
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from news.search import SearchView

    view = SearchView.as_view()
    factory = RequestFactory()
    results = []
    for query in QUERIES:
        request = factory.get("/tim-kiem/", {"q": query})
        response = view(request)
        response.render()  # warm up: first run reads pages from disk
        samples = []
        for _ in range(REPEAT):
            request = factory.get("/tim-kiem/", {"q": query})
            started = time.perf_counter()
            response = view(request)
            response.render()
            samples.append((time.perf_counter() - started) * 1000)
        count = response.context_data["paginator"].count if response.context_data else 0
        # The database's share of one more run: every query the view sent, as timed by
        # the client (round trips included).
        with CaptureQueriesContext(connection) as queries:
            view(factory.get("/tim-kiem/", {"q": query})).render()
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        samples.sort()
        median, p95 = statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
        results.append((query, count, median, p95, sql_ms))
        say(
            f"  {query!r:26} {count:>5} kết quả  trung vị {median:7.1f} ms"
            f"  p95 {p95:7.1f} ms  (SQL: {sql_ms:.1f} ms, {len(queries)} truy vấn)",
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse", action="store_true", help="time an existing seeded database (kept)"
    )
    args = parser.parse_args()
    if not 1 <= args.articles <= 5_000_000:
        parser.error("--articles must be between 1 and 5,000,000")

    import django

    if not args.reuse:
        create_database()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Production settings, but templates find static files without a collectstatic run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            say(f"Nạp {args.articles:,} bài vào {DB_NAME} ...")
            seconds = seed(args.articles)
            say(f"Nạp xong trong {seconds:.0f} s")
        say(f"Thời gian trang /tim-kiem/ ({REPEAT} lần mỗi truy vấn):")
        results = time_queries()
        medians = [r[2] for r in results]
        say(f"Trung vị của các trung vị: {statistics.median(medians):.1f} ms")
    finally:
        from django.db import connections

        connections.close_all()
        # A reused database took half an hour to seed: it is never dropped here.
        if not (args.keep or args.reuse):
            drop_database()


if __name__ == "__main__":
    main()
