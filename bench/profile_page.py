"""Measure the CPU time one page costs inside Django, away from the network and wrk.

Usage:

    python bench/profile_page.py <path> [<path> ...] [--requests N] [--uncached] [--profile]
    python bench/profile_page.py --standard [--database NAME [--reuse]] [--requests N]

Calls the WSGI application in this process as gunicorn's worker does (no sockets, no test
client, whose template instrumentation costs more than some pages), without cookies, as
wrk's readers, and prints the CPU milliseconds per request. The figure does not depend on
what else the machine runs, unlike requests/s, so it is the one to compare pages with on a
busy machine (PostgreSQL's own CPU is not in it: the queries of a render are counted).

- By default the page is rendered once, then served from the page cache; --uncached makes
  every request render it: before each one (outside the timing) the cached pages are made
  stale as an editor's save does (portal.pagecache.content_changed), so it costs what the
  first reader after a save gets, schedules read again included.
- --standard measures the standard "a cached page, a page or the site map costs no more
  than an article page" (issue 14) on the site of --host (or of each of several): the
  newest article, the first page of the menu, the leaders, the first leader, the site map,
  /en/ and that page's English version, each uncached and cached, and prints a table with
  the queries of one uncached render.
- --database NAME uses a scratch database on 127.0.0.1 with the demo content (migrate,
  collectstatic, load_demo, load_demo_documents; --reuse keeps one already loaded), the
  production settings of bench/scale.py and Redis (database 13, a key prefix of this run,
  deleted at the end); without it the environment's settings are used, as for manage.py.
- --profile prints a pyinstrument call tree (pip install pyinstrument into the venv; it is
  not a project dependency).
"""

import argparse
import io
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

WARMUP_REQUESTS = 20
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
DEMO_DATABASE = "portal_profile_demo"
DEMO_WORK = ROOT / "var" / "profile_demo"
REDIS = "redis://127.0.0.1:6379/13"
# The pages of the standard, in the order of the table; the article is the yardstick.
STANDARD = ["article", "page", "leaders", "leader", "site map", "/en/", "English page"]


def use_demo_database(name, reuse):
    """Point this process's settings at database `name`, loaded with the demo if needed."""
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import PY, admin_sql, base_env

    DEMO_WORK.mkdir(parents=True, exist_ok=True)
    env = base_env(name, DEMO_WORK)
    prefix = f"profile-{secrets.token_hex(6)}"
    env.update(
        ALLOWED_HOSTS="127.0.0.1,.localhost",
        CACHE_URL=f"{REDIS}?key_prefix={prefix}",
        # The key of the demo database's media and sessions stays the same between runs.
        SECRET_KEY=_kept_secret(),
    )
    state = _demo_state(name)
    loaded = state is True
    if reuse and state is False:
        # --reuse promises to keep what is there: never drop another tool's database (make
        # bench's archive has articles but not the demo).
        raise SystemExit(
            f"Cơ sở dữ liệu {name} đã có nhưng không chứa nội dung mẫu: --reuse không xóa nó. "
            "Chọn tên khác cho --database, hoặc bỏ --reuse để tạo lại từ đầu."
        )
    if not (reuse and loaded):
        say(f"== {name}: tạo mới và nạp nội dung mẫu")
        admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin_sql(f"CREATE DATABASE {name}")
    commands = (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"],
                ["load_demo"], ["load_demo_documents"])  # fmt: skip
    for command in commands:
        if reuse and loaded and command[0] in ("load_demo", "load_demo_documents"):
            continue
        subprocess.run([PY, "manage.py", *command], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    os.environ.update(env)
    return prefix


def _kept_secret():
    path = DEMO_WORK / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _demo_state(name):
    """Return True if database `name` holds the demo, False if it holds something else,
    None if there is no such database."""
    import psycopg
    from scale import SERVER

    try:
        conn = psycopg.connect(f"{SERVER}/{name}")
    except psycopg.OperationalError:
        return None
    with conn:
        try:
            return conn.execute("SELECT count(*) FROM agency_page").fetchone()[0] > 0
        except psycopg.Error:
            return False


def forget_redis_keys(prefix):
    """Delete this run's keys (never FLUSHDB: others may use the same Redis database)."""
    import redis

    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Reader:
    """Requests a path of `host` from the WSGI application, as a browser without cookies."""

    def __init__(self, host):
        from django.core.wsgi import get_wsgi_application

        self.host = host
        self.application = get_wsgi_application()

    def get(self, target):
        path, _, query = target.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": self.host,
            "SERVER_PORT": "80",
            "HTTP_HOST": self.host,
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": BROWSER_UA,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
        }
        status = []
        body = b"".join(self.application(environ, lambda s, h, e=None: status.append(s)))
        if not status[0].startswith("200") or not body:
            raise SystemExit(f"{self.host}{target} trả mã {status[0]}")
        return body


def make_stale():
    """Make every cached page stale, as a save of content does."""
    from portal.pagecache import content_changed

    content_changed()


def warm_up(reader, path, uncached):
    for _ in range(WARMUP_REQUESTS):
        if uncached:
            make_stale()
        reader.get(path)


