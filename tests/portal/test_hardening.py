"""Smaller hardening: Vietnamese CSRF page, bad Host at WARNING, Permissions-Policy, sessions."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
WORKING_DAY_SECONDS = 10 * 60 * 60


def test_csrf_failure_page_is_vietnamese():
    """A sign-in posted without its token gets a Vietnamese 403 page, not Django's English one."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không gửi được biểu mẫu" in body
    assert "tải lại trang" in body
    assert "CSRF verification failed" not in body and "Forbidden" not in body
    assert '<html lang="vi">' in body


def test_bad_host_is_logged_as_a_warning(client, caplog):
    """A Host outside ALLOWED_HOSTS answers 400 and logs a WARNING, not an ERROR."""
    import logging

    logger = logging.getLogger("django.security.DisallowedHost")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        response = client.get(reverse("news:home"), HTTP_HOST="quet-lo-hong.example")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 400
    assert [r.levelname for r in records] == ["WARNING"]
    assert "quet-lo-hong.example" in records[0].getMessage()


def test_permissions_policy_header_on_pages_and_admin(client):
    """Devices are off for every page and frame; only the video players go full screen."""
    for url in (reverse("news:home"), reverse("admin:login"), "/khong-co/", "/a%00/"):
        policy = client.get(url)["Permissions-Policy"]
        features = dict(item.split("=", 1) for item in policy.split(", "))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (url, feature)
        assert features["fullscreen"] == (
            '(self "https://www.youtube.com" "https://www.youtube-nocookie.com" '
            '"https://player.vimeo.com")'
        )


def test_admin_session_lasts_one_working_day_by_default(client):
    """Signing in gives a session cookie of 10 hours, not Django's two weeks."""
    assert settings.SESSION_COOKIE_AGE == WORKING_DAY_SECONDS
    password = "mat-khau-dung-123"
    make_user("bientapvien", staff=True, password=password)
    response = client.post(
        reverse("admin:login"), {"username": "bientapvien", "password": password}
    )
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == WORKING_DAY_SECONDS


def test_admin_session_length_comes_from_the_environment(tmp_path):
    """ADMIN_SESSION_HOURS=4 gives four-hour sessions."""
    package = tmp_path / "portal"
    package.mkdir()
    (package / "__init__.py").touch()
    shutil.copy(SETTINGS_FILE, package / "settings.py")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="true", ADMIN_SESSION_HOURS="4", PYTHONPATH=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.SESSION_COOKIE_AGE)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(4 * 60 * 60), result.stderr
