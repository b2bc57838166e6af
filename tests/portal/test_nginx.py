"""deploy/nginx.conf, as shipped, in front of gunicorn with the production settings.

nginx (Debian's package) runs the shipped file on free 127.0.0.1 ports, with a throwaway
self-signed certificate, in front of gunicorn running deploy/portal.env's HTTPS settings
(redirect, HSTS, secure cookies, X-Forwarded-Proto trusted). Only the addresses, ports
and paths of the file are rewritten, each of which must be found, so the test breaks if
the file changes shape. Without nginx the test is skipped loudly, except under CI=true,
where .ci/run installs it and a missing nginx fails.
"""

import http.client
import json

import pytest

from tests.portal.production import (
    NGINX_HOST,
    NGINX_PROBE_HEADERS,
    Nginx,
    build_portal,
    drop_portal,
    require_nginx,
    serve_behind_nginx,
)

HOST = NGINX_HOST
# A component site under the portal's name, taken by the file's wildcard server_name.
WARD_HOST = f"phuongan.{NGINX_HOST}"
# Runs inside the production settings: a ward with an article at the seeded article's path.
WARD_SEED = f"""
import json
import django

django.setup()
from django.contrib.sites.models import Site
from news.models import Article
from tests.factories import make_article, make_category, make_site

ward = make_site(
    {WARD_HOST!r}, name="Cổng thông tin điện tử Phường An", parent=Site.objects.get(pk=1)
)
slug = Article.objects.get(site_id=1).slug
category = make_category(site=ward, name="Tin của phường An", slug="tin-tuc-su-kien")
article = make_article(category=category, slug=slug, title="Hội nghị của phường An")
print(json.dumps({{"ward_article_url": article.get_absolute_url()}}))
"""


@pytest.fixture(scope="module")
def nginx_portal(tmp_path_factory):
    """Return (portal, nginx) with nginx and gunicorn running."""
    require_nginx()
    portal = build_portal(tmp_path_factory, "nginx")
    portal.seed.update(json.loads(portal.manage(code=WARD_SEED).strip().splitlines()[-1]))
    # The demo's pages, feeds and maps: what readers download, at its real size.
    portal.manage("load_demo")
    serve_behind_nginx(portal)
    nginx = Nginx(portal.work)
    try:
        portal.start(probe_headers=NGINX_PROBE_HEADERS)
        nginx.start([portal.port], portal.work / "media")
        yield portal, nginx
    finally:
        nginx.stop()
        drop_portal(portal)


