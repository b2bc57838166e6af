"""`make run` started as a newcomer starts it, on a scratch database: scripts/run.sh with a
fresh shell's environment (its own settings, DEBUG, migrate, load_demo, ensure_admin,
runserver), only the database, port and folders its own; and how to read what it serves.

Used by tests/portal/test_quick_start.py and bench/outside_checks.py.
"""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import reverse

from tests.portal.production import BROWSER, LOOPBACK, ROOT, NoRedirect, admin_connection, free_port

START_TIMEOUT = 300  # migrate, load_demo (covers drawn by Pillow) and the first answer
STOP_TIMEOUT = 30
HTTP_TIMEOUT = 30
# The variables of a fresh login shell that make run may read; nothing of the suite's own.
SHELL_VARIABLES = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")


class MakeRunFailed(Exception):
    """make run stopped or did not answer; the message ends with its output."""


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


class Portal:
    """The portal make run serves: where it listens, how to read its pages and database.

    `base` is one site's address (http://host:port); every host is reached on loopback.
    """

    def __init__(self, base, db_config, db_name, output_path, port, env=None):
        self.base = base
        self.db_config = db_config
        self.db_name = db_name
        self.output_path = output_path
        self.port = port
        self.env = env or {}  # make run's environment, for manage.py on the same database

    def on(self, domain):
        """Return the same portal, as the site whose host name is `domain`."""
        base = f"http://{domain}:{self.port}"
        return Portal(base, self.db_config, self.db_name, self.output_path, self.port, self.env)

    def output(self):
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def get(self, url):
        """Return (status, content type, body text) of a GET of `url`, redirects not followed."""
        parts = urlsplit(urljoin(self.base, url))
        # Browsers send every *.localhost name to the loopback address; urllib needs help.
        loopback = parts._replace(netloc=f"{LOOPBACK}:{self.port}").geturl()
        headers = {"User-Agent": BROWSER, "Host": parts.netloc}
        request = urllib.request.Request(loopback, headers=headers)
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
        """Return {legacy id: absolute URL, published or not} of this site's demo articles."""
        domain = urlsplit(self.base).hostname
        with admin_connection(self.db_config, self.db_name) as conn:
            rows = conn.execute(
                "SELECT a.legacy_id, a.slug FROM news_article a"
                " JOIN django_site s ON s.id = a.site_id WHERE s.domain = %s",
                [domain],
            ).fetchall()
        return {legacy_id: self.url("news:article-detail", slug) for legacy_id, slug in rows}

    def url(self, name, slug):
        return self.base + reverse(name, kwargs={"slug": slug})


def shell_environment(**overrides):
    """Return a fresh shell's environment (no variable of the suite) with `overrides`."""
    env = {k: os.environ[k] for k in SHELL_VARIABLES if k in os.environ}
    return {**env, **overrides}


@contextmanager
def served(db_config, db_name, work):
    """Serve the portal with scripts/run.sh on a new database `db_name` of the server
    `db_config`, its files in the folder `work`; yield its Portal once `/` answers 200.

    Afterwards make run gets Ctrl-C's signal and the database is dropped. Raises
    MakeRunFailed if it stops or does not answer within START_TIMEOUT.
    """
    with admin_connection(db_config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + db_name).geturl()
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
    portal = Portal(f"http://{LOOPBACK}:{port}", db_config, db_name, output_path, port, env)
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
                raise MakeRunFailed("make run dừng khi khởi động:\n" + portal.output()[-4000:])
            try:
                if portal.get("/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise MakeRunFailed(
                f"make run không trả lời sau {START_TIMEOUT} giây:\n{portal.output()}"
            )
        yield portal
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        with admin_connection(db_config) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
