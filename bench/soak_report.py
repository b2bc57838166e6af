"""The traffic paths, the counter snapshots and the final report of bench/soak.sh.

Usage (by bench/soak.sh, with DATABASE_URL pointing at the scratch database):

    python bench/soak_report.py paths <file>        the paths bench/soak.lua draws from
    python bench/soak_report.py snapshot <file>     stored totals: per article and the site's
    python bench/soak_report.py report <work-dir>   figures and targets; exit 1 if one is missed

The report reads what soak.sh left in the work folder: paths.tsv, before.json and
after.json (snapshots), wrk.txt (bench/soak.lua's WRK_JSON line), gunicorn.log (the
portal's JSON request lines and gunicorn's own), events.tsv (start, kills, the database
cut, end) and rss.tsv (one line per process per memory sample).
"""

import json
import os
import statistics
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent

# Search queries as readers type them: with diacritics, and the same without.
SEARCH_QUERIES = [
    "chi bộ",
    "chi bo",
    "sinh hoạt chi bộ",
    "sinh hoat chi bo",
    "giao ban chuyên đề",
    "giao ban chuyen de",
    "Quận ủy",
    "quan uy",
    "hội nghị cụm thi đua",
    "hoi nghi cum thi dua",
    "nâng cao chất lượng",
    "nang cao chat luong",
    "cải cách hành chính",
    "cai cach hanh chinh",
    "xây dựng Đảng",
    "xay dung dang",
    "văn hóa thể thao",
    "van hoa the thao",
    "phòng chống thiên tai",
    "phong chong thien tai",
]
# List pages: the home page, page 1 of every category and a few deeper pages, as
# (path, weight); a path is repeated `weight` times in the file soak.lua reads.
HOME_WEIGHT = 8
CATEGORY_FIRST_PAGE_WEIGHT = 2
CATEGORY_DEEP_PAGES = range(2, 6)
# Newest published articles the article pages are drawn from (the whole archive by default).
MAX_ARTICLES = 1_000_000

# Targets and their tolerances.
MEMORY_TOLERANCE = 0.10
MEMORY_TOLERANCE_KB = 5 * 1024
# Memory is compared as the mean over this many samples at the start and at the end.
MEMORY_SAMPLES_COMPARED = 3
KB_PER_MIB = 1024


def say(text=""):
    """Write one line of the report to stdout."""
    sys.stdout.write(text + "\n")


