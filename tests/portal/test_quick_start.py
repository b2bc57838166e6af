"""The README's quick start, as a newcomer meets it: `make run`, then click around and search.

One portal for the module, started by scripts/run.sh (what `make run` runs once the
virtualenv is ready) with the environment of a fresh shell: its own settings, DEBUG,
migrate, load_demo, ensure_admin and runserver with the autoreloader, all unchanged.
Only where things go differs, so the developer's own demo is never touched: a scratch
database on the suite's PostgreSQL, a port nobody uses, and temporary folders for media,
the counters' spool and the admin password file.

The crawl follows whatever links the pages have (every href, src, srcset, form action and
image meta of the same host), so it guards any rewrite of the templates; the search test
reads results the same way.
"""

import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from news.demo.content import ARTICLES, CATEGORIES, ORIGINAL_LEGACY_ID
from tests.conftest import CRAWLED_LINKS
from tests.portal.production import (
    BROWSER,
    LOOPBACK,
    ROOT,
    NoRedirect,
    admin_connection,
    free_port,
    postgres_server,
)

START_TIMEOUT = 300  # migrate, load_demo (covers drawn by Pillow) and the first answer
STOP_TIMEOUT = 30
HTTP_TIMEOUT = 30
MAX_FETCHES = 3000  # the demo has about 400 distinct addresses two levels from home
CRAWL_SECONDS = 600
MAX_SEARCH_PAGES = 10
# The variables of a fresh login shell that make run may read; nothing of the suite's own.
SHELL_VARIABLES = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")
# Typed as readers type them, with the demo articles (legacy ids) each must find: the
# original article by its title, the others by title, lead or body.
SEARCHES = {
    "chi bo": {ORIGINAL_LEGACY_ID, "demo-018"},
    "CHI BỘ": {ORIGINAL_LEGACY_ID, "demo-018"},
    "sinh hoat chi bo": {ORIGINAL_LEGACY_ID, "demo-018"},
    "dang bo": {"demo-014", "demo-021"},
    "ĐẢNG": {"demo-014", "demo-017", "demo-021", "demo-022", "demo-023"},
    "Hoà Bình": {"demo-013"},
    "Hòa Bình": {"demo-013"},
    "hoa binh": {"demo-013"},
    # Words of the draft's and a scheduled article's titles: never found before their time.
    "chuyen doi so": set(),
    "tiep cong dan": set(),
}


