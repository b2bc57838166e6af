"""bench/sites.py: 100 sites of 2,000 articles each against one site of 200,000.

    .venv/bin/python bench/sites.py                 # seeds what is missing, measures
    .venv/bin/python bench/sites.py --reuse         # keep already seeded databases
    .venv/bin/python bench/sites.py --requests 100  # fewer rounds

The same 200,000 articles twice, in scratch databases on 127.0.0.1 that it keeps
(bench/seed.py, --reuse to skip seeding): `portal_sites_1x200k`, one site, and
`portal_sites_100x2k`, a province portal with 99 component sites (`--sites 100`), the
articles dealt among the sites in turn, so every site's ids are spread over the whole table
as when a hundred newsrooms publish at once.

Measured the way bench/scale.py measures (its functions): queries per page in process,
cold and warm, then latency through gunicorn with the production settings and counting on,
one request at a time on a new connection, WARMUP then --requests rounds over every page;
both layouts' servers run at once and every round asks each page of one then of the other
(the order alternating), so load from elsewhere on the machine falls on both alike.
Pages: the site's pages of bench/scale.py on the one site, and on a component site in the
middle of the hundred (its own host, phuong50.localhost); plus the province home with the
hundred sites, whose "Tin từ cơ sở" reads its 99 components' latest news.

Prints the table for docs/performance.md and writes docs/sites-results.json. Every loop is
bounded in count and time (scale.MEASURE_BUDGET per layout).
"""

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import scale
from scale import PAGES, PY, admin_sql, article_count, say

ARTICLES = 200_000
REQUESTS = 300
ROOT_HOST = "localhost"  # the installation's first site (multisite migration 0001)
WARD_SITE = 50
WARD_HOST = f"phuong{WARD_SITE}.{ROOT_HOST}"  # bench/seed.py --sites names them so
RESULTS = scale.ROOT / "docs" / "sites-results.json"
# (key, title, number of sites, database)
LAYOUTS = [
    ("one", "1 trang × 200.000 bài", 1, "portal_sites_1x200k"),
    ("many", "100 trang × 2.000 bài", 100, "portal_sites_100x2k"),
]
PROVINCE_HOME = ("province_home", "Trang chủ cổng tỉnh (Tin từ cơ sở)")


def site_count(name):
    import psycopg

    with psycopg.connect(f"{scale.SERVER}/{name}") as conn:
        return conn.execute("SELECT count(*) FROM django_site").fetchone()[0]


def env_for(name, work):
    env = scale.base_env(name, work)
    # Every site on its own name, as in production: no host falls back to the root.
    env.update(ALLOWED_HOSTS=f"{ROOT_HOST},.{ROOT_HOST},127.0.0.1", UNKNOWN_HOST_SITE="404")
    return env


def prepare(name, sites, reuse, work):
    env = env_for(name, work)
    if reuse and article_count(name) == ARTICLES and site_count(name) == sites:
        say(f"== {name}: dùng lại {ARTICLES:,} bài, {sites} trang đã nạp")
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env, check=True)
        return env
    say(f"== {name}: tạo mới và nạp {ARTICLES:,} bài vào {sites} trang")
    admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {name}")
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [PY, "bench/seed.py", "--articles", str(ARTICLES), "--sites", str(sites)],
        env=env,
        check=True,
    )
    return env


def pages_of(key, name):
    """Return ({page key: path}, {page key: host}) measured for a layout."""
    if key == "one":
        urls = scale.page_urls(name, site_id=1)
        return urls, dict.fromkeys(urls, ROOT_HOST)
    urls = scale.page_urls(name, site_id=WARD_SITE)
    hosts = dict.fromkeys(urls, WARD_HOST)
    urls[PROVINCE_HOME[0]] = "/"
    hosts[PROVINCE_HOME[0]] = ROOT_HOST
    return urls, hosts


