"""Import at scale: write an export of N articles, time `manage.py import_legacy` on it.

    .venv/bin/python bench/import_bench.py                  # 100,000 articles
    .venv/bin/python bench/import_bench.py --articles 20000 --keep

It creates (and afterwards drops, unless --keep) the database ``portal_import_bench`` on
127.0.0.1 only, migrates it, writes a JSON Lines export like the old portal's (Word-style
bodies of about 1.5 KB with inline styles, <font> and empty paragraphs, one decomposed
title in ten, old URLs with query strings, view totals), then times three runs of the
real command in a subprocess: the first import, a second run of the same file (all
unchanged) and a run where one article in ten changed. Prints the rates and checks the
row counts. Loops are bounded by --articles (at most 1,000,000).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "portal_import_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET_SECONDS = 120
CATEGORIES = ["Tin tức sự kiện", "Xây dựng Đảng", "Kinh tế - Xã hội", "Văn hóa - Giáo dục"]


def say(text):
    """Write one line of the report at once."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _admin(sql):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _env():
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{SERVER}/{DB_NAME}",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-" + "x" * 40,
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    return env


def words():
    """Return Vietnamese syllables from the demo articles."""
    import re

    from news.demo.content import ARTICLES

    text = " ".join(
        " ".join([a["title"], a.get("lead", ""), *a.get("paragraphs", [])]) for a in ARTICLES
    )
    return sorted({w for w in re.findall(r"\w+", text.lower()) if not w.isdigit()})


def write_export(path, count, *, changed_every=0, seed=5):
    """Write `count` article lines (plus categories and the site total) to `path`."""
    rng = random.Random(seed)
    vocab = words()

    def sentence(low, high):
        text = " ".join(rng.choices(vocab, k=rng.randint(low, high)))
        return text[:1].upper() + text[1:]

    bodies = []
    for _ in range(500):
        paragraphs = [sentence(40, 60) for _ in range(5)]
        bodies.append(
            "".join(
                f'<p class="MsoNormal" style="text-align:justify"><span lang="VI" '
                f'style="font-size:12.0pt"><font face="Arial">{p}</font></span></p>'
                for p in paragraphs
            )
            + '<p class="MsoNormal">&nbsp;</p>'
        )
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"type": "site", "visits": 36312546}) + "\n")
        for name in CATEGORIES:
            out.write(json.dumps({"type": "category", "name": name}, ensure_ascii=False) + "\n")
        for n in range(count):
            title = sentence(8, 14)
            if changed_every and n % changed_every == 0:
                title += " (cập nhật)"
            if n % 10 == 0:
                title = unicodedata.normalize("NFD", title)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.gmtime(1_400_000_000 + n * 900))
            record = {
                "type": "article",
                "legacy_id": str(100_000 + n),
                "url": f"/Default.aspx?tabid=52&ID={100_000 + n}",
                "title": title,
                "category": CATEGORIES[n % len(CATEGORIES)],
                "published_at": stamp,
                "lead": sentence(20, 35) + ".",
                "body": bodies[n % len(bodies)],
                "author": "Ban Tuyên giáo Quận ủy",
                "views": rng.randint(0, 20_000),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


class BackendCPU:
    """Sample the CPU seconds of PostgreSQL backends serving DB_NAME (Linux /proc)."""

    def __init__(self):
        self.seen = {}
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        tick = os.sysconf("SC_CLK_TCK")
        while self.running:
            for proc in Path("/proc").iterdir():
                if not proc.name.isdigit():
                    continue
                try:
                    if DB_NAME.encode() not in (proc / "cmdline").read_bytes():
                        continue
                    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                    self.seen[proc.name] = (int(fields[11]) + int(fields[12])) / tick
                except OSError:
                    continue
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.thread.join()
        return sum(self.seen.values())


def run_import(path):
    """Run the real command on `path`; return (seconds, its output)."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    backends = BackendCPU()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_legacy", str(path)],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    python_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    say(f"    CPU: Python {python_cpu:.1f} s, PostgreSQL {backends.stop():.1f} s")
    return seconds, result.stdout + result.stderr


def count_rows():
    import psycopg

    with psycopg.connect(f"{SERVER}/{DB_NAME}") as conn:
        articles = conn.execute("SELECT count(*) FROM news_article").fetchone()[0]
        redirects = conn.execute("SELECT count(*) FROM news_legacyredirect").fetchone()[0]
        indexed = conn.execute(
            "SELECT count(*) FROM news_article WHERE search_folded IS NOT NULL"
        ).fetchone()[0]
    return articles, redirects, indexed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not 1 <= args.articles <= 1_000_000:
        parser.error("--articles must be between 1 and 1,000,000")

    _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
            env=_env(),
            check=True,
            cwd=ROOT,
        )
        with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
            export = Path(folder) / "export.jsonl"
            write_export(export, args.articles)
            size = export.stat().st_size / 1024 / 1024
            say(f"Tệp xuất: {args.articles:,} bài, {size:.0f} MB")
            results = []
            seconds, output = run_import(export)
            results.append(("Lần đầu (tạo mới)", seconds))
            say(output.strip().splitlines()[-6] if output.strip() else "")
            seconds, output = run_import(export)
            results.append(("Chạy lại, không đổi", seconds))
            changed = Path(folder) / "export-changed.jsonl"
            write_export(changed, args.articles, changed_every=10)
            seconds, output = run_import(changed)
            results.append(("Chạy lại, 10% bài đổi", seconds))
            say(output.strip().splitlines()[-6])
        for label, seconds in results:
            say(f"  {label:24} {seconds:7.1f} s  {args.articles / seconds:8,.0f} bài/s")
        articles, redirects, indexed = count_rows()
        say(f"Trong cơ sở dữ liệu: {articles:,} bài, {redirects:,} chuyển hướng,")
        say(f"  {indexed:,} bài đã lập chỉ mục tìm kiếm")
        verdict = "ĐẠT" if results[0][1] < TARGET_SECONDS else "CHƯA ĐẠT"
        first = results[0][1]
        say(f"Mục tiêu {args.articles:,} bài dưới {TARGET_SECONDS} s: {verdict} ({first:.0f} s)")
        load = os.getloadavg()
        cores = os.cpu_count()
        say(f"Tải máy (1/5/15 phút): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, {cores} lõi")
    finally:
        if not args.keep:
            _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
