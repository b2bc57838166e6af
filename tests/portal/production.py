"""The portal as production runs it: a scratch PostgreSQL database, collected static files
and gunicorn with gunicorn.conf.py and portal.settings (DEBUG off), on 127.0.0.1 only;
and nginx running the shipped deploy/nginx.conf in front of one or more such servers.

Used by test_gunicorn.py, test_nginx.py and test_two_servers.py. Everything is bounded in
time; the scratch database is dropped, gunicorn and nginx stopped when the fixture ends.
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
import psycopg
import pytest

from counters.spool import parse
from tests.conftest import delete_cache_keys, in_ci

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
LOOPBACK = "127.0.0.1"
START_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
STOP_TIMEOUT = 40  # seconds after SIGTERM (graceful_timeout is 30)
COMMAND_TIMEOUT = 300  # migrate / collectstatic / seed
HTTP_TIMEOUT = 15
WORKERS = 2
# Python-urllib's own User-Agent is a bot to crawlerdetect, and bots are never counted.
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0 Safari/537.36"
)

# Runs inside the production settings: one category, one article, one media file.
SEED = """
import json
import django

django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from news.models import Article
from documents.samples import pdf_bytes
from tests.factories import make_article, make_attachment, make_category, make_document

category = make_category(name="Tin tức sự kiện", slug="tin-tuc-su-kien")
article = make_article(category=category, title="Nâng cao chất lượng sinh hoạt chi bộ")
media = default_storage.save("kiem-thu/ghi-chu.txt", ContentFile("Tệp media thử.".encode()))
document = make_document(number="10-CT/TW")
pdf = make_attachment(pdf_bytes("Chỉ thị", ["x"]), "Chỉ thị 10-CT-TW.pdf", document=document)
print(json.dumps({"article_id": article.pk, "article_url": article.get_absolute_url(),
                  "category_url": category.get_absolute_url(), "media_name": media,
                  "file_url": pdf.get_absolute_url(), "file_size": pdf.size,
                  "file_name": pdf.file.name}))
"""


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def postgres_server():
    """Return the suite's PostgreSQL connection settings, or skip when it is not local."""
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if config["HOST"] not in (LOOPBACK, "localhost"):
        pytest.skip(f"PostgreSQL ở {config['HOST']}: kiểm thử máy chủ chỉ chạy trên 127.0.0.1")
    return config


def admin_connection(config, dbname="postgres"):
    return psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
        connect_timeout=10,
    )


