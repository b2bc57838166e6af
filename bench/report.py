"""Print make bench's tables, ratios and count check, and write them as JSON.

Usage (by bench/run.sh): python bench/report.py <work-dir> <results.json>

Reads from the work folder: phases.tsv (site, traffic, warm/measure, phase JSON written
by bench/phase.py, round), sites.tsv (site, nginx port), access.log (nginx, bench/nginx_site.py's
format), articles.tsv (bench/traffic.py), totals-before.json and totals-after.json
(bench/totals.py); the run's settings and load averages from the environment run.sh
exports. Exits 1 if a stored view count differs from the
article pages served with 200, for the portal or the naive page.
"""

import json
import os
import platform
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

SITE_LABELS = {
    "portal": "Cổng thông tin",
    "naive": "Trang Django đơn giản",
    "bare": "Django tối thiểu",
}
TRAFFIC_LABELS = {
    "zipf": "Bài viết, Zipf (s = 1,1)",
    "mix": "Hỗn hợp cổng thông tin",
    "hot": "Một bài viết nóng",
    "bare": "Một URL (HttpResponse)",
}
CPU_GROUPS = ("gunicorn", "nginx", "postgres", "redis", "wrk")
# Issue 12's goals, printed beside the ratios.
TARGET_ZIPF_VS_NAIVE = 2.0
AIM_ZIPF_VS_NAIVE = 3.0
TARGET_HOT_VS_BARE = 0.4
TARGET_P99_MS = 100


def say(text=""):
    """Write one line of the report to stdout."""
    sys.stdout.write(text + "\n")


def read_log(path):
    """Return nginx's access log as (byte offset, port, status, URI) tuples, in order."""
    entries, offset = [], 0
    with path.open("rb") as f:
        for raw in f:
            fields = raw.decode("utf-8", "replace").split()
            if len(fields) >= 5:
                entries.append((offset, fields[1], int(fields[2]), fields[4]))
            offset += len(raw)
    return entries


def phase_figures(work, entries, ports, article_paths):
    """Return one dict per phase (warm-ups included) with its figures."""
    phases = []
    seen = defaultdict(set)  # per site: article paths requested so far in the run
    last_round = {}
    for line in (work / "phases.tsv").read_text().splitlines():
        site, traffic, kind, name, round_ = line.split("\t")
        if last_round.setdefault(site, round_) != round_:
            # Each round starts afresh (the portal's cached pages made stale before it).
            seen[site] = set()
            last_round[site] = round_
        data = json.loads((work / name).read_text())
        wrk = data["wrk"]
        lines = [e for e in entries if data["log_start"] <= e[0] < data["log_end"]]
        lines = [e for e in lines if e[1] == ports[site]]
        articles = first = 0
        for _offset, _port, _status, uri in lines:
            if uri in article_paths:
                articles += 1
                if uri not in seen[site]:
                    first += 1
                    seen[site].add(uri)
        responses = max(wrk["requests"], 1)
        measured_share = data["seconds"] / float(wrk["seconds"])
        other = sum(n for status, n in wrk["statuses"].items() if not status.startswith("2"))
        phases.append(
            {
                "site": site,
                "traffic": traffic,
                "round": int(round_),
                "warm_up": kind == "warm",
                "requests_per_second": wrk["in_window"] / float(wrk["seconds"]),
                "p50_ms": wrk["p50_us"] / 1000,
                "p99_ms": wrk["p99_us"] / 1000,
                "max_ms": wrk["max_us"] / 1000,
                "responses": wrk["requests"],
                "non_2xx": other,
                "socket_errors": sum(wrk["errors"].values()),
                "statuses": wrk["statuses"],
                "paths_reused": wrk["wrapped"],
                "article_requests": articles,
                "first_view_share": first / articles if articles else None,
                "cpu_ms_per_response": {g: data["cpu_ms"][g] / responses for g in CPU_GROUPS},
                "redis_commands_per_response": data["redis_commands"] / responses,
                "other_cpu_ms_per_response": (
                    data["machine_busy_ms"] - sum(data["cpu_ms"].values())
                )
                / responses,
                # Over the measured seconds: the drain after them is nearly idle.
                "machine_busy": min(data["machine_busy"] * measured_share, 1.0),
                "load_start": data["load_start"],
                "load_end": data["load_end"],
            }
        )
    return phases


