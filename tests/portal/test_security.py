"""Secure by default: headers, CSP, HTTPS knobs, check --deploy, sign-in lockout."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import make_article, make_user

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-dung-123"


def csp_directives(response):
    """Return the Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


class HeaderTests(TestCase):
    """Headers on public and admin pages."""

    def test_public_pages_forbid_inline_scripts(self):
        """Home, category and article pages allow our own scripts only: no unsafe-inline."""
        article = make_article()
        for url in (
            reverse("news:home"),
            article.category.get_absolute_url(),
            article.get_absolute_url(),
        ):
            with self.subTest(url=url):
                policy = csp_directives(self.client.get(url))
                self.assertEqual(policy["script-src"], ["'self'"])
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertNotIn("'unsafe-inline'", policy["style-src"])

    def test_admin_allows_inline_styles_but_not_inline_scripts(self):
        """Admin pages widen style-src for TinyMCE; script-src stays 'self'."""
        policy = csp_directives(self.client.get(reverse("admin:login")))
        self.assertIn("'unsafe-inline'", policy["style-src"])
        self.assertEqual(policy["script-src"], ["'self'"])

    def test_security_headers(self):
        """nosniff, a referrer policy and framing denied on every page."""
        response = self.client.get(reverse("news:home"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_request_id_is_returned(self):
        """Each response names its request id; a well-formed incoming one is kept."""
        response = self.client.get(reverse("news:home"), headers={"X-Request-ID": "abc123"})
        self.assertEqual(response["X-Request-ID"], "abc123")

    def test_forged_request_id_is_replaced(self):
        """A request id with spaces or newlines never reaches the log."""
        response = self.client.get(reverse("news:home"), headers={"X-Request-ID": "x\u2028y z"})
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")


def settings_in_subprocess(**env):
    """Return chosen production settings as imported by a fresh interpreter with `env`."""
    code = (
        "import json, portal.settings as s; print(json.dumps({k: getattr(s, k) for k in ("
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'ADMIN_URL')}))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    environ.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), **env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_is_on_by_default_in_production():
    """With DEBUG off and nothing set, redirect, HSTS and secure cookies are on."""
    values = settings_in_subprocess()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