def measure_together(layouts, requests):
    """Return {layout key: {page key: p50, p99, n}}, both layouts' servers asked in turn.

    `layouts`: {layout key: (env, work folder, urls, hosts)}.
    """
    servers = {}
    samples = {key: {page: [] for page in urls} for key, (_e, _w, urls, _h) in layouts.items()}
    try:
        for key, (env, work, _urls, _hosts) in layouts.items():
            servers[key] = scale.Gunicorn(env, work)
        for key, (_env, _work, urls, hosts) in layouts.items():
            for page, path in urls.items():
                for _ in range(scale.WARMUP):
                    status, _ms = scale.get(servers[key].port, path, hosts[page])
                    if status != 200:
                        raise SystemExit(f"{hosts[page]}{path} trả về {status}")
        deadline = time.monotonic() + scale.MEASURE_BUDGET
        order = list(layouts)
        for round_number in range(requests):
            if time.monotonic() > deadline:
                say("  (hết thời gian đo: dừng sớm)")
                break
            for page in dict.fromkeys(p for _e, _w, urls, _h in layouts.values() for p in urls):
                for key in order if round_number % 2 == 0 else reversed(order):
                    _env, _work, urls, hosts = layouts[key]
                    if page not in urls:
                        continue
                    status, ms = scale.get(servers[key].port, urls[page], hosts[page])
                    if status != 200:
                        raise SystemExit(f"{hosts[page]}{urls[page]} trả về {status}")
                    samples[key][page].append(ms)
    finally:
        for server in servers.values():
            server.stop()
    return {
        key: {
            page: {
                "p50": statistics.median(values),
                "p99": scale.percentile(values, 0.99),
                "n": len(values),
            }
            for page, values in pages.items()
        }
        for key, pages in samples.items()
    }


def table(results):
    """Return the results as Markdown, a row per page: through gunicorn p50 / p99, the
    page rendered with nothing cached (in process, median of 5), queries (nothing cached
    / from the page cache), for each layout; the province home is set against the one
    site's home."""
    one, many = results["one"], results["many"]
    head = ["Trang"]
    for _key, title, _sites, _name in LAYOUTS:
        head += [f"{title}: p50 / p99 ms", "chưa có cache, ms", "truy vấn"]
    head.append("100 / 1: p50, p99, chưa có cache")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, title in [*PAGES, PROVINCE_HOME]:
        cells = [title]
        base_key = "home" if key == PROVINCE_HOME[0] else key
        for layout, page in ((one, base_key), (many, key)):
            row, q = layout["latency"][page], layout["queries"][page]
            cells.append(f"{row['p50']:.1f} / {row['p99']:.1f}")
            cells.append(f"{q['cold_ms']:.1f}")
            cells.append(f"{q['queries_cold']} / {q['queries_warm']}")
        base, row = one["latency"][base_key], many["latency"][key]
        ratios = [row[s] / base[s] for s in ("p50", "p99")]
        ratios.append(many["queries"][key]["cold_ms"] / one["queries"][base_key]["cold_ms"])
        cells.append(", ".join(f"{r:.2f}×" for r in ratios))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="dùng lại cơ sở dữ liệu đã nạp")
    parser.add_argument("--requests", type=int, default=REQUESTS, help="số vòng đo mỗi trang")
    parser.add_argument("--report", action="store_true", help=f"chỉ in bảng từ {RESULTS.name}")
    args = parser.parse_args()
    if args.report:
        say(table(json.loads(RESULTS.read_text())))
        return
    if not 1 <= args.requests <= 5_000:
        parser.error("--requests: 1..5,000")
    work = Path(tempfile.mkdtemp(prefix="portal-sites."))
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": scale.machine(),
        "workers": scale.WORKERS,
        "requests": args.requests,
        "articles": ARTICLES,
    }
    try:
        layouts = {}
        for key, title, sites, name in LAYOUTS:
            folder = work / key
            folder.mkdir()
            env = prepare(name, sites, args.reuse, folder)
            subprocess.run(
                [PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True
            )
            urls, hosts = pages_of(key, name)
            say(f"== {title}: số truy vấn mỗi trang (trong tiến trình)")
            results[key] = {
                "database": name,
                "sites": sites,
                "urls": urls,
                "hosts": hosts,
                "queries": scale.count_queries(env, urls, hosts),
            }
            layouts[key] = (env, folder, urls, hosts)
        results["loadavg_before"] = scale.loadavg()
        say(f"== đo qua gunicorn, xen kẽ ({scale.WORKERS} worker, {args.requests} vòng)")
        for key, latency in measure_together(layouts, args.requests).items():
            results[key]["latency"] = latency
        results["loadavg_after"] = scale.loadavg()
        for key, title, _sites, _name in LAYOUTS:
            say(f"  {title}")
            layout = results[key]
            for page, row in layout["latency"].items():
                q = layout["queries"][page]
                say(
                    f"  {page:16} p50 {row['p50']:7.1f} ms  p99 {row['p99']:7.1f} ms  "
                    f"truy vấn {q['queries_cold']}/{q['queries_warm']}  "
                    f"lạnh {q['cold_ms']:.1f} ms  {layout['hosts'][page]}{layout['urls'][page]}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    say()
    say(f"Máy: {results['machine']}; {results['date']}")
    say(f"Tải trung bình: trước {results['loadavg_before']}, sau {results['loadavg_after']}")
    say(table(results))
    say(f"Số liệu: {RESULTS.relative_to(scale.ROOT)}")


if __name__ == "__main__":
    main()
