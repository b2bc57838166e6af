"""deploy/nginx.conf, as shipped, in front of gunicorn with the production settings.

nginx (Debian's package) runs the shipped file on free 127.0.0.1 ports, with a throwaway
self-signed certificate, in front of gunicorn running deploy/portal.env's HTTPS settings
(redirect, HSTS, secure cookies, X-Forwarded-Proto trusted). Only the addresses, ports
and paths of the file are rewritten, each of which must be found, so the test breaks if
the file changes shape. Without nginx the test is skipped loudly, except under CI=true,
where .ci/run installs it and a missing nginx fails.
"""

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


@pytest.fixture(scope="module")
def nginx_portal(tmp_path_factory):
    """Return (portal, nginx) with nginx and gunicorn running."""
    require_nginx()
    portal = build_portal(tmp_path_factory, "nginx")
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
    import json

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
