"""deploy/nginx.conf, as shipped, in front of gunicorn with the production settings.

nginx (Debian's package) runs the shipped file on free 127.0.0.1 ports, with a throwaway
self-signed certificate, in front of gunicorn running deploy/portal.env's HTTPS settings
(redirect, HSTS, secure cookies, X-Forwarded-Proto trusted). Only the addresses, ports
and paths of the file are rewritten, each of which must be found, so the test breaks if
the file changes shape. Without nginx the test is skipped loudly, except under CI=true,
where .ci/run installs it and a missing nginx fails.
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.portal.production import LOOPBACK, ROOT, build_portal, drop_portal, free_port

# Debian's nginx; NGINX_PATH points elsewhere (or nowhere, to try the skip path).
NGINX = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx.conf"
START_TIMEOUT = 20
HOST = "congthongtin.example.vn"

WRAPPER = """
user root;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
worker_processes 1;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/portal.conf;
}}
"""


def rewritten_site(work, http_port, https_port, app_port, media_root):
    """Return deploy/nginx.conf with this run's ports and paths."""
    text = SITE.read_text()
    replacements = {
        "listen 80;": f"listen {LOOPBACK}:{http_port};",
        "listen 443 ssl http2;": f"listen {LOOPBACK}:{https_port} ssl http2;",
        "server 127.0.0.1:8000;": f"server {LOOPBACK}:{app_port};",
        "/etc/ssl/portal/fullchain.pem": str(work / "cert.pem"),
        "/etc/ssl/portal/privkey.pem": str(work / "key.pem"),
        "/var/lib/portal/media/": f"{media_root}/",
        "/var/www/letsencrypt": str(work / "acme"),
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf không còn dòng {old!r}: sửa kiểm thử này"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def nginx_portal(tmp_path_factory):
    """Return (portal, http port, https port) with nginx and gunicorn running."""
    if not Path(NGINX).exists():
        message = f"không có {NGINX} (apt-get install nginx): bỏ qua kiểm thử deploy/nginx.conf"
        if in_ci():
            pytest.fail("CI=true: " + message)
        pytest.skip(message)
    portal = build_portal(tmp_path_factory, "nginx")
    work = portal.work
    # deploy/portal.env's HTTPS settings: nginx terminates TLS and says so.
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        portal.env.pop(name)
    portal.env.update(
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        TRUSTED_PROXIES=LOOPBACK,
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
    )
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    nginx = None
    try:
        portal.start(probe_headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        http_port, https_port = free_port(), free_port()
        (work / "acme").mkdir()
        (work / "portal.conf").write_text(
            rewritten_site(work, http_port, https_port, portal.port, work / "media")
        )
        (work / "nginx.conf").write_text(WRAPPER.format(work=work))
        test = subprocess.run(
            [NGINX, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True
        )
        assert test.returncode == 0, test.stderr
        nginx = subprocess.Popen(
            [NGINX, "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and nginx.poll() is None:
            try:
                socket.create_connection((LOOPBACK, http_port), timeout=1).close()
                socket.create_connection((LOOPBACK, https_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert nginx.poll() is None, nginx.stderr.read().decode()
        yield portal, http_port, https_port
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=20)
        drop_portal(portal)


def fetch(port, path, *, tls=True):
    """Return (status, headers, body bytes) of a GET to nginx, as a browser at HOST would."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the throwaway self-signed certificate
        conn = http.client.HTTPSConnection(LOOPBACK, port, timeout=15, context=context)
    else:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=15)
    try:
        conn.request("GET", path, headers={"Host": HOST, "User-Agent": "Mozilla/5.0 Firefox/140.0"})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_plain_http_redirects_to_https(nginx_portal):
    """Port 80 sends readers to the same address over HTTPS."""
    _portal, http_port, _https_port = nginx_portal
    status, headers, _body = fetch(http_port, "/tin-tuc/?a=1", tls=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/tin-tuc/?a=1"


def test_page_through_nginx(nginx_portal):
    """The article page comes through nginx over HTTPS, with HSTS and the request id."""
    portal, _http_port, https_port = nginx_portal
    status, headers, body = fetch(https_port, portal.seed["article_url"])
    assert status == 200, body[:500]
    assert "Nâng cao chất lượng sinh hoạt chi bộ" in body.decode()
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert len(headers["X-Request-ID"]) == 32  # nginx's $request_id, kept by the app


def test_static_file_through_nginx(nginx_portal):
    """A hashed static file comes through nginx with whitenoise's year-long caching."""
    import json

    portal, _http_port, https_port = nginx_portal
    manifest = json.loads((portal.work / "static" / "staticfiles.json").read_text())
    status, headers, body = fetch(https_port, "/static/" + manifest["paths"]["css/site.css"])
    assert status == 200 and body
    assert "immutable" in headers["Cache-Control"]


def test_media_file_served_by_nginx(nginx_portal):
    """A media file is served by nginx from MEDIA_ROOT (Django does not serve media)."""
    portal, _http_port, https_port = nginx_portal
    status, headers, body = fetch(https_port, "/media/" + portal.seed["media_name"])
    assert status == 200
    assert body.decode() == "Tệp media thử."
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    # Straight from gunicorn, the same path is not found: only nginx serves media.
    direct = portal.get(
        "/media/" + portal.seed["media_name"], headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    assert direct[0] == 404


def test_admin_sign_in_through_nginx_sets_secure_cookies(nginx_portal):
    """Through nginx the app knows it is on HTTPS: the CSRF cookie is Secure."""
    _portal, _http_port, https_port = nginx_portal
    status, headers, _body = fetch(https_port, "/quan-tri/login/")
    assert status == 200
    cookies = headers.get_all("Set-Cookie") or []
    assert any(c.startswith("csrftoken=") and "Secure" in c for c in cookies), cookies
