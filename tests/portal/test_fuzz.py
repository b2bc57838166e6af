"""Hostile requests of every kind never get a 5xx, a traceback or a version string.

Each class below sends a few hundred requests generated from a fixed seed (the same ones
on every run, so a failure can be replayed) through Django's test client, with the
production middleware and DEBUG off: odd paths, query strings on every public view,
search syntax, Host/cookie/header oddities, every HTTP method, POST bodies to public
URLs. Each request runs in a savepoint that is rolled back, so one request's writes (or
a broken transaction) never reach the next. Counts are bounded by the constants below.
"""

import random
import re
import string
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from news.models import Article, LegacyRedirect
from tests.factories import make_article, make_category

SEED = 20261202
PATH_CASES = 400
QUERY_CASES = 400
SEARCH_CASES = 300
HEADER_CASES = 300
BODY_CASES = 200
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "BREW")
# What a debug page, a traceback or a library's error leaks.
LEAK = re.compile(
    r"Traceback \(most recent call last\)|Exception (?:Value|Type|Location)|Django Version"
    r"|Python (?:Version|Executable|Path)|site-packages|psycopg|DataError|OperationalError"
    r"|File \"/|Request Method:|You're seeing this error"
)

# Pieces of hostile paths and values.
ODD = [
    "%00",
    "%ff",
    "%fe%ff",
    "%c0%af",
    "%e2%80%ae",
    "%ed%a0%80",
    "%2e%2e",
    "..",
    ".",
    "%2f",
    "%5c",
    "\\",
    "//",
    "%0d%0a",
    "%0b",
    "%25",
    "%",
    "%g1",
    "<script>alert(1)</script>",
    "'\"",
    "';--",
    "${7*7}",
    "{{7*7}}",
    "\u202e",
    "\u200b",
    "\ufeff",
    "😀",
    "ß",
    "İ",
    "Đảng",
    "Đ\u0303",
    "a\u0301\u0323",
    "~",
    "+",
    " ",
    "%20",
    "*",
    "&",
    "=",
    "#",
    ";",
    "@",
    ":",
]


class FuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        parent = make_category(name="Xây dựng Đảng", slug="xay-dung-dang")
        cls.category = make_category(name="Tin tức sự kiện", slug="tin-tuc-su-kien")
        child = make_category(name="Kiểm tra, giám sát", slug="kiem-tra-giam-sat", parent=parent)
        cls.article = make_article(title="Hội nghị chi bộ khu phố 3", category=cls.category)
        make_article(title="Tin giám sát", category=child, featured=True)
        draft = make_article(title="Bản nháp", status=Article.Status.DRAFT, category=cls.category)
        LegacyRedirect.objects.create(
            site_id=1, old_path="/Default.aspx?ID=5&tabid=52", article=cls.article
        )
        LegacyRedirect.objects.create(site_id=1, old_path="/tin-cu.html", article=draft)
        cls.public = [
            reverse("news:home"),
            cls.category.get_absolute_url(),
            parent.get_absolute_url(),
            cls.article.get_absolute_url(),
            reverse("news:search"),
            reverse("news:feed"),
            reverse("news:category-feed", args=[cls.category.slug]),
            reverse("sitemap-index"),
            reverse("sitemap-section", args=["bai-viet"]),
            reverse("sitemap-section", args=["chuyen-muc"]),
            reverse("robots"),
            reverse("healthz"),
            reverse("readyz"),
            reverse("news:article-preview", args=[draft.pk]),
            reverse("editor-upload-image"),
            reverse("admin:login"),
            reverse("admin:index"),
            "/Default.aspx",
            "/tin-cu.html",
            # django-tinymce's views, mounted until they were found answering 500.
            "/tinymce/flatpages_link_list/",
            "/tinymce/filebrowser/",
            "/tinymce/compressor/",
        ]

    def setUp(self):
        self.rng = random.Random(SEED)
        self.client = Client(raise_request_exception=False)
        self.failures = []

    # Sending and checking

    def send(self, method, path, client=None, **extra):
        client = client or self.client
        savepoint = transaction.savepoint()
        try:
            response = client.generic(method, path, **extra)
        finally:
            transaction.savepoint_rollback(savepoint)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        problem = None
        if response.status_code >= 500:
            problem = f"{response.status_code}"
        elif LEAK.search(text):
            problem = f"leak: {LEAK.search(text).group(0)}"
        if problem:
            shown = {k: str(v)[:80] for k, v in extra.items() if k != "data"}
            self.failures.append((method, path[:160], shown, problem))

    def assert_no_failures(self, cases):
        self.assertGreaterEqual(cases, 100)
        self.assertEqual(self.failures, [], f"{len(self.failures)} of {cases} requests failed")

    def pick(self, items):
        return self.rng.choice(items)

    def junk(self, low=1, high=12):
        return "".join(self.pick(ODD) for _ in range(self.rng.randint(low, high)))

    def word(self, alphabet=string.ascii_letters + string.digits + "-_", high=30):
        return "".join(self.pick(alphabet) for _ in range(self.rng.randint(1, high)))

    # The classes of requests

    def test_odd_paths(self):
        """NUL, broken percent-encoding, odd Unicode, dot segments and huge segments."""
        prefixes = [
            "/",
            "/chuyen-muc/",
            "/tin-tuc/",
            "/xem-truoc/",
            "/tim-kiem/",
            "/rss/",
            "/chuyen-muc/tin-tuc-su-kien/",
            "/sitemap-",
            "/static/",
            "/media/",
            "/quan-tri/",
            "/quan-tri/news/article/",
            "/bien-tap/",
            "/Default.aspx/",
        ]
        for n in range(PATH_CASES):
            kind = n % 4
            if kind == 0:
                segment = self.junk()
            elif kind == 1:
                segment = self.word(high=12) + self.junk(1, 3) + self.word(high=12)
            elif kind == 2:
                segment = self.pick(["a", "%ff", "đ", "9"]) * self.rng.choice([300, 3000, 9000])
            else:
                segment = "/".join(self.junk(1, 3) for _ in range(self.rng.randint(2, 6)))
            suffix = self.pick(["", "/", ".html", ".xml", "/rss/", "?x=1"])
            self.send("GET", self.pick(prefixes) + segment + suffix)
        self.assert_no_failures(PATH_CASES)

    def test_query_strings_on_every_public_view(self):
        """Pages, feeds, sitemaps, search and old addresses with hostile query strings."""
        keys = ["page", "p", "q", "id", "ID", "tabid", "utm_source", "chuyen_muc", "tu_ngay"]
        keys += ["den_ngay", "next", "o", "format", "callback", "page[]", "_"]
        for n in range(QUERY_CASES):
            parts = []
            for _ in range(self.rng.randint(1, 6)):
                key = self.pick(keys) if self.rng.random() < 0.8 else self.junk(1, 3)
                value = self.pick(
                    [
                        self.junk(),
                        str(self.rng.randint(-(10**30), 10**30)),
                        self.pick(["0", "-1", "1e9", "NaN", "inf", "0x10", "1.5", "", "01"]),
                        self.pick(["0001-01-01", "9999-12-31", "2024-02-30", "32/13/2024"]),
                        "x" * self.rng.choice([1, 200, 5000]),
                    ]
                )
                parts.append(f"{key}={value}" if self.rng.random() < 0.9 else key)
            separator = "&" if n % 5 else ";"
            self.send("GET", self.public[n % len(self.public)] + "?" + separator.join(parts))
        self.assert_no_failures(QUERY_CASES)

    def test_search_syntax(self):
        """tsquery operators, quotes, SQL, wildcards, Unicode tricks and huge queries."""
        syntax = [
            "&",
            "|",
            "!",
            "<->",
            "<2>",
            ":*",
            ":A",
            "(",
            ")",
            '"',
            "'",
            "\\",
            "' OR 1=1 --",
            "%_%",
            ".*",
            "[a-z",
            "NOT",
            "AND",
            "chi bộ",
            "chi bo",
            "ĐẢNG",
            "hoà",
            "hòa",
            "\u0301",
            "😀",
            "\u200b",
            "\u202e",
            "\ufeff",
            "%",
            "+",
            "-",
            "*",
        ]
        url = reverse("news:search")
        for n in range(SEARCH_CASES):
            words = [self.pick(syntax) for _ in range(self.rng.randint(1, 8))]
            if n % 10 == 0:
                words.append(self.pick(["x", "ơ", "đ ", "& "]) * self.rng.choice([500, 5000]))
            data = {"q": " ".join(words)}
            if n % 3 == 0:
                data["chuyen_muc"] = self.pick(["", "tin-tuc-su-kien", "khong-co", self.junk(1, 2)])
            if n % 4 == 0:
                data["tu_ngay"] = self.pick(["2024-01-01", "0001-01-01", "x", "9999-12-31"])
                data["den_ngay"] = self.pick(["2023-01-01", "2099-12-31", "", "32/13/2024"])
            if n % 5 == 0:
                data["page"] = self.pick(["2", "-1", "abc", "999999", "1" * 40])
            self.send("GET", url, QUERY_STRING=urlencode(data))
        self.assert_no_failures(SEARCH_CASES)

    def test_host_cookie_and_header_oddities(self):
        """Bad Host headers, broken cookies, huge or garbled headers, conditional GETs."""
        hosts = [
            "evil.example",
            "testserver:abc",
            "testserver:99999",
            "[::1]",
            "[::1",
            "",
            "a" * 300,
            "tênmiền.vn",
            "testserver\r\nX: y",
            "127.0.0.1:8000",
            "localhost.",
            "testserver, evil.example",
        ]
        cookies = [
            'sessionid="abcdefghij\\000"',
            "sessionid=" + "x" * 40,
            "sessionid=../../etc/passwd",
            "csrftoken=" + "y" * 64,
            "csrftoken=%00",
            'luot_xem="\\\\\\""',
            "luot_xem=eyJ2IjoxfQ:1abc:sig",
            "luot_xem=" + "z" * 4000,
            "a=b; " * 200,
            "=; ;;; =x",
            'x="\\377\\376"',
        ]
        headers = {
            "HTTP_USER_AGENT": ["a" * 9000, "Googlebot/2.1", "\u1ea0" * 50, "", "() { :; }; echo"],
            "HTTP_ACCEPT_LANGUAGE": ["xx-YY;q=abc, *;q=-1", "vi" * 500, "en-US,en;q=0.9"],
            "HTTP_X_FORWARDED_FOR": ["1.2.3.4, garbage, ::1", "x" * 2000, "999.999.999.999"],
            "HTTP_X_REQUEST_ID": ["\r\nInjected: 1", "ok-id-1", "x" * 500],
            "HTTP_REFERER": ["javascript:alert(1)", "http://[", "\u00ff" * 20],
            "HTTP_IF_MODIFIED_SINCE": [
                "yesterday",
                "Mon, 32 Foo 2024",
                "Sun, 06 Nov 1994 08:49:37 GMT",
            ],
            "HTTP_IF_NONE_MATCH": ['"', "*", 'W/"x", "y"'],
            "HTTP_RANGE": ["bytes=99999-", "bytes=-1,-2,-3"],
            "HTTP_SEC_PURPOSE": ["prefetch;prerender", "x" * 300],
            "CONTENT_TYPE": ["multipart/form-data", "text/plain; charset=nope"],
            "HTTP_ACCEPT_ENCODING": ["gzip;q=2, br;q=x", "*"],
        }
        for n in range(HEADER_CASES):
            extra = {}
            kind = n % 3
            if kind == 0:
                extra["HTTP_HOST"] = self.pick(hosts)
            elif kind == 1:
                extra["HTTP_COOKIE"] = "; ".join(
                    self.pick(cookies) for _ in range(self.rng.randint(1, 3))
                )
            for name in self.rng.sample(sorted(headers), self.rng.randint(1, 4)):
                extra[name] = self.pick(headers[name])
            self.send(self.pick(["GET", "HEAD"]), self.pick(self.public), **extra)
        self.assert_no_failures(HEADER_CASES)

    def test_every_http_method_on_every_public_url(self):
        """GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE and unknown verbs."""
        cases = 0
        for path in self.public:
            for method in METHODS:
                self.send(method, path)
                cases += 1
        self.assert_no_failures(cases)

    def test_post_bodies_to_public_urls(self):
        """Form, JSON, broken multipart and binary bodies, with and without CSRF checks."""
        strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
        bodies = [
            (
                "application/x-www-form-urlencoded",
                lambda: f"q={self.junk()}&page={self.junk(1, 2)}",
            ),
            ("application/x-www-form-urlencoded", lambda: "a=" * 3000),
            ("application/json", lambda: '{"q": "' + self.junk() + '", "x": [[[[[]]]]]}'),
            ("application/json", lambda: "[" * 5000),
            (
                "multipart/form-data; boundary=zzz",
                lambda: "--zzz\r\nContent-Disposition: x\r\n\r\n",
            ),
            ("multipart/form-data", lambda: "no boundary at all"),
            (
                "multipart/form-data; boundary=b",
                lambda: (
                    '--b\r\nContent-Disposition: form-data; name="file"; filename="'
                    + self.junk(1, 4)
                    + '"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--b--\r\n'
                ),
            ),
            ("text/xml", lambda: "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"),
            ("application/octet-stream", lambda: "".join(map(chr, range(256)))),
            ("application/x-www-form-urlencoded; charset=klingon", lambda: "q=x"),
        ]
        for n in range(BODY_CASES):
            content_type, make = self.pick(bodies)
            data = make().encode("utf-8", "surrogatepass")
            client = strict if n % 2 else self.client
            self.send("POST", self.pick(self.public), client, data=data, content_type=content_type)
        self.assert_no_failures(BODY_CASES)
