"""The portal as production runs it: a scratch PostgreSQL database, collected static files
and gunicorn with gunicorn.conf.py and portal.settings (DEBUG off), on 127.0.0.1 only.

Used by test_gunicorn.py and test_nginx.py. Everything is bounded in time; the scratch
database is dropped and gunicorn stopped when the fixture ends.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import environ
import psycopg
import pytest

from counters.spool import parse

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
from tests.factories import make_article, make_category

category = make_category(name="Tin tức sự kiện", slug="tin-tuc-su-kien")
article = make_article(category=category, title="Nâng cao chất lượng sinh hoạt chi bộ")
media = default_storage.save("kiem-thu/ghi-chu.txt", ContentFile("Tệp media thử.".encode()))
print(json.dumps({"article_id": article.pk, "article_url": article.get_absolute_url(),
                  "category_url": category.get_absolute_url(), "media_name": media}))
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
        """Start gunicorn and return once it answers /healthz (sent with `probe_headers`)."""
        self.port = free_port()
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
    """Stop gunicorn if it still runs and drop the scratch database."""
    portal.stop()
    with admin_connection(portal.db_config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{portal.db_name}" WITH (FORCE)')
