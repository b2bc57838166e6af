"""The outside checks of issues 14 and 16, by hand: Nu HTML Checker, Lighthouse, axe.

    .venv/bin/python bench/outside_checks.py              # serve make run's portal itself
    .venv/bin/python bench/outside_checks.py --base-url http://127.0.0.1:8000

Not part of `make test`: its first run downloads the npm packages vnu-jar and lighthouse
into .tools/ (ignored by git); java and /usr/bin/chromium come from Debian.

Without --base-url the portal is served as `make run` serves it (tests/portal/make_run.py:
scripts/run.sh, its settings, DEBUG, the demo content) on a scratch database dropped at
the end, on 127.0.0.1 and a free port. With --base-url, a running make run's portal on
this machine is read instead (without the second notice and the readers' 404 pages:
they need its database).

1. Nu HTML Checker on every address of every demo site's sitemap, and on the states a
   sitemap does not list: the rating form's thanks and refusal pages, search results, the
   documents list filtered, second pages of lists, the readers' 404 pages. Planned-downtime
   banners: the demo's notice is on every site; one ward gets a second notice made in code
   (its times have microseconds, as an editor's never do). Errors per address, and the
   total.
2. Lighthouse on home, a category, an article and an agency page, mobile and desktop:
   the four category scores of the median of --runs runs, and every audit that lost
   points. It takes /tmp/portal-heavy.lock first, as flock(1) does, since its timings
   suffer from any other load.
3. With --axe: axe-core (axe-playwright-python, as tests/e2e/test_accessibility.py) on
   those pages, search results, the documents list, /en/, the site map and the ward with
   two notices, phone and desktop, every impact reported.

Reports go to test-artifacts/outside-checks/. Exit status 1 if anything was found.
"""

import argparse
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import environ  # noqa: E402
from django.urls import Resolver404, resolve, reverse  # noqa: E402

from news.demo import sites as demo_sites  # noqa: E402
from scripts.postgres import database_name  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.portal.make_run import (  # noqa: E402
    HTTP_TIMEOUT,
    MakeRunFailed,
    Portal,
    html_links,
    served,
    xml_links,
)
from tests.portal.production import BROWSER, LOOPBACK, NoRedirect  # noqa: E402

