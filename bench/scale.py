"""make bench-scale: page latency and queries per page at 1,000 / 100,000 / 1,000,000 articles.

    .venv/bin/python bench/scale.py                      # seeds what is missing, measures
    .venv/bin/python bench/scale.py --reuse              # keep already seeded databases
    .venv/bin/python bench/scale.py --sizes 1000,100000 --requests 100

For each size it uses a scratch database on 127.0.0.1 (portal_scale_1k, portal_scale_100k,
portal_scale_1m), seeded by bench/seed.py. The databases are kept, so a later run with
--reuse measures again without seeding a million articles (it still applies any new
migration); without --reuse they are dropped and seeded afresh.

Per size:

1. Queries per page, in process (Django's test Client against the same database, the
   production settings): the first request after clearing the cache ("cold": what a
   reader gets right after an editor's save) and the next one ("warm"), with their time.
2. Latency through gunicorn with the production settings (gunicorn.conf.py, DEBUG off,
   collectstatic, counting on as in production: every request is a new reader, so every
   article page counts a view and every page a visit; --no-counters measures the pages
   without it) on a free 127.0.0.1 port: WARMUP
   requests per page, then REQUESTS rounds, each round one request to every page in turn
   (a new connection each, one at a time), timed by the client; p50 and p99 per page.

Pages: home; the biggest menu category (its subcategories' articles included) page 1 and
page 500 (or its last page when it has fewer); the newest and the oldest published
article; search for a two-word query; the sitemap index and one article-map page (the
middle one; each holds up to 1,000 articles at every size).

Prints a table (and the same as Markdown for docs/performance.md), writes
docs/scale-results.json and the chart docs/scale-latency.png (matplotlib, the `bench`
extra: pip install -e '.[bench]'). Every loop is bounded in count and time.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = os.environ.get("PYTHON", str(ROOT / ".venv/bin/python"))
GUNICORN = os.environ.get("GUNICORN", str(ROOT / ".venv/bin/gunicorn"))
SERVER = "postgres://postgres@127.0.0.1:5432"
SIZES = [1_000, 100_000, 1_000_000]
DEEP_PAGE = 500
SEARCH_QUERY = "chi bộ"
REQUESTS = 1000
WARMUP = 10
WORKERS = 2
START_TIMEOUT = 60
STOP_TIMEOUT = 40
REQUEST_TIMEOUT = 30
# The whole timed part of one size stops after this many seconds whatever is left.
MEASURE_BUDGET = 900
RESULTS = ROOT / "docs" / "scale-results.json"
CHART = ROOT / "docs" / "scale-latency.png"
PAGES = [
    ("home", "Trang chủ"),
    ("category_1", "Chuyên mục, trang 1"),
    ("category_deep", "Chuyên mục, trang 500"),
    ("article_new", "Bài mới nhất"),
    ("article_old", "Bài cũ nhất"),
    ("search", "Tìm kiếm (2 từ)"),
    ("sitemap_index", "Sitemap (chỉ mục)"),
    ("sitemap_page", "Sitemap (trang bài viết)"),
]


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def db_name(size):
    if size % 1_000_000 == 0:
        return f"portal_scale_{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"portal_scale_{size // 1_000}k"
    return f"portal_scale_{size}"


def label(size):
    return f"{size:,}".replace(",", ".")


def admin_sql(sql):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


def article_count(name):
    import psycopg

    if not admin_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        return None
    with psycopg.connect(f"{SERVER}/{name}") as conn:
        try:
            return conn.execute("SELECT count(*) FROM news_article").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return None


# Set from --no-counters in main(); read by base_env().
COUNTING = {"on": True}


def base_env(name, work):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=f"{SERVER}/{name}",
        PGOPTIONS="-c client_min_messages=warning",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        # The one seeded site answers the loopback address, as in bench/lib.sh.
        UNKNOWN_HOST_SITE="root",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        COUNTERS_ENABLED="true" if COUNTING["on"] else "false",
        COUNTER_SPOOL_DIR=str(work / "spool"),
        COUNTER_MAX_PER_IP_PER_MINUTE="0",  # one client on 127.0.0.1 sends every request
        LOG_FORMAT="json",
        LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
    )
    return env


def prepare(size, reuse, work):
    """Return the database name for `size`, seeded (or reused) and migrated."""
    name = db_name(size)
    env = base_env(name, work)
    existing = article_count(name)
    if reuse and existing == size:
        say(f"== {name}: dùng lại {existing:,} bài đã nạp")
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env, check=True)
        return name
    say(f"== {name}: tạo mới và nạp {size:,} bài")
    admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {name}")
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([PY, "bench/seed.py", "--articles", str(size)], env=env, check=True)
    return name


def page_urls(name, site_id=1):
    """Return {page key: path} of the site `site_id` in the database `name`."""
    import psycopg

    with psycopg.connect(f"{SERVER}/{name}") as conn:
        published = (
            f"site_id = {int(site_id)} AND status = 'published' AND publish_at <= now() "
            "AND (unpublish_at IS NULL OR unpublish_at > now())"
        )
        tree = conn.execute(
            "SELECT id, coalesce(parent_id, id), slug FROM news_category WHERE site_id = %s",
            (site_id,),
        ).fetchall()
        per_category = dict(
            conn.execute(
                f"SELECT category_id, count(*) FROM news_article WHERE {published} "
                "GROUP BY category_id"
            ).fetchall()
        )
        totals = {}
        for category_id, top_id, _slug in tree:
            totals[top_id] = totals.get(top_id, 0) + per_category.get(category_id, 0)
        top_id = max(totals, key=totals.get)
        slug = next(s for i, _t, s in tree if i == top_id)
        ids = [i for i, t, _s in tree if t == top_id]
        in_category = conn.execute(
            f"SELECT count(*) FROM news_article WHERE category_id = ANY(%s) AND {published}",
            (ids,),
        ).fetchone()[0]
        newest = conn.execute(
            f"SELECT slug FROM news_article WHERE {published} ORDER BY publish_at DESC LIMIT 1"
        ).fetchone()[0]
        oldest = conn.execute(
            f"SELECT slug FROM news_article WHERE {published} ORDER BY publish_at LIMIT 1"
        ).fetchone()[0]
        # The middle page of the article map: pages are 1,000 ids from a starting id (?tu=).
        count = conn.execute(f"SELECT count(*) FROM news_article WHERE {published}").fetchone()[0]
        middle = conn.execute(
            f"SELECT id FROM news_article WHERE {published} ORDER BY id OFFSET %s LIMIT 1",
            (count // 2 // 1000 * 1000,),
        ).fetchone()[0]
    from urllib.parse import quote

    deep = min(DEEP_PAGE, max(1, -(-in_category // 20)))
    return {
        "home": "/",
        "category_1": f"/chuyen-muc/{slug}/",
        "category_deep": f"/chuyen-muc/{slug}/?page={deep}",
        "article_new": f"/tin-tuc/{newest}/",
        "article_old": f"/tin-tuc/{oldest}/",
        "search": f"/tim-kiem/?q={quote(SEARCH_QUERY)}",
        "sitemap_index": "/sitemap.xml",
        "sitemap_page": f"/sitemap-bai-viet.xml?tu={middle}",
    }


# Run in a child process with DATABASE_URL set (Django's settings are per process).
COUNT_QUERIES = """
import json, os, statistics, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
urls, hosts = json.loads(sys.argv[1]), json.loads(sys.argv[2])
client = Client()
client.get("/healthz")
result = {}
for key, url in urls.items():
    host = hosts.get(key, "127.0.0.1")
    cold, warm = [], []
    for _ in range(5):
        cache.clear()
        with CaptureQueriesContext(connection) as first:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST=host)
            cold.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (host, url, response.status_code)
        with CaptureQueriesContext(connection) as second:
            started = time.perf_counter()
            client.get(url, HTTP_HOST=host)
            warm.append((time.perf_counter() - started) * 1000)
    result[key] = {
        "queries_cold": len(first), "queries_warm": len(second),
        "cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm),
    }