def fold(text):
    """Return `text` lower case without diacritics, "đ" as "d" (the test's own oracle)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text):
    return set(re.findall(r"\w+", fold(text)))


class Links(HTMLParser):
    """Every address an HTML page refers to: links, assets, form actions, image meta."""

    URL_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
    IMAGE_META = {"og:image", "twitter:image", "og:url"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() != "get":
            return  # a POST form is not something a reader follows
        for name, value in attrs.items():
            if value and name in self.URL_ATTRIBUTES:
                self.found.append(value)
            elif value and name in ("srcset", "imagesrcset"):
                self.found += [item.split()[0] for item in value.split(",") if item.strip()]
        if tag == "meta" and (attrs.get("property") or attrs.get("name")) in self.IMAGE_META:
            self.found.append(attrs.get("content") or "")


def html_links(body):
    parser = Links()
    parser.feed(body)
    return parser.found


def xml_links(body):
    """Return the addresses of a sitemap or feed: <loc>, <link>, <guid> and href=."""
    return re.findall(r"<(?:loc|link|guid)[^>]*>\s*([^<\s]+)\s*<", body) + re.findall(
        r"""\bhref=["']([^"']+)["']""", body
    )


def css_links(body):
    return [u.strip("'\"") for u in re.findall(r"url\(\s*([^)]+?)\s*\)", body)]


def robots_links(body):
    return re.findall(r"(?im)^\s*sitemap:\s*(\S+)", body)


def view_name(url):
    """Return the URL name (e.g. "news:article-detail") of an address of the portal, or ""."""
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


def slug_of(url):
    return resolve(urlsplit(url).path).kwargs["slug"]


class Portal:
    """The portal make run serves: where it listens, how to read its pages and database."""

    def __init__(self, base, db_config, db_name, output_path):
        self.base = base
        self.db_config = db_config
        self.db_name = db_name
        self.output_path = output_path

    def output(self):
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def get(self, url):
        """Return (status, content type, body text) of a GET of `url`, redirects not followed."""
        request = urllib.request.Request(urljoin(self.base, url), headers={"User-Agent": BROWSER})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=HTTP_TIMEOUT) as response:
                body = response.read()
                status, content_type = response.status, response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            body = error.read()
            status, content_type = error.code, error.headers.get_content_type()
        readable = content_type.startswith("text/") or content_type.endswith("xml")
        return status, content_type, body.decode("utf-8", "replace") if readable else ""

    def internal(self, url, page_url):
        """Return `url` made absolute, without its fragment, or None if it leaves the host."""
        url = url.strip()
        if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        absolute = urldefrag(urljoin(page_url, url)).url
        parts, base = urlsplit(absolute), urlsplit(self.base)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        return absolute

    def article_urls(self):
        """Return {legacy id: absolute URL, published or not} of the demo articles."""
        with admin_connection(self.db_config, self.db_name) as conn:
            rows = conn.execute("SELECT legacy_id, slug FROM news_article").fetchall()
        return {legacy_id: self.url("news:article-detail", slug) for legacy_id, slug in rows}

    def url(self, name, slug):
        return self.base + reverse(name, kwargs={"slug": slug})


def shell_environment(**overrides):
    """Return a fresh shell's environment (no variable of the suite) with `overrides`."""
    env = {k: os.environ[k] for k in SHELL_VARIABLES if k in os.environ}
    return {**env, **overrides}


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """Return the Portal served by scripts/run.sh; stop it with Ctrl-C's signal afterwards."""
    config = postgres_server()
    db_name = f"{config['NAME']}_quickstart"[:63]
    with admin_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + db_name).geturl()
    work = tmp_path_factory.mktemp("quickstart")
    port = free_port()
    env = shell_environment(
        DATABASE_URL=url,
        PORT=str(port),
        MEDIA_ROOT=str(work / "media"),
        COUNTER_SPOOL_DIR=str(work / "spool"),
        ADMIN_PASSWORD_FILE=str(work / "admin-password"),
        PYTHONUNBUFFERED="1",
    )
    output_path = work / "make-run.log"
    portal = Portal(f"http://{LOOPBACK}:{port}", config, db_name, output_path)
    # As from a terminal: SIGINT at its default (a background pytest may inherit it
    # ignored), a process group of its own to send Ctrl-C's signal to.
    launcher = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "os.execv('scripts/run.sh', ['scripts/run.sh'])"
    )
    with output_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", launcher],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("make run dừng khi khởi động:\n" + portal.output()[-4000:])
            try:
                if portal.get("/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail(f"make run không trả lời sau {START_TIMEOUT} giây:\n{portal.output()}")
        yield portal
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        with admin_connection(config) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def test_make_run_says_what_the_operator_needs_and_nothing_in_english(make_run):
    """The output names the URL, the admin password and the database, without warnings."""
    output = make_run.output()
    password = (make_run.output_path.parent / "admin-password").read_text().strip()
    assert f"Cổng thông tin:  {make_run.base}/" in output
    assert password and password in output
    assert "DATABASE_URL đã đặt" in output and make_run.db_name in output
    assert "Nội dung mẫu: thêm" in output
    for noise in ("WARNING", "Warning", "System check", "Operations to perform", "Traceback"):
        assert noise not in output, output


def test_every_link_from_home_categories_and_an_article_answers_200(make_run, request):
    """Two levels from home: every link, asset, feed and sitemap of the host answers 200."""
    portal = make_run
    fetched = {}  # absolute URL -> status
    referrers = {}
    parsed = []

    def fetch(url, referrer):
        if url in fetched:
            return None
        assert len(fetched) < MAX_FETCHES, f"hơn {MAX_FETCHES} địa chỉ: vòng lặp liên kết?"
        assert time.monotonic() < deadline, f"duyệt quá {CRAWL_SECONDS} giây"
        status, content_type, body = portal.get(url)
        fetched[url], referrers[url] = status, referrer
        # Feeds, sitemaps, robots.txt and stylesheets are read wherever they are found:
        # what they point to is part of the site, and they point to pages, not to more
        # of themselves (MAX_FETCHES bounds it anyway).
        if status == 200 and content_type.endswith("xml"):
            follow(url, xml_links(body))
        elif status == 200 and content_type == "text/css":
            follow(url, css_links(body))
        elif status == 200 and content_type == "text/plain" and url.endswith("/robots.txt"):
            follow(url, robots_links(body))
        return body if status == 200 and content_type == "text/html" else None

    def follow(page_url, links):
        found = [portal.internal(link, page_url) for link in links]
        found = list(dict.fromkeys(url for url in found if url))
        for url in found:
            fetch(url, page_url)
        return found

    def read_page(url):
        """Fetch a page and every address it refers to; return those addresses."""
        parsed.append(url)
        fetched.pop(url, None)
        body = fetch(url, "(đầu vào)")
        assert body is not None, f"{url}: {fetched[url]}"
        return follow(url, html_links(body))

    deadline = time.monotonic() + CRAWL_SECONDS
    home = portal.base + "/"
    from_home = read_page(home)
    fetch(portal.base + "/robots.txt", "(đầu vào)")
    categories = [u for u in from_home if view_name(u) == "news:category-detail"]
    articles = [u for u in from_home if view_name(u) == "news:article-detail"]
    original = portal.article_urls()[ORIGINAL_LEGACY_ID]
    assert articles, "trang chủ không dẫn tới bài viết nào"
    for url in dict.fromkeys([*categories, articles[0], original]):
        read_page(url)

    broken = {url: status for url, status in fetched.items() if status != 200}
    request.config.stash[CRAWLED_LINKS] = len(fetched)
    sys.stdout.write(f"\nĐã mở {len(fetched)} địa chỉ, đọc {len(parsed)} trang.\n")
    assert not broken, "\n".join(f"{s} {u} (từ {referrers[u]})" for u, s in broken.items())
    menu = {slug for slug, _name, parent, _pos, _desc in CATEGORIES if parent is None}
    assert {slug_of(u) for u in categories} >= menu, "trình đơn thiếu chuyên mục"
    every_category = {portal.url("news:category-detail", slug) for slug, *_rest in CATEGORIES}
    assert every_category <= set(fetched), "có chuyên mục không trang nào dẫn tới"
    assert any(view_name(u) == "sitemap-section" for u in fetched), "sitemap không được đọc"


def search_results(portal, query):
    """Return the addresses of the articles found for `query`, every results page read.

    A result is an article link the results page has more often than a page that finds
    nothing: whatever else the page shows (menus, widgets) is the same on both.
    """

    search = portal.base + reverse("news:search")

    def links_of(url):
        status, _type, body = portal.get(url)
        assert status == 200, f"{url}: {status}"
        return [u for u in (portal.internal(link, url) for link in html_links(body)) if u]

    def article_counts(links):
        return Counter(u for u in links if view_name(u) == "news:article-detail")

    chrome = article_counts(links_of(f"{search}?q={quote('zzqxv khongcotu')}"))
    found, pages, seen = [], [f"{search}?q={quote(query)}"], set()
    while pages and len(seen) < MAX_SEARCH_PAGES:
        url = pages.pop(0)
        seen.add(url)
        links = links_of(url)
        counts = article_counts(links)
        found += [u for u in counts if counts[u] > chrome[u] and u not in found]
        pages += [
            u
            for u in links
            if view_name(u) == "news:search" and "page=" in urlsplit(u).query and u not in seen
        ]
    return found


@pytest.mark.parametrize("query", list(SEARCHES))
def test_search_finds_the_demo_articles_as_readers_type(make_run, query):
    """Without diacritics, in capitals, either tone placement: the right articles are found."""
    by_url = {url: legacy_id for legacy_id, url in make_run.article_urls().items()}
    found = {by_url[url] for url in search_results(make_run, query)}
    specs = {spec["legacy_id"]: spec for spec in ARTICLES}
    published = {i for i, s in specs.items() if not s.get("draft") and "days_ahead" not in s}
    wanted = words(query)
    by_title = {i for i in published if wanted <= words(specs[i]["title"])}
    # Found words must be in the text at all (folded, as a substring): no false matches.
    text = {
        i: fold(" ".join([s["title"], s.get("lead", ""), *s.get("paragraphs", [])]))
        for i, s in specs.items()
    }
    impossible = {i for i in specs if not all(w in text[i] for w in wanted)}
    assert SEARCHES[query] <= found, f"thiếu {SEARCHES[query] - found}"
    assert by_title <= found, f"thiếu bài có từ khóa ở tiêu đề: {by_title - found}"
    assert not found & impossible, f"tìm thấy bài không chứa từ khóa: {found & impossible}"
    assert found <= published, f"bài chưa đăng lại hiện ra: {found - published}"