def count_check(site, entries, port, article_paths, before, after):
    """Return the stored-versus-served figures of one site's article views."""
    served = Counter(
        article_paths[uri]
        for _offset, entry_port, status, uri in entries
        if entry_port == port and status == 200 and uri in article_paths
    )
    lost = extra = 0
    for slug in set(served) | set(after):
        stored = after.get(slug, 0) - before.get(slug, 0)
        lost += max(served[slug] - stored, 0)
        extra += max(stored - served[slug], 0)
    return {"served_200": sum(served.values()), "lost": lost, "extra": extra}


def rounds_of(phases, traffic, site=None):
    """Return how many rounds `traffic` was measured in (by `site`, or by any site)."""
    return len(
        {
            p["round"]
            for p in phases
            if p["traffic"] == traffic and not p["warm_up"] and site in (None, p["site"])
        }
    )


def label(p, phases):
    """Return the traffic's label, with its round when the traffic ran in several."""
    text = TRAFFIC_LABELS[p["traffic"]]
    return f"{text} #{p['round']}" if rounds_of(phases, p["traffic"], p["site"]) > 1 else text


def print_tables(phases):
    measured = [p for p in phases if not p["warm_up"]]
    say()
    say(
        f"{'Trang':24} {'Lưu lượng':26} {'yêu cầu/giây':>12} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'không 2xx':>9} {'xem lần đầu':>11}"
    )
    for p in measured:
        first = p["first_view_share"]
        first_text = f"{first:.1%}" if first is not None else "-"
        say(
            f"{SITE_LABELS[p['site']]:24} {label(p, phases):26}"
            f" {p['requests_per_second']:12.1f} {p['p50_ms']:8.1f} {p['p99_ms']:8.1f}"
            f" {p['non_2xx'] + p['socket_errors']:9d} {first_text:>11}"
        )
    say()
    say("CPU mỗi phản hồi (ms), theo nhóm tiến trình, đọc từ /proc quanh mỗi pha:")
    say(
        f"{'Trang':24} {'Lưu lượng':26} {'gunicorn':>8} {'nginx':>6} {'PostgreSQL':>10}"
        f" {'Redis':>6} {'máy chủ':>7} {'wrk':>6} {'khác':>6} {'lệnh Redis':>10} {'máy bận':>7}"
    )
    for p in measured:
        cpu = p["cpu_ms_per_response"]
        server = server_cpu(p)
        say(
            f"{SITE_LABELS[p['site']]:24} {label(p, phases):26}"
            f" {cpu['gunicorn']:8.2f} {cpu['nginx']:6.2f} {cpu['postgres']:10.2f}"
            f" {cpu['redis']:6.2f} {server:7.2f} {cpu['wrk']:6.2f}"
            f" {p['other_cpu_ms_per_response']:6.2f}"
            f" {p['redis_commands_per_response']:10.1f} {p['machine_busy']:7.0%}"
        )
    say(
        "(máy chủ = gunicorn + nginx + PostgreSQL + Redis; khác = thời gian bận của mọi nhân "
        "trừ các nhóm trên: nhân hệ điều hành (mạng), tiến trình chung của PostgreSQL, việc "
        "khác trên máy; lệnh Redis: mọi lệnh Redis nhận trong pha, chia cho số phản hồi; "
        "máy bận: trong các giây đo)"
    )
    for p in measured:
        if p["paths_reused"]:
            say(
                f"Chú ý: {SITE_LABELS[p['site']]}, {label(p, phases)}: đã dùng "
                "hết mẫu đường dẫn và quay lại đầu (BENCH_SAMPLE lớn hơn)."
            )
        if p["non_2xx"] or p["socket_errors"]:
            say(
                f"Chú ý: {SITE_LABELS[p['site']]}, {label(p, phases)}: mã trả về "
                f"{p['statuses']}, {p['socket_errors']} lỗi kết nối của wrk."
            )