def measure(reader, path, requests, uncached):
    """Return (CPU ms, wall ms) per request of `path`, rendered each time or cached."""
    cpu = wall = 0.0
    if not uncached:
        reader.get(path)  # into the cache
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        for _ in range(requests):
            reader.get(path)
        cpu = time.process_time() - started_cpu
        wall = time.perf_counter() - started_wall
    else:
        for _ in range(requests):
            make_stale()
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            reader.get(path)
            cpu += time.process_time() - started_cpu
            wall += time.perf_counter() - started_wall
    return 1000 * cpu / requests, 1000 * wall / requests


def queries_of(reader, path):
    """Return the queries one uncached render of `path` runs."""
    from django.db import connection

    make_stale()
    count = []
    with connection.execute_wrapper(lambda execute, sql, *a: count.append(sql) or execute(sql, *a)):
        reader.get(path)
    return len(count)


def standard_paths(host):
    """Return {name: path} of the standard's pages on the site answering `host`."""
    from agency.models import Leader, Page
    from multisite.sites import tree
    from news.models import Article

    site = next(s for s in tree().sites.values() if s.domain == host)
    # The newest article: what readers open most.
    article = Article.objects.published().filter(site=site).order_by("-publish_at").first()
    pages = Page.objects.published().filter(site=site)
    page = pages.filter(parent=None, show_in_menu=True).order_by("position", "title").first()
    english = page if page.has_english else pages.with_english().order_by("path").first()
    leader = Leader.objects.filter(site=site).order_by("order", "name").first()
    return {
        "article": article.get_absolute_url(),
        "page": page.get_absolute_url(),
        "leaders": "/lanh-dao/",
        "leader": leader.get_absolute_url(),
        "site map": "/so-do-trang/",
        "/en/": "/en/",
        "English page": english.get_english_url(),
    }


def interleaved(reader, paths, requests, uncached):
    """Return {path: (CPU ms, wall ms)} per request, the paths taken in turn in each round,
    so that every page meets the same machine (other processes come and go)."""
    totals = {path: [0.0, 0.0] for path in paths}
    for path in paths:
        reader.get(path)  # into the cache, for the cached rounds
    for _ in range(requests):
        for path in paths:
            if uncached:
                make_stale()
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            reader.get(path)
            totals[path][0] += time.process_time() - started_cpu
            totals[path][1] += time.perf_counter() - started_wall
    return {
        path: (1000 * cpu / requests, 1000 * wall / requests)
        for path, (cpu, wall) in totals.items()
    }


def standard(reader, requests):
    """Measure the standard's pages and print the table."""
    paths = standard_paths(reader.host)
    for path in paths.values():
        warm_up(reader, path, uncached=True)
    uncached = interleaved(reader, list(paths.values()), requests, uncached=True)
    cached = interleaved(reader, list(paths.values()), requests, uncached=False)
    rows = [
        (
            name,
            paths[name],
            queries_of(reader, paths[name]),
            uncached[paths[name]],
            cached[paths[name]],
        )
        for name in STANDARD
    ]
    article_uncached, article_cached = rows[0][3][0], rows[0][4][0]
    say(f"\nCPU ms per request, {requests} requests each, host {reader.host}:")
    say(f"{'page':<13} {'queries':>7} {'uncached':>9} {'x article':>9} {'cached':>7} "
        f"{'x article':>9}  path")  # fmt: skip
    for name, path, queries, (u_cpu, _u_wall), (c_cpu, _c_wall) in rows:
        say(f"{name:<13} {queries:>7} {u_cpu:>9.2f} {u_cpu / article_uncached:>9.2f} "
            f"{c_cpu:>7.2f} {c_cpu / article_cached:>9.2f}  {path}")  # fmt: skip
    say("\nWall ms (PostgreSQL and Redis round trips included):")
    for name, _path, _queries, (_u_cpu, u_wall), (_c_cpu, c_wall) in rows:
        say(f"{name:<13} uncached {u_wall:6.2f}  cached {c_wall:6.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--uncached", action="store_true")
    parser.add_argument("--standard", action="store_true")
    parser.add_argument("--host", default="127.0.0.1", help="a site's host; several: a,b")
    parser.add_argument("--database")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not args.paths and not args.standard:
        parser.error("cần ít nhất một đường dẫn, hoặc --standard")
    prefix = use_demo_database(args.database, args.reuse) if args.database else None

    import django

    django.setup()
    try:
        for host in args.host.split(","):
            reader = Reader(host)
            if args.standard:
                standard(reader, args.requests)
            for path in args.paths:
                profile(reader, path, args)
    finally:
        if prefix:
            forget_redis_keys(prefix)


def profile(reader, path, args):
    """Measure one path as asked, with pyinstrument's call tree if --profile."""
    from django.apps import apps

    if args.uncached and not apps.is_installed("news"):
        raise SystemExit(
            "--uncached đo trang của cổng; trang đơn giản và Django tối thiểu không có bộ nhớ đệm."
        )
    warm_up(reader, path, args.uncached)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cpu, wall = measure(reader, path, args.requests, args.uncached)
    if profiler:
        profiler.stop()
        sys.stdout.write(profiler.output_text(unicode=True, color=False, show_all=False))
    mode = "uncached" if args.uncached else "cached"
    # The naive page and bare Django (bench/naive, bench/bare) have no page cache.
    portal = apps.is_installed("news")
    queries = f", {queries_of(reader, path)} queries uncached" if portal else ""
    mode = mode if portal else "no cache"
    say(f"{path} ({mode}): {cpu:.2f} ms CPU, {wall:.2f} ms wall per request "
        f"({args.requests} requests{queries})")  # fmt: skip


if __name__ == "__main__":
    main()