@dataclass
class ProductionPortal:
    """A running production portal: where it listens, its database, its log."""

    work: Path
    db_config: dict
    db_name: str
    env: dict = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None
    seed: dict = field(default_factory=dict)

    @property
    def base_url(self):
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def log_path(self):
        return self.work / "gunicorn.log"

    def manage(self, *args, code=None):
        """Return the output of manage.py (or of python -c `code`) under production settings."""
        command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def sql(self, query, params=()):
        """Return all rows of `query` run on the portal's database."""
        with admin_connection(self.db_config, self.db_name) as conn:
            return conn.execute(query, params).fetchall()

    def get(self, path, headers=None):
        """Return (status, headers, body text) of a GET, without cookies or redirects."""
        headers = {"User-Agent": BROWSER, **(headers or {})}
        request = urllib.request.Request(self.base_url + path, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=HTTP_TIMEOUT) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def start(self, probe_headers=None):
        """Start gunicorn and return once it answers /healthz (sent with `probe_headers`).

        A portal started again listens on its port of before (nginx knows that one).
        """
        self.port = self.port or free_port()
        env = {**self.env, "GUNICORN_BIND": f"{LOOPBACK}:{self.port}"}
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("gunicorn dừng khi khởi động:\n" + self.log_path.read_text()[-3000:])
            try:
                if self.get("/healthz", headers=probe_headers)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"gunicorn không trả lời /healthz sau {START_TIMEOUT} giây")

    def stop(self):
        """Stop gunicorn gracefully (SIGTERM) and return its exit code."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            pytest.fail(f"gunicorn không dừng trong {STOP_TIMEOUT} giây sau SIGTERM")

    def spool_files(self):
        return sorted((self.work / "spool").glob("*.spool"))

    def stored_views(self, article_id, applied_only=False):
        """Return the article's counted views: applied in PostgreSQL plus still spooled.

        One statement reads the total and every spool file's applied offset (one
        snapshot); each line after its file's offset is read from the file, so a line
        counts once whether a worker applies it before or after the snapshot. A file
        deleted meanwhile (applied in full by a worker that stopped) means a new try.
        """
        for _attempt in range(5):
            [(total, offsets)] = self.sql(
                "SELECT (SELECT views FROM counters_articleviewtotal WHERE article_id = %s),"
                " (SELECT json_object_agg(name, applied_bytes) FROM counters_spoolprogress)",
                [article_id],
            )
            total, offsets = total or 0, offsets or {}
            if applied_only:
                return total
            try:
                for path in self.spool_files():
                    data = path.read_bytes()[offsets.get(path.name, 0) :]
                    views, _sites, _bad = parse(data[: data.rfind(b"\n") + 1])
                    total += sum(n for (a, _day), n in views.items() if a == article_id)
            except FileNotFoundError:
                continue
            return total
        pytest.fail("không đọc được tổng lượt xem ổn định sau 5 lần")

    def log_lines(self):
        """Return the JSON objects gunicorn and the portal wrote to stdout so far."""
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def production_environment(work, database_url, static_root, media_root):
    """Return the environment of a production portal served over plain HTTP on loopback."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "DJANGO_", "GUNICORN_", "CSRF_", "SESSION_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=LOOPBACK,
        # The installation's first site answers the loopback address it is served on.
        UNKNOWN_HOST_SITE="root",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        ATTACHMENT_ROOT=str(work / "attachments"),
        # Plain HTTP on 127.0.0.1: the HTTPS knobs are turned off, as docs/deploy.md says
        # for such a run; everything else is the production default.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        # Redis, as several app servers use it, under a prefix no other run shares.
        CACHE_URL=f"redis://{LOOPBACK}:6379/0?key_prefix=portal-test-{secrets.token_hex(4)}",
        # The load tests send hundreds of views a minute from 127.0.0.1, all to be counted.
        COUNTER_MAX_PER_IP_PER_MINUTE="0",
        # Production's spooled counting (counters/spool.py), not the test suite's flush
        # after every request: the portal's own folder, applied once a second.
        COUNTER_SPOOL_DIR=str(work / "spool"),
        COUNTER_FLUSH_SECONDS="1",
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_LOG_LEVEL="info",
        PYTHONUNBUFFERED="1",
    )
    return env


def build_portal(tmp_path_factory, name):
    """Return a migrated, seeded ProductionPortal (not started) on a scratch database."""
    config = postgres_server()
    db_name = f"{config['NAME']}_{name}"[:63]
    work = tmp_path_factory.mktemp(name)
    with admin_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + db_name).geturl()
    portal = ProductionPortal(work=work, db_config=config, db_name=db_name)
    portal.env = production_environment(work, url, work / "static", work / "media")
    portal.manage("migrate", "--noinput", "-v0")
    portal.manage("collectstatic", "--noinput", "-v0")
    portal.seed = json.loads(portal.manage(code=SEED).strip().splitlines()[-1])
    return portal