def setup_django():
    """Make the project importable and configure Django (paths and snapshot only)."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def write_paths(out):
    """Write soak.lua's paths: kind, article id (or -), path; articles newest first."""
    setup_django()
    from news.models import Article, Category
    from news.views import CATEGORY_PAGE_SIZE

    lines = []
    articles = Article.objects.published().newest_first().values_list("pk", "slug")
    for pk, slug in articles[:MAX_ARTICLES]:
        lines.append(f"a\t{pk}\t/tin-tuc/{slug}/")
    lines += ["l\t-\t/"] * HOME_WEIGHT
    published = Article.objects.published()
    for category in Category.objects.all():
        pages = -(-published.filter(category=category).count() // CATEGORY_PAGE_SIZE)
        if not pages:
            continue
        lines += [f"l\t-\t/chuyen-muc/{category.slug}/"] * CATEGORY_FIRST_PAGE_WEIGHT
        lines += [
            f"l\t-\t/chuyen-muc/{category.slug}/?page={page}"
            for page in CATEGORY_DEEP_PAGES
            if page <= pages
        ]
    for query in SEARCH_QUERIES:
        lines.append(f"s\t-\t/tim-kiem/?{urlencode({'q': query})}")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_snapshot(out):
    """Write the stored totals: every article's view total, the site's views and visits."""
    setup_django()
    from django.contrib.sites.models import Site

    from counters.models import ArticleViewTotal
    from counters.services import site_totals

    site = site_totals(Site.objects.values_list("pk", flat=True))
    snapshot = {
        "articles": dict(ArticleViewTotal.objects.values_list("article_id", "views")),
        "site_views": site.views,
        "site_visits": site.visits,
    }
    Path(out).write_text(json.dumps(snapshot), encoding="utf-8")


def percentile(values, fraction):
    """Return the value below which `fraction` of the sorted values lie (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def read_events(work):
    """Return start time, kills [(t, pid)], cut (t, terminated) or None, end time, window."""
    kills, cut, start, end, window = [], None, None, None, 5.0
    for line in (work / "events.tsv").read_text().splitlines():
        name, *fields = line.split("\t")
        if name == "start":
            start = float(fields[0])
        elif name == "kill":
            kills.append((float(fields[0]), int(fields[1])))
        elif name == "cut":
            cut = (float(fields[0]), int(fields[1] or 0))
        elif name == "end":
            end = float(fields[0])
        elif name == "window":
            window = float(fields[0])
    return start, kills, cut, end, window


def read_wrk(work):
    """Return the JSON summary line bench/soak.lua printed."""
    for line in (work / "wrk.txt").read_text().splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise SystemExit(f"Không thấy kết quả wrk trong {work / 'wrk.txt'}")


def kind_of(path):
    """Return a request path's kind: article, list, search or other."""
    if path.startswith("/tin-tuc/"):
        return "article"
    if path == "/" or path.startswith("/chuyen-muc/"):
        return "list"
    if path.startswith("/tim-kiem/"):
        return "search"
    return "other"


def read_log(work):
    """Return (request entries, other entries with a level of WARNING or above)."""
    requests, problems = [], []
    for line in (work / "gunicorn.log").read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            problems.append({"time": None, "logger": "?", "message": line[:120]})
            continue
        if not isinstance(entry, dict):
            continue
        stamp = entry.get("time")
        entry["t"] = datetime.fromisoformat(stamp).timestamp() if stamp else None
        if "status" in entry and "path" in entry:
            requests.append(entry)
        elif entry.get("level") in {"WARNING", "ERROR", "CRITICAL"}:
            problems.append(entry)
    return requests, problems


def read_rss(work):
    """Return ([(t, master kB, [worker kB, ...]), ...] in time order, {worker pid: [(t, kB)]})."""
    samples = defaultdict(lambda: [0, []])
    by_pid = defaultdict(list)
    for line in (work / "rss.tsv").read_text().splitlines():
        stamp, role, pid, kb = line.split("\t")
        if role == "master":
            samples[float(stamp)][0] = int(kb)
        else:
            samples[float(stamp)][1].append(int(kb))
            by_pid[int(pid)].append((float(stamp), int(kb)))
    ordered = [(t, master, workers) for t, (master, workers) in sorted(samples.items())]
    return ordered, by_pid


def counts_check(before, after, served_by_article, served_views, served_visits):
    """Return ({name: (stored, served, lost, extra)}, [(article id, stored, served), ...]).

    The names are article views (per article), site views and site visits. Per article,
    lost is what the log says was served 200 but is not stored, extra what is stored beyond
    what was served; summing per article keeps a lost count on one article from hiding
    behind an extra one on another. The list has every article whose figures differ.
    """
    lost = extra = 0
    differing = []
    # JSON keys are strings: the article ids are compared as strings throughout.
    for key in set(served_by_article) | set(after["articles"]):
        delta = after["articles"].get(key, 0) - before["articles"].get(key, 0)
        served = served_by_article.get(key, 0)
        lost += max(served - delta, 0)
        extra += max(delta - served, 0)
        if delta != served:
            differing.append((key, delta, served))
    stored_views = sum(after["articles"].values()) - sum(before["articles"].values())
    results = {"lượt xem bài (từng bài)": (stored_views, served_views, lost, extra)}
    for name, key, served in (
        ("lượt xem toàn trang", "site_views", served_views),
        ("lượt truy cập", "site_visits", served_visits),
    ):
        delta = after[key] - before[key]
        results[name] = (delta, served, max(served - delta, 0), max(delta - served, 0))
    return results, sorted(differing)


def memory_report(samples, by_pid, rel):
    """Print the worker and master memory samples; return the missed targets."""
    if not samples:
        return ["không có mẫu bộ nhớ"]
    missed = []
    say(f"Bộ nhớ (VmRSS, MiB), {len(samples)} mẫu:")
    say(f"  {'t':>6} {'tiến trình con':>14} {'trung vị':>9} {'max':>7} {'chủ':>7}")
    step = max(1, len(samples) // 12)
    for i, (t, master, workers) in enumerate(samples):
        if i % step and i != len(samples) - 1:
            continue
        median = statistics.median(workers) if workers else 0
        say(
            f"  {rel(t):6.0f} {len(workers):14d} {median / KB_PER_MIB:9.1f} "
            f"{max(workers, default=0) / KB_PER_MIB:7.1f} {master / KB_PER_MIB:7.1f}"
        )
    counts = [len(w) for _, _, w in samples]
    say(
        f"  số tiến trình con mỗi mẫu: {min(counts)}-{max(counts)}; {len(by_pid)} pid khác "
        "nhau (thay sau khi bị giết hoặc sau max_requests)"
    )
    # Workers are replaced now and then, which hides a slow leak from the medians: the
    # longest-lived worker shows how one process grows with the requests it serves.
    pid, trail = max(by_pid.items(), key=lambda item: len(item[1]))
    (t0, first), (t1, last) = trail[0], trail[-1]
    say(
        f"  tiến trình con sống lâu nhất (pid {pid}, {len(trail)} mẫu): {first / KB_PER_MIB:.1f}"
        f" MiB lúc {rel(t0):.0f} s -> {last / KB_PER_MIB:.1f} MiB lúc {rel(t1):.0f} s "
        f"({(last - first) / KB_PER_MIB / max((t1 - t0) / 60, 1 / 60):+.2f} MiB/phút)"
    )
    # Each worker's local-memory cache (CACHES, up to MAX_ENTRIES pages and fragments)
    # fills during the first minutes: growth then is the cache warming, bounded by design.
    # So two comparisons: the whole run (first samples against the last), and the second
    # half, when the caches are full, which decides whether memory is flat.
    n = min(MEMORY_SAMPLES_COMPARED, len(samples))
    half = samples[len(samples) // 2 :]
    m = min(MEMORY_SAMPLES_COMPARED, len(half))
    for label, pick, is_target in (
        ("trung vị tiến trình con", lambda w, _m: statistics.median(w) if w else None, True),
        # The biggest worker is one request's peak, not a trend: shown, not a target.
        ("max tiến trình con", lambda w, _m: max(w) if w else None, False),
        ("tiến trình chủ", lambda _w, master: master, True),
    ):
        values = [v for _, master, w in samples if (v := pick(w, master)) is not None]
        later = [v for _, master, w in half if (v := pick(w, master)) is not None]
        for scope, series, k, decides in (
            ("cả lần chạy", values, n, False),
            ("nửa sau", later, m, is_target),
        ):
            first = statistics.fmean(series[:k])
            last = statistics.fmean(series[-k:])
            allowed = max(first * MEMORY_TOLERANCE, MEMORY_TOLERANCE_KB)
            flat = last - first <= allowed
            say(
                f"  {label}, {scope}: {k} mẫu đầu {first / KB_PER_MIB:.1f} MiB, {k} mẫu cuối "
                f"{last / KB_PER_MIB:.1f} MiB ({(last - first) / KB_PER_MIB:+.1f} MiB, "
                f"{(last - first) / first:+.1%}); ngưỡng +{allowed / KB_PER_MIB:.1f} MiB: "
                + ("phẳng" if flat else "TĂNG")
            )
            if decides and not flat:
                missed.append(
                    f"bộ nhớ {label} tăng {(last - first) / KB_PER_MIB:.1f} MiB ở nửa sau"
                )
    return missed


def report(work):
    """Print the soak figures and return the list of missed targets."""
    start, kills, cut, end, window = read_events(work)
    wrk = read_wrk(work)
    requests, problems = read_log(work)
    article_ids = {}
    for line in (work / "paths.tsv").read_text(encoding="utf-8").splitlines():
        kind, article_id, path = line.split("\t")
        if kind == "a":
            article_ids[path] = article_id
    missed = []

    def in_cut(t):
        return cut is not None and t is not None and cut[0] <= t <= cut[0] + window

    def rel(t):
        return t - start

    # Traffic, latency, errors as wrk saw them.
    duration = wrk["duration_us"] / 1e6
    statuses = {int(k): v for k, v in wrk["statuses"].items()}
    socket_errors = {k: v for k, v in wrk["errors"].items() if k != "status" and v}
    bad_status = sum(v for k, v in statuses.items() if not 200 <= k < 400)
    attempts = wrk["requests"] + sum(socket_errors.values())
    errors = bad_status + sum(socket_errors.values())
    say()
    rate = wrk["requests"] / duration
    say(f"Thời lượng {duration:.0f} s, {wrk['requests']:,} phản hồi ({rate:.1f}/s)")
    say(f"  mã (wrk): {dict(sorted(statuses.items()))}; lỗi socket: {socket_errors or 0}")
    say(
        f"  tỉ lệ lỗi: {errors:,} / {attempts:,} = {errors / max(attempts, 1):.4%} "
        f"(mã ngoài 2xx/3xx {bad_status}, lỗi socket {sum(socket_errors.values())})"
    )
    say(
        f"  độ trễ (wrk, cả thời gian xếp hàng): p50 {wrk['p50_us'] / 1000:.1f} ms, "
        f"p90 {wrk['p90_us'] / 1000:.1f} ms, p99 {wrk['p99_us'] / 1000:.1f} ms, "
        f"max {wrk['max_us'] / 1000:.1f} ms"
    )

    # The mix and the time inside Django, from the portal's request log.
    by_kind = defaultdict(list)
    for entry in requests:
        by_kind[kind_of(entry["path"])].append(entry)
    total_logged = len(requests)
    say(f"Nhật ký của cổng: {total_logged:,} yêu cầu")
    for kind in ("article", "list", "search", "other"):
        entries = by_kind.get(kind, [])
        if not entries:
            continue
        durations = [e.get("duration_ms", 0) for e in entries]
        codes = Counter(e["status"] for e in entries)
        say(
            f"  {kind:8} {len(entries):8,} ({len(entries) / total_logged:6.1%})  "
            f"trong Django p50 {percentile(durations, 0.5):6.1f} ms, "
            f"p99 {percentile(durations, 0.99):6.1f} ms  mã {dict(sorted(codes.items()))}"
        )

    # Faults: kills, the cut, 5xx inside and outside its window.
    kill_times = ", ".join(f"{rel(t):.0f} s" for t, _ in kills)
    say(f"Tiến trình con bị SIGKILL: {len(kills)}, lúc {kill_times}")
    if cut is None:
        say("Không cắt kết nối cơ sở dữ liệu (chưa tới thời điểm cắt).")
    else:
        say(
            f"Cắt kết nối cơ sở dữ liệu lúc {rel(cut[0]):.1f} s: {cut[1]} kết nối bị ngắt; "
            f"cửa sổ cắt = [{rel(cut[0]):.1f} s, {rel(cut[0]) + window:.1f} s]"
        )
    server_5xx = [e for e in requests if e["status"] >= 500]
    log_inside = sum(1 for e in server_5xx if in_cut(e["t"]))
    log_outside = len(server_5xx) - log_inside
    # wrk knows the second of each 5xx only: its window is rounded out to whole seconds.
    wrk_inside = wrk_outside = 0
    for second, count in wrk.get("server_errors_at", {}).items():
        near = cut is not None and int(cut[0]) <= int(second) <= int(cut[0] + window) + 1
        if near:
            wrk_inside += count
        else:
            wrk_outside += count
    say(
        f"5xx: nhật ký {log_inside} trong cửa sổ cắt, {log_outside} ngoài; "
        f"wrk {wrk_inside} trong, {wrk_outside} ngoài"
    )
    for entry in server_5xx[:10]:
        say(f"    {rel(entry['t']):7.2f} s {entry['status']} {entry['path']}")
    if max(log_outside, wrk_outside):
        missed.append(f"{max(log_outside, wrk_outside)} phản hồi 5xx ngoài cửa sổ cắt (mục tiêu 0)")
    grouped = Counter()
    for entry in problems:
        where = "trong cửa sổ cắt" if in_cut(entry.get("t")) else "ngoài"
        # "Internal Server Error: /path" once per kind of failure, named by its exception.
        message = (entry.get("message") or "").split(": /")[0].strip()[:60]
        if entry.get("exc_info"):
            message += " / " + entry["exc_info"].strip().splitlines()[-1][:90]
        grouped[(entry.get("logger", "?"), message, where)] += 1
    if grouped:
        say("Dòng nhật ký WARNING/ERROR (logger, thông điệp, nơi): số lần")
        for (logger, message, where), count in grouped.most_common(15):
            say(f"    {logger}: {message} [{where}]: {count}")

    # Exact counts.
    before = json.loads((work / "before.json").read_text())
    after = json.loads((work / "after.json").read_text())
    served_by_article = Counter()
    served_views = served_visits = unknown = 0
    for entry in requests:
        if entry.get("method") != "GET" or entry["status"] != 200:
            continue
        kind = kind_of(entry["path"])
        if kind == "article":
            article_id = article_ids.get(entry["path"])
            if article_id is None:
                unknown += 1
                continue
            served_by_article[article_id] += 1
            served_views += 1
        if kind in {"article", "list", "search"}:
            served_visits += 1
    wrk_200 = statuses.get(200, 0)
    logged_200 = sum(1 for e in requests if e["status"] == 200)
    say(
        f"Đếm: {served_views:,} lần 200 trang bài viết và {served_visits:,} trang đếm lượt "
        f"truy cập trong nhật ký; wrk nhận {wrk_200:,} lần 200, nhật ký có {logged_200:,} "
        f"(ghi nhật ký mà chưa tới wrk: {logged_200 - wrk_200:,}: còn dở khi wrk dừng hoặc "
        f"tiến trình bị giết sau khi ghi)"
    )
    if unknown:
        say(f"  {unknown} lần 200 trên đường dẫn bài viết không có trong danh sách")
    # Only a killed worker may leave a count without a response: it dies holding at most
    # one request. The articles that differ are listed with what the log says of them.
    results, differing = counts_check(before, after, served_by_article, served_views, served_visits)
    for name, (stored, served, lost, extra) in results.items():
        say(
            f"  {name}: lưu thêm {stored:,}, phục vụ {served:,}: mất {lost}, thừa {extra} "
            f"(cho phép {len(kills)}, một mỗi lần giết)"
        )
        if lost:
            missed.append(f"{name}: mất {lost} lượt (mục tiêu 0)")
        if extra > len(kills):
            missed.append(f"{name}: thừa {extra} lượt, quá {len(kills)} lần giết")
    paths_of = {article_id: path for path, article_id in article_ids.items()}
    statuses_of = defaultdict(Counter)
    for entry in requests:
        statuses_of[entry["path"]][entry["status"]] += 1
    for article_id, stored, served in differing[:10]:
        path = paths_of.get(article_id, "?")
        say(
            f"    bài {article_id}: lưu thêm {stored}, phục vụ 200 {served} lần; "
            f"nhật ký: {dict(statuses_of.get(path, {})) or 'không có dòng nào'}"
        )

    missed += memory_report(*read_rss(work), rel)
    say()
    if missed:
        say("CHƯA ĐẠT:\n  " + "\n  ".join(missed))
    else:
        say("Đạt mọi mục tiêu: 0 lượt mất, không 5xx ngoài cửa sổ cắt, bộ nhớ phẳng.")
    return missed


def main():
    command, target = sys.argv[1], sys.argv[2]
    if command == "paths":
        write_paths(target)
    elif command == "snapshot":
        write_snapshot(target)
    elif command == "report":
        sys.exit(1 if report(Path(target)) else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