TOOLS = ROOT / ".tools"
# Pinned, so that two runs of this script judge by the same rules.
NPM_PACKAGES = ("vnu-jar@26.9.27", "lighthouse@12.8.2")
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
JAVA = "/usr/bin/java"
REPORTS = ROOT / "test-artifacts" / "outside-checks"
HEAVY_LOCK = "/tmp/portal-heavy.lock"
LIGHTHOUSE_FLAGS = [
    "--headless=new",
    *CHROMIUM_ARGS,
    # Chromium sends *.localhost to loopback itself; said here so that no resolver is asked.
    f"--host-resolver-rules=MAP *.localhost {LOOPBACK}",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_TIMEOUT = 240
LIGHTHOUSE_ATTEMPTS = 4  # its trace of a page load now and then misses navigationStart
NU_TIMEOUT = 600
# The ward that gets a second planned-downtime notice, made in code: its pages show two.
BANNER_SITE = "binhthoi"
BANNER_TEXT = "Thông báo tạm ngừng hoạt động"
NOTICE_CODE = """
from datetime import timedelta
from django.contrib.sites.models import Site
from django.utils import timezone
from engagement.models import DowntimeNotice
now = timezone.now()
DowntimeNotice.objects.create(
    site=Site.objects.get(domain={domain!r}),
    message="Cổng thông tin tạm ngừng hoạt động để nâng cấp hệ thống.",
    show_from=now - timedelta(hours=1),
    stop_at=now + timedelta(days=10),
    restore_at=now + timedelta(days=10, hours=4),
)
"""


# Readers' error pages as production renders them: make run's DEBUG shows Django's
# technical 404 page instead, which is not the portal's.
ERROR_PAGES_CODE = """
import json
from django.test import Client, override_settings
pages = {{}}
with override_settings(DEBUG=False):
    for path in {paths!r}:
        response = Client(HTTP_HOST={host!r}).get(path)
        pages[path] = [response.status_code, response.content.decode()]
with open({output!r}, "w", encoding="utf-8") as out:
    json.dump(pages, out)
"""
MISSING_PATHS = ("/khong-co-trang-nay/", "/en/khong-co-trang-nay/")
DJANGO_DEBUG_PAGE = '<meta name="robots" content="NONE,NOARCHIVE">'


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def ensure_tools():
    """Install vnu-jar and lighthouse into .tools/ unless they are there already."""
    if VNU_JAR.exists() and LIGHTHOUSE.exists():
        return
    say(f"==> Cài {', '.join(NPM_PACKAGES)} vào {TOOLS.relative_to(ROOT)}/ (lần đầu)")
    TOOLS.mkdir(exist_ok=True)
    # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; Debian's is used.
    subprocess.run(
        ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--ignore-scripts"]
        + list(NPM_PACKAGES),
        check=True,
    )


class Reader:
    """GET and POST on a portal of this machine, every host sent to its loopback port."""

    def __init__(self, port):
        self.port = port

    def base(self, domain):
        return f"http://{domain}:{self.port}"

    def fetch(self, url, data=None, headers=None):
        """Return (status, content type, body text) of `url`, redirects not followed."""
        parts = urlsplit(url)
        loopback = parts._replace(netloc=f"{LOOPBACK}:{self.port}").geturl()
        headers = {"User-Agent": BROWSER, "Host": parts.netloc, **(headers or {})}
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(loopback, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=HTTP_TIMEOUT) as response:
                raw, status = response.read(), response.status
                content_type = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
            content_type = error.headers.get_content_type()
        return status, content_type, raw.decode("utf-8", "replace")


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


def sitemap_urls(reader, domain):
    """Return every page address of a site's sitemap, its sections and their pages read."""
    index = reader.base(domain) + reverse("sitemap-index")
    status, _type, body = reader.fetch(index)
    assert status == 200, f"{index}: {status}"
    pages, sections = [], list(dict.fromkeys(xml_links(body)))
    for section in sections:
        status, _type, body = reader.fetch(section)
        assert status == 200, f"{section}: {status}"
        pages += xml_links(body)
    return list(dict.fromkeys(u for u in pages if urlsplit(u).netloc))


def rating_states(reader, article_url):
    """Return {label: (url, status, body)} of the rating form's answers to an article."""
    status, _type, body = reader.fetch(article_url)
    match = re.search(r'name="muc" value="([^"]+)"', body)
    assert status == 200 and match, f"{article_url}: không có biểu mẫu đánh giá"
    action = urljoin(article_url, reverse("engagement:rate"))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(article_url))
    headers = {"Origin": origin, "Referer": article_url}
    signed = match.group(1)
    posts = {
        "đánh giá: cảm ơn": {"muc": signed, "huu_ich": "co", "y_kien": "Bài viết rõ ràng."},
        "đánh giá: đã đánh giá hôm nay": {"muc": signed, "huu_ich": "khong"},
        "đánh giá: chưa chọn câu trả lời": {"muc": signed, "y_kien": "Thiếu nút"},
        "đánh giá: góp ý quá dài": {"muc": signed, "huu_ich": "co", "y_kien": "dài " * 1000},
        "đánh giá: biểu mẫu bị sửa": {"muc": signed[:-4] + "xxxx", "huu_ich": "co"},
    }
    states = {}
    for label, data in posts.items():
        status, _type, body = reader.fetch(action, data=data, headers=headers)
        states[label] = (action, status, body)
    elsewhere = {"Origin": "http://trang-khac.localhost", "Referer": "http://trang-khac.localhost/"}
    status, _type, body = reader.fetch(action, data=posts["đánh giá: cảm ơn"], headers=elsewhere)
    states["đánh giá: gửi từ trang khác"] = (action, status, body)
    return states


