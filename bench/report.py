"""Print the bench figures, the ratios against the targets, and the exact-count check.

Usage (by bench/run.sh): python bench/report.py <work-dir> <article-path> <connections>
Exits 1 if any 200 response of the counted run is missing from the stored totals (or
counted twice), or if the uncounted runs changed a total.
"""

import json
import sys
from collections import Counter
from pathlib import Path

RUNS = ("counted", "uncounted", "minimal")
LABELS = {
    "counted": "Trang bài viết, có đếm",
    "uncounted": "Trang bài viết, COUNTERS_ENABLED=false",
    "minimal": "/healthz (trần của framework)",
}
TARGET_COUNTED_VS_UNCOUNTED = 0.95
TARGET_COUNTED_VS_MINIMAL = 0.5
COUNT_KEYS = ("article_views", "site_views", "site_visits")


def say(text=""):
    """Write one line of the report to stdout."""
    sys.stdout.write(text + "\n")


def wrk_result(path):
    """Return the JSON summary line bench/wrk_status.lua printed."""
    for line in path.read_text().splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise SystemExit(f"Không thấy kết quả wrk trong {path}")


def last_json_line(path):
    """Return the JSON object on the last line of path (log lines may come before it)."""
    return json.loads(path.read_text().strip().splitlines()[-1])


def served(log_path):
    """Return {path: GETs answered 200}, from the portal's JSON request log lines."""
    counts = Counter()
    for line in log_path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("method") == "GET" and entry.get("status") == 200:
            counts[entry.get("path")] += 1
    return counts


def load(work, name, article_path):
    """Return one run's figures: wrk summary, 200s seen by wrk and by gunicorn, count deltas."""
    wrk = wrk_result(work / f"{name}.wrk.txt")
    served_200 = served(work / f"{name}.measured.log")
    cpu_ms = int((work / f"{name}.cpu-ms").read_text())
    before = last_json_line(work / f"{name}.before.json")
    after = last_json_line(work / f"{name}.after.json")
    return {
        "rps": wrk["requests"] / (wrk["duration_us"] / 1e6),
        "p50_ms": wrk["p50_us"] / 1000,
        "p99_ms": wrk["p99_us"] / 1000,
        "requests": wrk["requests"],
        "wrk_200": wrk["statuses"].get("200", 0),
        "wrk_other": {k: v for k, v in wrk["statuses"].items() if k != "200"},
        "errors": {k: v for k, v in wrk["errors"].items() if v},
        "server_200": served_200[article_path],
        # Per response wrk received in the window the CPU was read over.
        "cpu_ms": cpu_ms / max(wrk["statuses"].get("200", 0), 1),
        "delta": {key: after[key] - before[key] for key in COUNT_KEYS},
    }


def main():
    work, article_path, connections = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    runs = {name: load(work, name, article_path) for name in RUNS}
    say()
    say(
        f"{'Phép đo':42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'200':>8} {'khác':>6}"
        f" {'CPU ms/yc':>10}"
    )
    for name in RUNS:
        r = runs[name]
        other = sum(r["wrk_other"].values()) + sum(r["errors"].values())
        say(
            f"{LABELS[name]:42} {r['rps']:9.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f}"
            f" {r['wrk_200']:8d} {other:6d} {r['cpu_ms']:10.2f}"
        )
        if r["wrk_other"] or r["errors"]:
            say(f"    mã khác 200: {r['wrk_other']}, lỗi wrk: {r['errors']}")

    counted, uncounted, minimal = (runs[name]["rps"] for name in RUNS)
    ratios = [
        ("có đếm / không đếm", counted / uncounted, TARGET_COUNTED_VS_UNCOUNTED),
        ("có đếm / tối thiểu", counted / minimal, TARGET_COUNTED_VS_MINIMAL),
    ]
    say()
    for label, ratio, target in ratios:
        verdict = "đạt" if ratio >= target else "CHƯA ĐẠT"
        say(f"Tỉ lệ {label}: {ratio:.3f} (mục tiêu >= {target}) {verdict}")
    # On a machine other jobs share, requests/s says as much about them as about us; the
    # CPU gunicorn spent per request does not. Its inverse ratio is the capacity ratio an
    # idle machine would show (PostgreSQL's and wrk's own CPU left out).
    cpu = {name: runs[name]["cpu_ms"] for name in RUNS}
    say(
        f"CPU gunicorn mỗi yêu cầu: có đếm {cpu['counted']:.2f} ms, không đếm "
        f"{cpu['uncounted']:.2f} ms, tối thiểu {cpu['minimal']:.2f} ms; tỉ lệ theo CPU: "
        f"có đếm / không đếm {cpu['uncounted'] / cpu['counted']:.3f}, "
        f"có đếm / tối thiểu {cpu['minimal'] / cpu['counted']:.3f}"
    )

    # Exactness: every 200 gunicorn served in the counted run is one article view, one
    # site view and (no cookies) one visit; the other runs change nothing.
    problems = []
    c = runs["counted"]
    for key in COUNT_KEYS:
        if c["delta"][key] != c["server_200"]:
            problems.append(f"có đếm: {key} tăng {c['delta'][key]}, phục vụ {c['server_200']}")
    # wrk stops with requests in flight: gunicorn finishes them (counted and logged), wrk
    # never sees their answers. So wrk's 200s may trail the stored count by <= connections.
    lost = c["wrk_200"] - c["delta"]["article_views"]
    unseen = -lost
    if lost > 0 or unseen > connections:
        stored = c["delta"]["article_views"]
        problems.append(f"có đếm: wrk nhận {c['wrk_200']} lần 200, lưu {stored}")
    for name in ("uncounted", "minimal"):
        changed = {k: v for k, v in runs[name]["delta"].items() if v}
        if changed:
            problems.append(f"{name}: tổng số thay đổi dù không được đếm: {changed}")
    say(
        f"Đếm chính xác: gunicorn trả {c['server_200']} lần 200; lưu thêm "
        f"{c['delta']['article_views']} lượt xem bài, {c['delta']['site_views']} lượt xem "
        f"toàn trang, {c['delta']['site_visits']} lượt truy cập; wrk nhận {c['wrk_200']} "
        f"(chênh {max(unseen, 0)} yêu cầu còn dở khi wrk dừng); mất {max(lost, 0)} lượt."
    )
    if problems:
        say("SAI LỆCH SỐ ĐẾM:\n  " + "\n  ".join(problems))
        sys.exit(1)
    say("0 lượt bị mất hoặc đếm trùng.")


if __name__ == "__main__":
    main()