def test_each_https_knob_can_be_turned_off():
    """A plain-HTTP test run turns each knob off from the environment."""
    values = settings_in_subprocess(
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False


def test_proxy_ssl_header_is_read_as_header_and_value():
    """SECURE_PROXY_SSL_HEADER="HEADER,value" becomes Django's (header, value) pair."""
    values = settings_in_subprocess(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_admin_url_is_configurable():
    """ADMIN_URL moves admin; slashes are normalised."""
    assert settings_in_subprocess()["ADMIN_URL"] == "quan-tri/"
    assert settings_in_subprocess(ADMIN_URL="/bien-tap-noi-bo")["ADMIN_URL"] == "bien-tap-noi-bo/"


def deploy_environment():
    """Return the production environment of deploy/portal.env, with a real SECRET_KEY."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    for line in (ROOT / "deploy" / "portal.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _sep, value = line.partition("=")
            environ[name] = value
    environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    return environ


def test_check_deploy_reports_nothing():
    """`manage.py check --deploy` under deploy/portal.env (docs/deploy.md) is clean."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=deploy_environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@override_settings(AXES_FAILURE_LIMIT=3)
class LockoutTests(TestCase):
    """django-axes: failed sign-ins per username and IP."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("bientapvien", staff=True, password=PASSWORD)

    def sign_in(self, password, ip="203.0.113.7", username="bientapvien"):
        return self.client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
            REMOTE_ADDR=ip,
        )

    def test_wrong_passwords_lock_the_account_from_that_address(self):
        """After the limit, even the right password is refused with a Vietnamese 429 page."""
        for _attempt in range(3):
            self.sign_in("sai-mat-khau")
        response = self.sign_in(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Tạm khóa đăng nhập", status_code=429)
        self.assertContains(response, "30 phút", status_code=429)

    def test_failures_below_the_limit_do_not_lock(self):
        """Two mistakes then the right password signs in."""
        for _attempt in range(2):
            self.sign_in("sai-mat-khau")
        self.assertEqual(self.sign_in(PASSWORD).status_code, 302)

    def test_lockout_is_per_address(self):
        """The same account from another address can still sign in."""
        for _attempt in range(3):
            self.sign_in("sai-mat-khau")
        self.assertEqual(self.sign_in(PASSWORD, ip="198.51.100.9").status_code, 302)

    def test_lockout_is_per_username(self):
        """Another account from the locked address can still sign in."""
        make_user("phongvien", staff=True, password=PASSWORD)
        for _attempt in range(3):
            self.sign_in("sai-mat-khau")
        self.assertEqual(self.sign_in(PASSWORD, username="phongvien").status_code, 302)

    def test_superuser_sees_lockouts_in_admin(self):
        """A superuser finds the locked attempt in admin."""
        for _attempt in range(3):
            self.sign_in("sai-mat-khau")
        self.assertTrue(AccessAttempt.objects.filter(username="bientapvien").exists())
        self.client.force_login(make_user(superuser=True))
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertContains(response, "203.0.113.7")
        self.assertContains(response, "Đang bị khóa")

    def test_lockout_admin_speaks_vietnamese(self):
        """The lockout pages in admin are named and labelled in Vietnamese."""
        self.client.force_login(make_user(superuser=True))
        index = self.client.get(reverse("admin:index"))
        self.assertContains(index, "Khóa đăng nhập sai")
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        for label in ("lần thử đăng nhập sai", "Theo Thời điểm thử", "Theo Đang bị khóa"):
            self.assertContains(response, label)

    def test_staff_without_permission_cannot_see_lockouts(self):
        """A staff member without axes permissions gets 403 on the lockout list."""
        self.client.force_login(make_user(staff=True, perms=["news.view_article"]))
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertEqual(response.status_code, 403)


@pytest.mark.parametrize("name", ["status", "method", "path", "request_id", "duration_ms"])
def test_json_log_line_has_request_fields(client, caplog, name, db):
    """Each request logs one JSON line holding method, path, status, duration, request id."""
    from portal.logging import JsonFormatter

    with caplog.at_level("INFO", logger="portal.request"):
        client.get("/khong-co-trang-nay/")
    records = [r for r in caplog.records if r.name == "portal.request"]
    assert len(records) == 1
    entry = json.loads(JsonFormatter().format(records[0]))
    expected = {"status": 404, "method": "GET", "path": "/khong-co-trang-nay/"}
    if name in expected:
        assert entry[name] == expected[name]
    else:
        assert entry[name]


def test_json_log_line_names_the_staff_user(client, caplog, db):
    """A staff member's requests carry their user id; a reader's carry none."""
    from portal.logging import JsonFormatter

    editor = make_user(staff=True, perms=["news.view_article"])
    client.force_login(editor)
    with caplog.at_level("INFO", logger="portal.request"):
        client.get(reverse("admin:news_article_changelist"))
    record = [r for r in caplog.records if r.name == "portal.request"][-1]
    assert json.loads(JsonFormatter().format(record))["user_id"] == editor.pk


def test_json_log_keeps_the_traceback_on_one_line():
    """An error with a traceback is still one JSON object on one line."""
    import logging

    from portal.logging import JsonFormatter

    try:
        raise ValueError("lỗi thử")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "hỏng", (), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert "ValueError: lỗi thử" in entry["exc_info"]
    assert entry["message"] == "hỏng"


def test_server_error_page_may_use_its_inline_style_but_no_inline_script(rf):
    """The 500 page's own <style> is allowed; scripts stay 'self' only."""
    from django.http import HttpResponseServerError

    from portal.middleware import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponseServerError("x"))
    response = middleware(rf.get("/"))
    policy = csp_directives(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]


def test_cache_url_options_reach_django(tmp_path):
    """CACHE_URL=redis://...?key_prefix=x&timeout=n gives Django's KEY_PREFIX and TIMEOUT."""
    code = "import json, portal.settings as s; print(json.dumps(s.CACHES['default']))"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environ.update(DEBUG="true", CACHE_URL="redis://127.0.0.1:6379/3?key_prefix=quan11&timeout=120")
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    cache = json.loads(result.stdout.strip().splitlines()[-1])
    assert (cache["KEY_PREFIX"], cache["TIMEOUT"]) == ("quan11", 120)


def test_development_log_is_plain_text_with_the_request_id():
    """LOG_FORMAT=text writes a readable line, the request id at its end, no JSON."""
    import logging

    from portal.logging import TextFormatter

    record = logging.getLogger("portal.request").makeRecord(
        "portal.request",
        logging.INFO,
        __file__,
        1,
        "GET / 200 3.1ms",
        (),
        None,
        extra={"request_id": "abc123"},
    )
    line = TextFormatter().format(record)
    assert line.endswith("INFO portal.request: GET / 200 3.1ms [abc123]")
    assert not line.startswith("{")
