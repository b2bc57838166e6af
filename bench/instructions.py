"""Count the instructions an article page costs in Django, the measure a busy machine cannot blur.

Usage (after `make bench` with BENCH_KEEP_DB=1 or BENCH_REUSE=1 has left its archive):

    python bench/instructions.py [--database portal_bench] [--requests 60]

Runs each case in a child process under valgrind's callgrind, with counting switched on
only around the measured requests (callgrind_control), and prints millions of
instructions per request: the portal's first views of distinct articles (a page-cache
miss, as a quarter of make bench's Zipf mix), the same articles served from the cache
(by the worker that counted them, and as by another one, which knows nothing of their
totals yet: most of the long tail's second views), and the naive page (bench/naive) on
the same paths, with the ratio of the Zipf mix this predicts. Production settings
(bench/scale.py), Redis database 13 with a key prefix of this run (its keys deleted at
the end), counting on, the per-IP ceiling off.

The same total comes back to 0.1% run after run, whatever else the machine runs, where
CPU seconds moved by a quarter between runs minutes apart (docs/performance.md). Only
user-space instructions are counted: a query's or a Redis command's system calls are
not, so fewer round trips show less here than in make bench.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 30
REDIS = "redis://127.0.0.1:6379/13"
# Share of article requests that are first views in make bench's Zipf mix (23-26%).
FIRST_VIEW_SHARE = 0.25
# "hit": a cached page this worker has counted before; "hit-elsewhere": one it has not
# (another worker rendered it), so this worker knows nothing of the article's total yet.
HITS = ("hit", "hit-elsewhere")


def child(case, requests):
    """Run `requests` requests of `case` with callgrind's counting on around them only."""
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from profile_page import Reader

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT '/tin-tuc/' || slug || '/' FROM news_article WHERE status = 'published'"
            " AND publish_at <= now() AND (unpublish_at IS NULL OR unpublish_at > now())"
            " ORDER BY id LIMIT %s",
            [requests + WARMUP],
        )
        paths = [row[0] for row in cursor.fetchall()]
    if len(paths) < requests + WARMUP:
        raise SystemExit(f"Cần ít nhất {requests + WARMUP} bài đã xuất bản trong cơ sở dữ liệu")
    reader = Reader("127.0.0.1")
    if case != "naive":
        from portal.pagecache import content_changed

        content_changed()  # every page of an earlier run is stale
    for path in paths[:WARMUP]:
        reader.get(path)
    measured = paths[WARMUP:] if case not in HITS else [paths[i % WARMUP] for i in range(requests)]
    forget = None
    if case == "hit-elsewhere":
        from counters.spool import spool

        forget = spool._known.clear
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
    for path in measured:
        if forget is not None:
            forget()  # as if another worker had rendered and counted the page before
        reader.get(path)
    subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)


def count(case, requests, env, work):
    """Return millions of instructions per request of `case`, counted by callgrind."""
    out = work / f"callgrind.{case}"
    settings = "naive.settings" if case == "naive" else "portal.settings"
    command = [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
        sys.executable, __file__, "--child", case, "--requests", str(requests),
    ]  # fmt: skip
    subprocess.run(command, env={**env, "DJANGO_SETTINGS_MODULE": settings}, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    for line in out.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1]) / requests / 1e6
    raise SystemExit(f"callgrind không ghi tổng số lệnh ({out})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="portal_bench")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--child", choices=["miss", *HITS, "naive"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.requests)
        return
    for tool in ("valgrind", "callgrind_control"):
        if shutil.which(tool) is None:
            raise SystemExit(f"Thiếu {tool}: apt-get install valgrind")
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import base_env

    work = Path(tempfile.mkdtemp(prefix="portal-instructions."))
    prefix = f"instructions-{secrets.token_hex(6)}"
    env = base_env(args.database, work)
    env.update(CACHE_URL=f"{REDIS}?key_prefix={prefix}", COUNTERS_ENABLED="true")
    try:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
        figures = {case: count(case, args.requests, env, work) for case in ("miss", *HITS, "naive")}
    finally:
        shutil.rmtree(work, ignore_errors=True)
        import redis

        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    mix = FIRST_VIEW_SHARE * figures["miss"] + (1 - FIRST_VIEW_SHARE) * figures["hit"]
    say(f"Triệu lệnh mỗi yêu cầu ({args.requests} yêu cầu, cơ sở dữ liệu {args.database}):")
    say(f"  cổng, xem lần đầu (không có trong bộ nhớ đệm): {figures['miss']:.2f}")
    say(f"  cổng, trang lấy từ bộ nhớ đệm:                 {figures['hit']:.2f}")
    say(
        f"  cổng, trang lấy từ bộ nhớ đệm, tiến trình chưa đếm bài này: "
        f"{figures['hit-elsewhere']:.2f}"
    )
    say(f"  trang Django đơn giản:                          {figures['naive']:.2f}")
    say(f"  hỗn hợp Zipf ({FIRST_VIEW_SHARE:.0%} xem lần đầu): {mix:.2f}; trang đơn giản / cổng"
        f" = {figures['naive'] / mix:.2f} (mục tiêu >= 2)")  # fmt: skip


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