def first_option(body, name):
    """Return the first non-empty option of the <select name=`name`> in `body`, or ""."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    values = re.findall(r'<option value="([^"]+)"', select.group(1)) if select else []
    return values[0] if values else ""


def collect_pages(reader, banner_domain, error_pages):
    """Return {label: (url, status, body)}: every sitemap page of each demo site and the
    states a sitemap does not list."""
    pages = {}

    bodies = {}  # URL -> body: each address is read and checked once

    def read(label, url, wanted=200):
        if url in bodies:
            return bodies[url]
        status, content_type, body = reader.fetch(url)
        bodies[url] = body
        if status != wanted:
            say(f"    ! {url}: {status}, chờ {wanted}")
        if content_type == "text/html":
            pages[label] = (url, status, body)
        return body

    for _key, domain, *_rest in demo_sites.SITES:
        urls = sitemap_urls(reader, domain)
        say(f"  {domain}: {len(urls)} địa chỉ trong sitemap")
        for url in urls:
            read(url, url)
    # Second pages of lists (categories, documents, search): no sitemap lists them.
    for url, _status, body in list(pages.values()):
        for link in re.findall(r'<a href="([^"]+)" rel="next"', body):
            following = urljoin(url, link.replace("&amp;", "&"))
            if following not in pages:
                read(f"trang sau: {following}", following)
    # The rest on the ward with the old district's archive, whose demo has every kind.
    domain = next(d for key, d, *_rest in demo_sites.SITES if key == demo_sites.ARCHIVE_SITE)
    base = reader.base(domain)
    home = read(base + "/", base + "/")
    links = [urljoin(base + "/", u) for u in html_links(home)]
    article = next(u for u in links if view_name(u) == "news:article-detail")
    search = base + reverse("news:search")
    read("tìm kiếm: có kết quả", f"{search}?q=chi+bo")
    read("tìm kiếm: trang 2", f"{search}?q=a&page=2")
    read("tìm kiếm: không có kết quả", f"{search}?q=zzqxv")
    read("tìm kiếm: ô trống", search)
    documents = base + reverse("documents:list")
    listing = read("văn bản: danh sách", documents)
    filters = {name: first_option(listing, name) for name in ("loai", "co_quan", "linh_vuc")}
    read("văn bản: lọc theo loại", f"{documents}?{urlencode({'loai': filters['loai']})}")
    query = urlencode({**filters, "q": "quyết định"})
    read("văn bản: lọc nhiều điều kiện", f"{documents}?{query}")
    read("văn bản: năm không hợp lệ", f"{documents}?nam=1800&loai=khong-co")
    english = read("tiếng Anh: trang chủ", base + reverse("agency:english-home"))
    for url in dict.fromkeys(urljoin(base + "/", u) for u in html_links(english)):
        if urlsplit(url).netloc == urlsplit(base).netloc and urlsplit(url).path.startswith("/en/"):
            read(f"tiếng Anh: {urlsplit(url).path}", url)
    for path in MISSING_PATHS:
        status, _type, body = reader.fetch(base + path)
        if DJANGO_DEBUG_PAGE in body and error_pages:
            status, body = error_pages(urlsplit(base).netloc, path)
        if DJANGO_DEBUG_PAGE in body:
            say(f"    ! {base}{path}: trang 404 của DEBUG, không kiểm tra (cần cơ sở dữ liệu)")
        else:
            assert status == 404, f"{base}{path}: {status}"
            pages[f"404: {path}"] = (base + path, status, body)
    for label, state in rating_states(reader, article).items():
        pages[label] = state
    if banner_domain:
        banner = reader.base(banner_domain)
        if BANNER_TEXT not in read(banner + "/", banner + "/"):
            say(f"    ! {banner}/ không hiện thông báo tạm ngừng")
        shown = [url for url, _status, body in pages.values() if BANNER_TEXT in body]
        say(f"  + thông báo tạm ngừng: hiện trên {len(shown)} trang của {banner_domain}")
    return pages


# A page the checker must fault, read with the others: a checker that cannot read its
# input, or runs out of stack, would otherwise pass every page in silence.
NU_CONTROL = "<!DOCTYPE html><html lang=vi><title>x</title><p><div>kiểm tra</div></p></html>"
NU_CONTROL_ERROR = "No “p” element in scope but a “p” end tag seen."


def nu_check(pages):
    """Run the Nu HTML Checker on the pages; return {label: [error lines]}."""
    folder = Path(tempfile.mkdtemp(prefix="outside-checks-"))
    labels = {}
    for number, (label, (_url, _status, body)) in enumerate(pages.items()):
        (folder / f"{number:04d}.html").write_text(body, encoding="utf-8")
        labels[f"{number:04d}.html"] = label
    (folder / "control.html").write_text(NU_CONTROL, encoding="utf-8")
    # Its schema is evaluated recursively: a small thread stack overflows.
    command = [JAVA, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    result = subprocess.run(
        [*command, "--stdout", *sorted(p.name for p in folder.iterdir())],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=NU_TIMEOUT,
    )
    shutil.rmtree(folder)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise SystemExit(f"Nu HTML Checker không chạy được ({error}):\n{result.stderr}") from None
    found = {label: [] for label in labels.values()}
    control = []
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        if message["type"] != "error" or name not in labels and name != "control.html":
            raise SystemExit(f"Nu HTML Checker: {message}")
        if name == "control.html":
            control.append(message["message"])
            continue
        extract = " ".join((message.get("extract") or "").split())[:120]
        line = f"dòng {message.get('lastLine', '?')}: {message['message']}  «{extract}»"
        found[labels[name]].append(line)
    if NU_CONTROL_ERROR not in control:
        raise SystemExit(f"Nu HTML Checker không thấy lỗi của trang mẫu: {control}")
    return found


def lighthouse_pages(reader):
    """Return {name: URL} of home, a category, an article and the agency's "Giới thiệu"
    page of the archive ward."""
    domain = next(d for key, d, *_rest in demo_sites.SITES if key == demo_sites.ARCHIVE_SITE)
    base = reader.base(domain)
    _status, _type, home = reader.fetch(base + "/")
    links = list(dict.fromkeys(urljoin(base + "/", u) for u in html_links(home)))
    return {
        "trang chủ": base + "/",
        "chuyên mục": next(u for u in links if view_name(u) == "news:category-detail"),
        "bài viết": next(u for u in links if view_name(u) == "news:article-detail"),
        "trang giới thiệu": next(u for u in links if view_name(u) == "agency:page-detail"),
    }


def lost_points(report, category):
    """Return lines naming each audit of `category` that scored below 1 with a weight."""
    audits = report["audits"]
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            shown = audit.get("displayValue") or ""
            lines.append(f"{ref['id']} ({audit['score']:.2f}) {audit['title']} {shown}".strip())
            for item in (audit.get("details") or {}).get("items", [])[:5]:
                node = item.get("node") or {}
                where = node.get("selector") or item.get("url") or item.get("source") or ""
                if where:
                    lines.append(f"      {where}")
    return lines


def lighthouse(command, env):
    """Run Lighthouse; again if its trace failed (NO_NAVSTART and the like), as it asks."""
    for attempt in range(LIGHTHOUSE_ATTEMPTS):
        result = subprocess.run(command, env=env, timeout=LIGHTHOUSE_TIMEOUT)
        if result.returncode == 0:
            return
        say(f"    Lighthouse thất bại (lần {attempt + 1}/{LIGHTHOUSE_ATTEMPTS})")
        time.sleep(2)
    raise SystemExit("Lighthouse không chạy được: " + " ".join(command))


def median_run(reports):
    """Return the report of median performance among runs of one page and mode."""
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)
    return ranked[len(ranked) // 2]


def run_lighthouse(pages, reports, runs):
    """Return [(page, mode, {category: score}, {category: lost lines})], one per page and
    mode: the median of `runs` runs by performance (Lighthouse's own advice for a score
    that moves with the machine's load), whose report is kept."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    results = []
    for name, url in pages.items():
        for mode in ("mobile", "desktop"):
            output = reports / f"lighthouse-{re.sub(r'[^a-z]+', '-', view_name(url))}-{mode}.json"
            command = [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={output}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={' '.join(LIGHTHOUSE_FLAGS)}",
            ]
            if mode == "desktop":
                command.append("--preset=desktop")
            done = []
            for _run in range(runs):
                lighthouse(command, env)
                done.append(json.loads(output.read_text()))
            report = median_run(done)
            output.write_text(json.dumps(report))
            scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
            lost = {c: lost_points(report, c) for c in CATEGORIES}
            results.append((name, mode, scores, lost))
            each = "/".join(str(round(100 * r["categories"]["performance"]["score"])) for r in done)
            say(
                f"  {name} ({mode}): "
                + ", ".join(f"{c} {s}" for c, s in scores.items())
                + (f" (performance của {runs} lần: {each})" if runs > 1 else "")
            )
    return results


def run_axe(urls):
    """Return {(url, viewport name): [violation lines]} of axe-core, every impact."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from tests.e2e.browsing import DESKTOP, PHONE, new_context

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP *.localhost {LOOPBACK}"],
        )
        for viewport_name, viewport in (("điện thoại", PHONE), ("máy tính", DESKTOP)):
            context = new_context(browser, viewport)
            page = context.new_page()
            for url in urls:
                page.goto(url)
                page.wait_for_load_state("networkidle")
                lines = []
                for violation in Axe().run(page).response["violations"]:
                    for node in violation["nodes"]:
                        target = ", ".join(map(str, node["target"]))
                        lines.append(f"{violation['id']} ({violation['impact']}): {target}")
                found[(url, viewport_name)] = lines
            context.close()
        browser.close()
    return found


class HeavyLock:
    """/tmp/portal-heavy.lock held as flock(1) holds it, for load-sensitive measurements."""

    def __enter__(self):
        self.file = open(HEAVY_LOCK, "a")  # noqa: SIM115
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"==> Chờ {HEAVY_LOCK} (một phép đo hoặc bộ kiểm thử khác đang chạy)")
            fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def check(reader, banner_domain, error_pages, args):
    """Run the checks on the portal `reader` reads; return the number of problems."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    problems = 0
    if not args.skip_nu:
        say("==> Đọc sitemap và các trạng thái khác")
        pages = collect_pages(reader, banner_domain, error_pages)
        for label, (_url, status, _body) in pages.items():
            if not label.startswith("http"):
                say(f"  + {label}: {status}")
        say(f"==> Nu HTML Checker trên {len(pages)} trang")
        found = nu_check(pages)
        total = 0
        for label, errors in found.items():
            if errors:
                url = pages[label][0] if label in pages else label
                say(f"  {len(errors)} lỗi: {label}" + (f" ({url})" if url != label else ""))
                for line in errors:
                    say(f"      {line}")
            total += len(errors)
        say(f"Nu HTML Checker: {len(pages)} trang, {total} lỗi.")
        problems += total
    targets = lighthouse_pages(reader)
    if not args.skip_lighthouse:
        with HeavyLock():
            say("==> Lighthouse (mobile và --preset=desktop)")
            results = run_lighthouse(targets, REPORTS, args.runs)
        say("\n| trang | chế độ | " + " | ".join(CATEGORIES) + " |")
        say("| --- | --- |" + " --- |" * len(CATEGORIES))
        for name, mode, scores, _lost in results:
            say(f"| {name} | {mode} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
        for name, mode, scores, lost in results:
            for category in CATEGORIES:
                if scores[category] < 100 or (category != "performance" and lost[category]):
                    say(f"  {name} ({mode}) {category} {scores[category]}:")
                    for line in lost[category]:
                        say(f"    {line}")
                    problems += 1
        say(f"Báo cáo Lighthouse: {REPORTS.relative_to(ROOT)}/")
    if args.axe:
        say("==> axe-core (điện thoại và máy tính)")
        urls = list(targets.values())
        domain = next(d for key, d, *_rest in demo_sites.SITES if key == demo_sites.ARCHIVE_SITE)
        base = reader.base(domain)
        urls += [
            f"{base}{reverse('news:search')}?q=chi+bo",
            base + reverse("documents:list"),
            base + reverse("agency:english-home"),
            base + reverse("agency:site-map"),
        ]
        if banner_domain:
            urls.append(reader.base(banner_domain) + "/")
        found = run_axe(urls)
        count = sum(len(lines) for lines in found.values())
        for (url, viewport), lines in found.items():
            for line in lines:
                say(f"  {url} ({viewport}): {line}")
        say(f"axe-core: {len(found)} lần kiểm tra, {count} vi phạm.")
        problems += count
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base-url", help="a running make run's portal, http://127.0.0.1:PORT")
    parser.add_argument("--skip-nu", action="store_true", help="no Nu HTML Checker")
    parser.add_argument("--skip-lighthouse", action="store_true", help="no Lighthouse")
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page and mode (median kept)"
    )
    parser.add_argument("--axe", action="store_true", help="axe-core through Playwright too")
    args = parser.parse_args(argv)
    ensure_tools()
    if args.base_url:
        parts = urlsplit(args.base_url)
        if parts.hostname not in (LOOPBACK, "localhost") or not parts.port:
            parser.error("--base-url: một cổng của máy này, như http://127.0.0.1:8000")
        problems = check(Reader(parts.port), None, None, args)
    else:
        config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
        work = Path(tempfile.mkdtemp(prefix="outside-checks-run-"))
        say("==> Chạy cổng như make run, trên cơ sở dữ liệu tạm (migrate, nội dung mẫu)")
        try:
            with served(config, database_name("outside"), work) as portal:
                banner = next(d for key, d, *_rest in demo_sites.SITES if key == BANNER_SITE)
                add_notice(portal, banner)
                problems = check(
                    Reader(portal.port), banner, lambda h, p: error_page(portal, h, p), args
                )
        except MakeRunFailed as error:
            say(str(error))
            return 2
        finally:
            shutil.rmtree(work, ignore_errors=True)
    say("Không có lỗi nào." if not problems else f"Có {problems} điểm cần sửa.")
    return 1 if problems else 0


def manage_shell(portal, code):
    """Run `code` in manage.py shell, on make run's settings and database."""
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env={**portal.env, "DEBUG": "true"},  # as scripts/run.sh sets it
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise SystemExit(f"manage.py shell thất bại:\n{result.stdout}{result.stderr}")


def error_page(portal, host, path):
    """Return (status, body) of `path` on `host` rendered as with DEBUG off."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "pages.json"
        manage_shell(portal, ERROR_PAGES_CODE.format(paths=[path], host=host, output=str(output)))
        status, body = json.loads(output.read_text(encoding="utf-8"))[path]
    return status, body


def add_notice(portal: Portal, domain):
    """Schedule a planned-downtime notice on the site `domain`, shown from now on.

    Before any page of that site is read, so that none is in runserver's cache without it.
    """
    manage_shell(portal, NOTICE_CODE.format(domain=domain))


if __name__ == "__main__":
    sys.exit(main())