def drop_portal(portal):
    """Stop gunicorn if it still runs, drop the scratch database and delete its cache keys
    (pages expire, but imagekit's rendition states would stay in Redis for good)."""
    import redis

    portal.stop()
    with admin_connection(portal.db_config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{portal.db_name}" WITH (FORCE)')
    location, _, query = portal.env["CACHE_URL"].partition("?")
    prefix = parse_qs(query)["key_prefix"][0]
    with redis.Redis.from_url(location) as client:
        delete_cache_keys(client, prefix)


# Debian's nginx; NGINX_PATH points elsewhere (or nowhere, to try the skip path).
NGINX = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_SITE = ROOT / "deploy" / "nginx.conf"
NGINX_HOST = "congthongtin.example.vn"
NGINX_START_TIMEOUT = 20
NGINX_STOP_TIMEOUT = 20

NGINX_WRAPPER = """
user root;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
worker_processes 1;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format upstreams '$status|$upstream_addr|$request_method|$request_uri';
    access_log {work}/access.log upstreams;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/portal.conf;
}}
"""


def require_nginx():
    """Skip loudly when nginx is not installed; under CI=true (.ci/run installs it), fail."""
    if Path(NGINX).exists():
        return
    message = f"không có {NGINX} (apt-get install nginx): bỏ qua kiểm thử deploy/nginx.conf"
    if in_ci():
        pytest.fail("CI=true: " + message)
    pytest.skip(message)


def rewritten_site(work, http_port, https_port, app_ports, media_root):
    """Return deploy/nginx.conf with this run's ports and paths, one upstream server a port.

    Only the addresses, ports and paths of the file are rewritten, each of which must be
    found, so the tests break if the file changes shape.
    """
    text = NGINX_SITE.read_text()
    servers = "\n    ".join(f"server {LOOPBACK}:{port};" for port in app_ports)
    replacements = {
        "listen 80;": f"listen {LOOPBACK}:{http_port};",
        "listen 443 ssl http2;": f"listen {LOOPBACK}:{https_port} ssl http2;",
        "listen 80 default_server;": f"listen {LOOPBACK}:{http_port} default_server;",
        "listen 443 ssl default_server;": f"listen {LOOPBACK}:{https_port} ssl default_server;",
        "server 127.0.0.1:8000;": servers,
        "/etc/ssl/portal/fullchain.pem": str(work / "cert.pem"),
        "/etc/ssl/portal/privkey.pem": str(work / "key.pem"),
        "/var/lib/portal/media/": f"{media_root}/",
        "/var/lib/portal/attachments/": f"{work / 'attachments'}/",
        "/var/www/letsencrypt": str(work / "acme"),
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf không còn dòng {old!r}: sửa kiểm thử này"
        text = text.replace(old, new)
    return text


def serve_behind_nginx(portal):
    """Give a portal's environment deploy/portal.env's HTTPS settings behind nginx."""
    # nginx terminates TLS and says so; the HTTPS defaults (redirect, secure cookies) apply.
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        portal.env.pop(name, None)
    portal.env.update(
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        TRUSTED_PROXIES=LOOPBACK,
        # As deploy/portal.env: the portal's name and its component sites' under it.
        ALLOWED_HOSTS=f"{NGINX_HOST},.{NGINX_HOST}",
        CSRF_TRUSTED_ORIGINS=f"https://{NGINX_HOST},https://*.{NGINX_HOST}",
        # Attached files go out through nginx's internal location (deploy/nginx.conf).
        ATTACHMENT_ACCEL_PREFIX="/_tep/",
    )


# What nginx sends the app servers; a direct request with these looks like one from nginx.
NGINX_PROBE_HEADERS = {"Host": NGINX_HOST, "X-Forwarded-Proto": "https"}


@dataclass
class Nginx:
    """nginx running deploy/nginx.conf on free 127.0.0.1 ports, with a throwaway certificate."""

    work: Path
    http_port: int = 0
    https_port: int = 0
    process: subprocess.Popen | None = None

    def start(self, app_ports, media_root):
        """Start nginx in front of the app servers on `app_ports`; return once it listens."""
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", f"/CN={NGINX_HOST}", "-keyout", str(self.work / "key.pem"),
             "-out", str(self.work / "cert.pem")],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        self.http_port, self.https_port = free_port(), free_port()
        (self.work / "acme").mkdir(exist_ok=True)
        site = rewritten_site(self.work, self.http_port, self.https_port, app_ports, media_root)
        (self.work / "portal.conf").write_text(site)
        (self.work / "nginx.conf").write_text(NGINX_WRAPPER.format(work=self.work))
        config = str(self.work / "nginx.conf")
        test = subprocess.run(
            [NGINX, "-t", "-c", config], capture_output=True, text=True, timeout=60
        )
        assert test.returncode == 0, test.stderr
        self.process = subprocess.Popen(
            [NGINX, "-c", config, "-g", "daemon off;"], stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + NGINX_START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection((LOOPBACK, self.http_port), timeout=1).close()
                socket.create_connection((LOOPBACK, self.https_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        assert self.process.poll() is None, self.process.stderr.read().decode()
        pytest.fail(f"nginx không nghe sau {NGINX_START_TIMEOUT} giây")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=NGINX_STOP_TIMEOUT)

    def access_log(self):
        """Return the access log as (status, upstream addresses, method, URI) tuples.

        The upstream addresses are those nginx tried, in order: "A, B" when A failed and
        B answered.
        """
        path = self.work / "access.log"
        if not path.exists():
            return []
        return [tuple(line.split("|", 3)) for line in path.read_text().splitlines() if line]

    def fetch(self, path, *, tls=True, method="GET", headers=None, body=None):
        """Return (status, headers, body bytes) of a request to nginx, as a browser at the
        portal's name would send it (no cookies unless given)."""
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the throwaway self-signed certificate
            conn = http.client.HTTPSConnection(
                LOOPBACK, self.https_port, timeout=HTTP_TIMEOUT, context=context
            )
        else:
            conn = http.client.HTTPConnection(LOOPBACK, self.http_port, timeout=HTTP_TIMEOUT)
        try:
            conn.request(
                method,
                path,
                body=body,
                headers={"Host": NGINX_HOST, "User-Agent": BROWSER, **(headers or {})},
            )
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()