def test_plain_http_redirects_to_https(nginx_portal):
    """Port 80 sends readers to the same address over HTTPS."""
    _portal, nginx = nginx_portal
    status, headers, _body = nginx.fetch("/tin-tuc/?a=1", tls=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/tin-tuc/?a=1"


def test_page_through_nginx(nginx_portal):
    """The article page comes through nginx over HTTPS, with HSTS and the request id."""
    portal, nginx = nginx_portal
    status, headers, body = nginx.fetch(portal.seed["article_url"])
    assert status == 200, body[:500]
    assert "Nâng cao chất lượng sinh hoạt chi bộ" in body.decode()
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert len(headers["X-Request-ID"]) == 32  # nginx's $request_id, kept by the app


def test_static_file_through_nginx(nginx_portal):
    """A hashed static file comes through nginx with whitenoise's year-long caching."""
    portal, nginx = nginx_portal
    manifest = json.loads((portal.work / "static" / "staticfiles.json").read_text())
    status, headers, body = nginx.fetch("/static/" + manifest["paths"]["css/site.css"])
    assert status == 200 and body
    assert "immutable" in headers["Cache-Control"]


def test_media_file_served_by_nginx(nginx_portal):
    """A media file is served by nginx from MEDIA_ROOT (Django does not serve media)."""
    portal, nginx = nginx_portal
    status, headers, body = nginx.fetch("/media/" + portal.seed["media_name"])
    assert status == 200
    assert body.decode() == "Tệp media thử."
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    # Straight from gunicorn, the same path is not found: only nginx serves media.
    direct = portal.get("/media/" + portal.seed["media_name"], headers=NGINX_PROBE_HEADERS)
    assert direct[0] == 404


def test_admin_sign_in_through_nginx_sets_secure_cookies(nginx_portal):
    """Through nginx the app knows it is on HTTPS: the CSRF cookie is Secure."""
    _portal, nginx = nginx_portal
    status, headers, _body = nginx.fetch("/quan-tri/login/")
    assert status == 200
    cookies = headers.get_all("Set-Cookie") or []
    assert any(c.startswith("csrftoken=") and "Secure" in c for c in cookies), cookies


def test_attached_file_is_sent_by_nginx_with_the_apps_headers(nginx_portal):
    """A document's PDF: the app authorises, nginx sends the bytes with name and type."""
    from urllib.parse import quote

    portal, nginx = nginx_portal
    status, headers, body = nginx.fetch(portal.seed["file_url"])
    assert status == 200
    assert body.startswith(b"%PDF-") and len(body) == portal.seed["file_size"]
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert quote("Chỉ thị 10-CT-TW.pdf") in headers["Content-Disposition"]
    # gunicorn alone sends no bytes, only the instruction to nginx.
    direct = portal.get(portal.seed["file_url"], headers=NGINX_PROBE_HEADERS)
    assert direct[0] == 200 and direct[2] == ""
    # The internal location is not reachable from outside.
    assert nginx.fetch("/_tep/" + portal.seed["file_name"])[0] == 404


def test_a_component_host_reaches_its_own_site_through_nginx(nginx_portal):
    """phuongan.<portal>: the wildcard server_name takes it, the portal answers with the
    ward's article at the same path where the portal's own host shows its own."""
    portal, nginx = nginx_portal
    path = portal.seed["ward_article_url"]
    assert path == portal.seed["article_url"]
    status, _headers, body = nginx.fetch(path, headers={"Host": WARD_HOST})
    assert status == 200, body[:500]
    text = body.decode()
    assert "Hội nghị của phường An" in text
    assert "Nâng cao chất lượng sinh hoạt chi bộ" not in text
    status, _headers, body = nginx.fetch(path)
    assert status == 200
    assert "Hội nghị của phường An" not in body.decode()


def test_a_component_host_home_is_the_wards_through_nginx(nginx_portal):
    """The ward's home page through nginx names the ward and its own menu."""
    _portal, nginx = nginx_portal
    status, _headers, body = nginx.fetch("/", headers={"Host": WARD_HOST})
    assert status == 200
    text = body.decode()
    assert "Phường An" in text
    assert "Tin của phường An" in text


def test_plain_http_on_a_component_host_redirects_to_https_on_it(nginx_portal):
    """Port 80 sends a component host's readers to HTTPS on the same component host."""
    _portal, nginx = nginx_portal
    status, headers, _body = nginx.fetch("/chuyen-muc/tin-tuc-su-kien/", tls=False,
                                         headers={"Host": WARD_HOST})  # fmt: skip
    assert status == 301
    assert headers["Location"] == f"https://{WARD_HOST}/chuyen-muc/tin-tuc-su-kien/"


def test_a_host_outside_the_portals_names_never_reaches_the_app(nginx_portal):
    """A Host no server_name takes is closed by nginx's default server, not proxied."""
    _portal, nginx = nginx_portal
    for tls in (True, False):
        with pytest.raises(http.client.RemoteDisconnected):
            nginx.fetch("/", tls=tls, headers={"Host": "trang-la.example.org"})
    refused = [row for row in nginx.access_log() if row[0] == "444"]
    assert len(refused) == 2
    assert all(upstream == "-" for _status, upstream, *_rest in refused)


READER_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br"}


def _article_map_page(nginx):
    """Return the path of the first article map page the sitemap index names."""
    import re

    _status, _headers, body = nginx.fetch("/sitemap.xml")
    url = re.search(rb"<loc>(https://[^<]+/sitemap-bai-viet\.xml\?tu=\d+)</loc>", body)
    return url.group(1).decode().split(HOST, 1)[1]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html"),
        ("/rss/", "application/rss+xml"),
        ("article map", "application/xml"),
    ],
)
def test_pages_feeds_and_sitemaps_come_gzipped(nginx_portal, path, content_type):
    """What gunicorn sends uncompressed, nginx gzips for a browser that accepts it (from
    1 KB: the demo's sitemap index, 0.5 KB, is not worth it and goes as it is)."""
    import gzip

    _portal, nginx = nginx_portal
    if path == "article map":
        path = _article_map_page(nginx)
    status, headers, body = nginx.fetch(path, headers=READER_ENCODINGS)
    assert status == 200, body[:300]
    assert headers["Content-Type"].startswith(content_type)
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    plain = gzip.decompress(body)
    assert len(body) < len(plain) / 2 and plain.lstrip().startswith(b"<")
    # A client that asks for nothing gets the page as it is.
    _status, identity_headers, _identity = nginx.fetch(path)
    assert "Content-Encoding" not in identity_headers


def test_home_page_transfer_size(nginx_portal, artifacts_dir):
    """The home page travels at under a third of its size (test-artifacts/ keeps both)."""
    _portal, nginx = nginx_portal
    _status, _headers, plain = nginx.fetch("/")
    _status, _headers, packed = nginx.fetch("/", headers=READER_ENCODINGS)
    (artifacts_dir / "home-transfer-size.txt").write_text(
        f"Trang chủ qua nginx: {len(plain)} byte không nén, {len(packed)} byte gzip\n"
    )
    assert len(packed) < len(plain) / 3


@pytest.mark.parametrize(("encoding", "suffix"), [("br", ".br"), ("gzip", ".gz")])
def test_static_files_come_precompressed(nginx_portal, encoding, suffix):
    """collectstatic wrote brotli and gzip files beside the stylesheet; whitenoise
    serves the one the browser prefers, and nginx passes it on untouched."""
    portal, nginx = nginx_portal
    static = portal.work / "static"
    hashed = json.loads((static / "staticfiles.json").read_text())["paths"]["css/site.css"]
    compressed = (static / (hashed + suffix)).read_bytes()
    status, headers, body = nginx.fetch("/static/" + hashed, headers={"Accept-Encoding": encoding})
    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert body == compressed