print(json.dumps(result))
"""


def count_queries(env, urls, hosts=None):
    """Return each page's queries and in-process time, cold and warm; `hosts`: {page key:
    the Host it is asked on}, 127.0.0.1 for the others."""
    # The page's own queries: the spooled views are not applied during the count (in
    # production each worker applies them once a second, after a response).
    env = {**env, "COUNTER_FLUSH_SECONDS": "3600"}
    out = subprocess.run(
        [PY, "-c", COUNT_QUERIES, json.dumps(urls), json.dumps(hosts or {})],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, host="127.0.0.1"):
    """Return (status, milliseconds) of one GET on a new connection to 127.0.0.1."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


class Gunicorn:
    def __init__(self, env, work):
        self.port = free_port()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(WORKERS)}
        self.log = open(work / "gunicorn.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"gunicorn không khởi động được, xem {work / 'gunicorn.log'}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(env, work, urls, requests, hosts=None):
    hosts = hosts or {}
    server = Gunicorn(env, work)
    try:
        for key, path in urls.items():
            for _ in range(WARMUP):
                status, _ms = get(server.port, path, hosts.get(key, "127.0.0.1"))
                if status != 200:
                    raise SystemExit(f"{path} trả về {status}")
        samples = {key: [] for key in urls}
        deadline = time.monotonic() + MEASURE_BUDGET
        for _ in range(requests):
            if time.monotonic() > deadline:
                say("  (hết thời gian đo: dừng sớm)")
                break
            for key, path in urls.items():
                status, ms = get(server.port, path, hosts.get(key, "127.0.0.1"))
                if status != 200:
                    raise SystemExit(f"{path} trả về {status}")
                samples[key].append(ms)
    finally:
        server.stop()
    return {
        key: {
            "p50": statistics.median(values),
            "p99": percentile(values, 0.99),
            "n": len(values),
        }
        for key, values in samples.items()
    }


def table(results, sizes):
    """Return the results as Markdown: one row per page, p50 / p99 (ms) and queries."""
    head = ["Trang"] + [f"{label(s)} bài: p50 / p99 ms" for s in sizes]
    head += [f"{label(sizes[-1])} / {label(sizes[0])}: p50, p99", "Truy vấn (lạnh / ấm)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, title in PAGES:
        cells = [title]
        for size in sizes:
            row = results[str(size)]["latency"][key]
            cells.append(f"{row['p50']:.1f} / {row['p99']:.1f}")
        first, last = results[str(sizes[0])], results[str(sizes[-1])]
        cells.append(
            ", ".join(
                f"{last['latency'][key][stat] / first['latency'][key][stat]:.2f}×"
                for stat in ("p50", "p99")
            )
        )
        counts = {
            (
                results[str(s)]["queries"][key]["queries_cold"],
                results[str(s)]["queries"][key]["queries_warm"],
            )
            for s in sizes
        }
        cells.append(" · ".join(f"{c} / {w}" for c, w in sorted(counts)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cold_table(results, sizes):
    head = ["Trang (lần đầu sau khi xóa cache, trong tiến trình)"]
    head += [f"{label(s)} bài: ms" for s in sizes]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, title in PAGES:
        cells = [title] + [f"{results[str(s)]['queries'][key]['cold_ms']:.1f}" for s in sizes]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def chart(results, sizes):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import ScalarFormatter

    fig, axes = plt.subplots(1, 2, figsize=(12, 6), sharey=False)
    for ax, stat in zip(axes, ("p50", "p99"), strict=True):
        for key, title in PAGES:
            ax.plot(
                sizes,
                [results[str(s)]["latency"][key][stat] for s in sizes],
                marker="o",
                label=title,
            )
        ax.set_xscale("log")
        ax.set_xticks(sizes, [label(s) for s in sizes])
        ax.set_xlabel("Số bài viết trong kho")
        ax.set_ylabel(f"Độ trễ {stat} (ms, thang log)")
        # Log scale: pages of 2 ms and of 40 ms both show whether they grow.
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(ScalarFormatter())
        ax.tick_params(axis="y", which="minor", labelsize=7)
        ax.grid(True, alpha=0.3)
        counting = "true" if results.get("counters_enabled") else "false"
        ax.set_title(f"{stat} qua gunicorn (COUNTERS_ENABLED={counting})")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=9)
    fig.suptitle("Độ trễ từng trang theo kích thước kho bài viết (bench/scale.py)")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    CHART.parent.mkdir(exist_ok=True)
    fig.savefig(CHART, dpi=110)
    return CHART


def machine():
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} nhân {cpu}, {os.uname().sysname} {os.uname().release}"


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--reuse", action="store_true", help="dùng lại cơ sở dữ liệu đã nạp")
    parser.add_argument("--requests", type=int, default=REQUESTS, help="số vòng đo mỗi trang")
    parser.add_argument("--no-chart", action="store_true")
    parser.add_argument("--no-counters", action="store_true", help="đo với COUNTERS_ENABLED=false")
    parser.add_argument(
        "--report", action="store_true", help=f"chỉ in bảng và vẽ lại biểu đồ từ {RESULTS.name}"
    )
    args = parser.parse_args()
    if args.report:
        results = json.loads(RESULTS.read_text())
        report(results, sorted(int(k) for k in results if k.isdigit()), not args.no_chart)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if not all(1 <= s <= 5_000_000 for s in sizes) or not 1 <= args.requests <= 5_000:
        parser.error("--sizes: 1..5,000,000 bài; --requests: 1..5,000")

    COUNTING["on"] = not args.no_counters
    work = Path(tempfile.mkdtemp(prefix="portal-scale."))
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "workers": WORKERS,
        "requests": args.requests,
        "counters_enabled": not args.no_counters,
    }
    try:
        for size in sizes:
            name = prepare(size, args.reuse, work)
            env = base_env(name, work)
            subprocess.run(
                [PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True
            )
            urls = page_urls(name)
            say(f"== {name}: số truy vấn mỗi trang (trong tiến trình)")
            queries = count_queries(env, urls)
            load_before = loadavg()
            say(f"== {name}: đo qua gunicorn ({WORKERS} worker, {args.requests} vòng)")
            latency = measure(env, work, urls, args.requests)
            results[str(size)] = {
                "database": name,
                "urls": urls,
                "queries": queries,
                "latency": latency,
                "loadavg_before": load_before,
                "loadavg_after": loadavg(),
            }
            for key, title in PAGES:
                row, q = latency[key], queries[key]
                say(
                    f"  {title:28} p50 {row['p50']:7.1f} ms  p99 {row['p99']:7.1f} ms  "
                    f"truy vấn {q['queries_cold']}/{q['queries_warm']}  "
                    f"lạnh {q['cold_ms']:.1f} ms  {urls[key]}"
                )
            say(f"  tải trung bình: trước {load_before}, sau {loadavg()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report(results, sizes, not args.no_chart)


def report(results, sizes, draw):
    say()
    say(f"Máy: {results['machine']}; {results['date']}")
    say(table(results, sizes))
    say()
    say(cold_table(results, sizes))
    if draw:
        say(f"Biểu đồ: {chart(results, sizes).relative_to(ROOT)}")
    say(f"Số liệu: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
