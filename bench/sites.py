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
one request at a time on a new connection, WARMUP then --requests rounds over every page.
Pages: the site's pages of bench/scale.py on the one site, and on a component site in the
middle of the hundred (its own host, phuong50.localhost); plus the province home with the
hundred sites, whose "Tin từ cơ sở" reads its 99 components' latest news.

Prints the table for docs/performance.md and writes docs/sites-results.json. Every loop is
bounded in count and time (scale.MEASURE_BUDGET per layout).
"""

import argparse
import json
import shutil
import subprocess
import tempfile
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
        for key, title, sites, name in LAYOUTS:
            env = prepare(name, sites, args.reuse, work)
            subprocess.run(
                [PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True
            )
            urls, hosts = pages_of(key, name)
            say(f"== {title}: số truy vấn mỗi trang (trong tiến trình)")
            queries = scale.count_queries(env, urls, hosts)
            load_before = scale.loadavg()
            say(f"== {title}: đo qua gunicorn ({scale.WORKERS} worker, {args.requests} vòng)")
            latency = scale.measure(env, work, urls, args.requests, hosts)
            results[key] = {
                "database": name,
                "sites": sites,
                "urls": urls,
                "hosts": hosts,
                "queries": queries,
                "latency": latency,
                "loadavg_before": load_before,
                "loadavg_after": scale.loadavg(),
            }
            for page, row in latency.items():
                q = queries[page]
                say(
                    f"  {page:16} p50 {row['p50']:7.1f} ms  p99 {row['p99']:7.1f} ms  "
                    f"truy vấn {q['queries_cold']}/{q['queries_warm']}  "
                    f"lạnh {q['cold_ms']:.1f} ms  {hosts[page]}{urls[page]}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    say()
    say(f"Máy: {results['machine']}; {results['date']}")
    say(table(results))
    say(f"Số liệu: {RESULTS.relative_to(scale.ROOT)}")


if __name__ == "__main__":
    main()