def server_cpu(phase):
    cpu = phase["cpu_ms_per_response"]
    return sum(cpu[g] for g in ("gunicorn", "nginx", "postgres", "redis"))


def ratios(phases):
    """Return the issue's ratios, by requests/s and by server CPU per response.

    A traffic measured in several rounds gives one ratio per round (the two sites' phases
    of the same round, run one after the other) and their medians, each figure's own (with
    an even number of rounds, the mean of the two middle ones).
    """
    measured = [p for p in phases if not p["warm_up"]]
    by_round = {(p["site"], p["traffic"], p["round"]): p for p in measured}
    pairs = [
        ("portal/naive, Zipf", ("portal", "zipf"), ("naive", "zipf"), TARGET_ZIPF_VS_NAIVE),
        ("portal/naive, hot", ("portal", "hot"), ("naive", "hot"), None),
        ("portal hot/bare", ("portal", "hot"), ("bare", "bare"), TARGET_HOT_VS_BARE),
    ]
    result = {}
    for name, a, b, target in pairs:
        rounds = sorted(r for (site, traffic, r) in by_round if (site, traffic) == a)
        per_round = [
            {
                "round": r,
                "requests_per_second": by_round[(*a, r)]["requests_per_second"]
                / by_round[(*b, r)]["requests_per_second"],
                "server_cpu": server_cpu(by_round[(*b, r)]) / server_cpu(by_round[(*a, r)]),
                "portal_p99_ms": by_round[(*a, r)]["p99_ms"],
            }
            for r in rounds
            if (*b, r) in by_round
        ]
        if per_round:
            result[name] = {
                "requests_per_second": statistics.median(
                    r["requests_per_second"] for r in per_round
                ),
                "server_cpu": statistics.median(r["server_cpu"] for r in per_round),
                "portal_p99_ms": statistics.median(r["portal_p99_ms"] for r in per_round),
                "rounds": per_round,
                "target": target,
            }
    return result


def print_ratios(result, phases):
    labels = {
        "portal/naive, Zipf": "Cổng / trang đơn giản, bài viết Zipf",
        "portal/naive, hot": "Cổng / trang đơn giản, một bài nóng",
        "portal hot/bare": "Cổng (bài nóng) / Django tối thiểu",
    }
    say()
    for name, r in result.items():
        if len(r["rounds"]) > 1:
            each = ", ".join(
                f"{x['requests_per_second']:.2f} / {x['server_cpu']:.2f}" for x in r["rounds"]
            )
            say(f"Tỉ lệ {labels[name]}, từng vòng (yêu cầu/giây / CPU máy chủ): {each}")
        verdict = ""
        if r["target"] is not None:
            verdict = f" (mục tiêu >= {r['target']}: " + (
                "đạt)" if r["requests_per_second"] >= r["target"] else "CHƯA ĐẠT)"
            )
        say(
            f"Tỉ lệ {labels[name]}{' (trung vị các vòng)' if len(r['rounds']) > 1 else ''}: "
            f"{r['requests_per_second']:.2f} theo yêu cầu/giây, "
            f"{r['server_cpu']:.2f} theo CPU máy chủ mỗi phản hồi{verdict}"
        )
    if "portal/naive, Zipf" in result:
        p99 = result["portal/naive, Zipf"]["portal_p99_ms"]
        verdict = "đạt" if p99 < TARGET_P99_MS else "CHƯA ĐẠT"
        say(
            f"p99 của cổng, bài viết Zipf"
            f"{' (trung vị các vòng)' if rounds_of(phases, 'zipf') > 1 else ''}: "
            f"{p99:.1f} ms (mục tiêu < {TARGET_P99_MS} ms: "
            f"{verdict}); hướng tới {AIM_ZIPF_VS_NAIVE:.0f} lần trang đơn giản"
        )


