"""The README's quick start, as a newcomer meets it: `make run`, then click around and search.

One portal for the module, started by scripts/run.sh (what `make run` runs once the
virtualenv is ready) with the environment of a fresh shell: its own settings, DEBUG,
migrate, load_demo, ensure_admin and runserver with the autoreloader, all unchanged.
Only where things go differs, so the developer's own demo is never touched: a scratch
database on the suite's PostgreSQL, a port nobody uses, and temporary folders for media,
the counters' spool and the admin password file.

The crawl follows whatever links the pages have (every href, src, srcset, form action and
image meta of the same host), on each of the demo's sites (the city portal on 127.0.0.1,
its wards on their *.localhost names, sent to the same loopback address as browsers do),
so it guards any rewrite of the templates; the search test reads results the same way,
on the ward that holds the old district's archive.
"""

import re
import sys
import time
import unicodedata
from collections import Counter
from urllib.parse import quote, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from news.demo import sites as demo_sites
from news.demo.content import ARTICLES, CATEGORIES, ORIGINAL_LEGACY_ID
from tests.conftest import CRAWLED_LINKS
from tests.portal.make_run import (
    MakeRunFailed,
    css_links,
    html_links,
    robots_links,
    served,
    xml_links,
)
from tests.portal.production import postgres_server

MAX_FETCHES = 3000  # the demo has about 400 distinct addresses two levels from home
CRAWL_SECONDS = 600
MAX_SEARCH_PAGES = 10
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


def view_name(url):
    """Return the URL name (e.g. "news:article-detail") of an address of the portal, or ""."""
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


def slug_of(url):
    return resolve(urlsplit(url).path).kwargs["slug"]


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """Return the Portal served by scripts/run.sh; stop it with Ctrl-C's signal afterwards."""
    config = postgres_server()
    db_name = f"{config['NAME']}_quickstart"[:63]
    try:
        with served(config, db_name, tmp_path_factory.mktemp("quickstart")) as portal:
            yield portal
    except MakeRunFailed as error:
        pytest.fail(str(error))


def test_make_run_says_what_the_operator_needs_and_nothing_in_english(make_run):
    """The output names the URL, the admin password and the database, without warnings."""
    output = make_run.output()
    password = (make_run.output_path.parent / "admin-password").read_text().strip()
    assert f"Cổng thông tin:  {make_run.base}/" in output
    for _key, domain, _aliases, name, *_rest in demo_sites.SITES:
        assert f"{name}: http://{domain}:{make_run.port}/" in output
    assert password and password in output
    assert "DATABASE_URL đã đặt" in output and make_run.db_name in output
    assert "Nội dung mẫu: 3 trang, thêm" in output
    for noise in ("WARNING", "Warning", "System check", "Operations to perform", "Traceback"):
        assert noise not in output, output
    # Libraries' own INFO lines (fpdf2's font subsetting logged 300) are English noise; the
    # portal's request lines are its own.
    foreign = re.findall(r"^\S+ INFO (?!portal\.)\S+", output, re.MULTILINE)
    assert not foreign, foreign[:5]


def crawl(portal, fetched, referrers, parsed, deadline, extra_pages=()):
    """Read the site's home, its categories, an article and `extra_pages`, fetching every
    address they refer to on the site's host; return (category URLs, article URLs)."""

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

    from_home = read_page(portal.base + "/")
    fetch(portal.base + "/robots.txt", "(đầu vào)")
    categories = [u for u in from_home if view_name(u) == "news:category-detail"]
    articles = [u for u in from_home if view_name(u) == "news:article-detail"]
    assert articles, f"trang chủ {portal.base} không dẫn tới bài viết nào"
    for url in dict.fromkeys([*categories, articles[0], *extra_pages]):
        read_page(url)
    return categories, articles


def test_every_link_from_home_categories_and_an_article_answers_200(make_run, request):
    """On every demo site, two levels from home: every link, asset, feed and sitemap of the
    site's host answers 200."""
    fetched, referrers, parsed = {}, {}, []  # absolute URL -> status; -> where it was found
    deadline = time.monotonic() + CRAWL_SECONDS
    for key, domain, *_rest in demo_sites.SITES:
        portal = make_run.on(domain)
        extra = []
        if key == demo_sites.ARCHIVE_SITE:
            extra = [portal.article_urls()[ORIGINAL_LEGACY_ID]]
        categories, _articles = crawl(portal, fetched, referrers, parsed, deadline, extra)
        if key == demo_sites.ARCHIVE_SITE:
            menu = {slug for slug, _name, parent, _pos, _desc in CATEGORIES if parent is None}
            assert {slug_of(u) for u in categories} >= menu, "trình đơn thiếu chuyên mục"
            every = {portal.url("news:category-detail", slug) for slug, *_ in CATEGORIES}
            assert every <= set(fetched), "có chuyên mục không trang nào dẫn tới"

    broken = {url: status for url, status in fetched.items() if status != 200}
    request.config.stash[CRAWLED_LINKS] = len(fetched)
    sys.stdout.write(f"\nĐã mở {len(fetched)} địa chỉ, đọc {len(parsed)} trang.\n")
    assert not broken, "\n".join(f"{s} {u} (từ {referrers[u]})" for u, s in broken.items())
    assert any(view_name(u) == "sitemap-section" for u in fetched), "sitemap không được đọc"
    hosts = {urlsplit(u).hostname for u in fetched}
    assert hosts >= {domain for _key, domain, *_rest in demo_sites.SITES}


def test_each_demo_site_shows_only_its_own_news(make_run):
    """A ward's home lists its own articles only; the city's lists the wards' news as
    "Tin từ cơ sở", each linking to the ward's own host."""
    archive = {key: domain for key, domain, *_rest in demo_sites.SITES}
    ward = make_run.on(archive[demo_sites.ARCHIVE_SITE])
    other = make_run.on(archive["binhthoi"])
    city = make_run.on(archive[demo_sites.PROVINCE])
    ward_articles = set(ward.article_urls().values())
    other_articles = set(other.article_urls().values())
    assert ward_articles and other_articles and not ward_articles & other_articles
    for portal, own in ((ward, ward_articles), (other, other_articles)):
        links = {portal.internal(u, portal.base + "/") for u in html_links(portal.get("/")[2])}
        shown = {u for u in links if u and view_name(u) == "news:article-detail"}
        assert shown and shown <= own, f"{portal.base} hiện bài của trang khác"
    _status, _type, body = city.get("/")
    assert "Tin từ cơ sở" in body
    assert any(url in body for url in ward_articles)


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
    """Without diacritics, in capitals, either tone placement: the right articles are found,
    on the ward that holds the old district's archive."""
    domain = next(d for key, d, *_rest in demo_sites.SITES if key == demo_sites.ARCHIVE_SITE)
    ward = make_run.on(domain)
    by_url = {url: legacy_id for legacy_id, url in ward.article_urls().items()}
    found = {by_url[url] for url in search_results(ward, query)}
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