def machine():
    """Return the machine, the run's settings and the load averages run.sh recorded."""
    with open("/proc/cpuinfo") as f:
        models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    env = os.environ
    return {
        "nproc": os.cpu_count(),
        "cpu_model": models[0] if models else "?",
        "kernel": platform.platform(),
        "load_start": env.get("BENCH_LOAD_START", "?"),
        "load_end": env.get("BENCH_LOAD_END", "?"),
        "commit": env.get("BENCH_COMMIT", "?"),
        "articles": env.get("ARTICLES"),
        "seconds": env.get("DURATION"),
        "warm_up_seconds": env.get("WARMUP"),
        "connections": env.get("CONNECTIONS"),
        "threads": env.get("THREADS"),
        "gunicorn_workers": env.get("GUNICORN_WORKERS", "gunicorn.conf.py: 2 x nhân + 1"),
        "hot_path": env.get("HOT_PATH"),
    }


def main():
    work, results_path = Path(sys.argv[1]), Path(sys.argv[2])
    entries = read_log(work / "access.log")
    ports = dict(line.split("\t") for line in (work / "sites.tsv").read_text().splitlines())
    article_paths = {
        path: slug
        for slug, path in (
            line.split("\t") for line in (work / "articles.tsv").read_text().splitlines()
        )
    }
    before = json.loads((work / "totals-before.json").read_text().strip().splitlines()[-1])
    after = json.loads((work / "totals-after.json").read_text().strip().splitlines()[-1])
    machine_info = machine()

    phases = phase_figures(work, entries, ports, article_paths)
    machine_info["zipf_rounds"] = rounds_of(phases, "zipf", "portal")
    print_tables(phases)
    result = ratios(phases)
    print_ratios(result, phases)

    say()
    counts = {}
    failed = False
    for site in ("portal", "naive"):
        if site not in ports:
            continue
        check = count_check(site, entries, ports[site], article_paths, before[site], after[site])
        counts[site] = check
        if check["lost"] or check["extra"]:
            failed = True
            text = f"SAI LỆCH: {check['lost']} lượt xem bị mất, {check['extra']} lượt thừa"
        else:
            text = "0 lượt xem bị mất, 0 lượt thừa"
        say(
            f"Đếm lượt xem, {SITE_LABELS[site]}: {check['served_200']} trang bài viết trả 200 "
            f"qua nginx; {text}."
        )
    if "portal" in ports:
        served_pages = sum(1 for e in entries if e[1] == ports["portal"] and e[2] == 200)
        views = after["site_views"] - before["site_views"]
        visits = after["site_visits"] - before["site_visits"]
        counts["portal"].update(site_views=views, site_visits=visits, pages_200=served_pages)
        say(
            f"Toàn cổng: lượt xem bài tăng {views} (trang bài viết phục vụ "
            f"{counts['portal']['served_200']}); lượt truy cập tăng {visits} (mọi trang phục "
            f"vụ 200, mỗi trang một người đọc mới: {served_pages})."
        )
        if views != counts["portal"]["served_200"]:
            failed = True
            say("SAI LỆCH: tổng lượt xem của cổng khác số trang bài viết đã phục vụ.")

    m = machine_info
    say()
    say(
        f"Máy: {m['nproc']} nhân ({m['cpu_model']}), {m['kernel']}; tải trung bình "
        f"lúc bắt đầu {m['load_start']}, lúc kết thúc {m['load_end']}; commit {m['commit']}; "
        f"{m['articles']} bài viết, wrk -t{m['threads']} -c{m['connections']}, đo {m['seconds']} s "
        f"sau {m['warm_up_seconds']} s khởi động mỗi pha; bài viết Zipf: "
        f"{rounds_of(phases, 'zipf')} vòng"
    )
    results_path.write_text(
        json.dumps(
            {
                "machine": machine_info,
                "phases": phases,
                "ratios": result,
                "counts": counts,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    say(f"Số liệu dạng JSON: {results_path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
