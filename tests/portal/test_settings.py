"""portal/settings.py: safe production defaults, knobs from the environment, Vietnamese locale."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
GOOD_KEY = "k7Pq2vR9xT4mW8zB1nC6dF3gH5jL0sA-Yu_eIoQwErTyUiOpAsDfG"
REFUSAL = "SECRET_KEY phải được đặt"
# Variables the settings read: cleared so the developer's own shell cannot leak in.
KNOBS = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CACHE_URL",
    "DJANGO_SETTINGS_MODULE",
)
PRINT_SETTINGS = (
    "import json, portal.settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
    "'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS, "
    "'ENGINE': s.DATABASES['default']['ENGINE'], 'DB_NAME': s.DATABASES['default']['NAME'], "
    "'CACHE_BACKEND': s.CACHES['default']['BACKEND']}))"
)


@pytest.fixture
def import_settings(tmp_path):
    """Return a function importing a copy of portal/settings.py in a fresh interpreter.

    The copy lives in a temporary folder so that no developer's .env file is read.
    """
    package = tmp_path / "portal"
    package.mkdir()
    (package / "__init__.py").touch()
    shutil.copy(SETTINGS_FILE, package / "settings.py")

    def run(**env):
        environ = {k: v for k, v in os.environ.items() if k not in KNOBS}
        # Only a DATABASE_URL is needed to import the settings; nothing connects.
        environ["DATABASE_URL"] = "postgres://portal@db.example:5432/portal"
        environ.update(env)
        environ = {k: v for k, v in environ.items() if v is not None}
        environ["PYTHONPATH"] = str(tmp_path)
        return subprocess.run(
            [sys.executable, "-c", PRINT_SETTINGS],
            env=environ,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param("change-me-to-a-long-random-string-of-at-least-fifty-chars", id="example"),
        pytest.param("django-insecure-" + "x" * 50, id="startproject"),
        pytest.param("short-but-random-9f3a", id="short"),
    ],
)
def test_production_refuses_a_weak_secret_key(import_settings, key):
    """With DEBUG unset, an empty, placeholder or short SECRET_KEY stops the start."""
    result = import_settings(SECRET_KEY=key)
    assert result.returncode != 0
    assert REFUSAL in result.stderr


def test_production_starts_with_a_real_secret_key(import_settings):
    """With a long random SECRET_KEY the settings import, DEBUG off."""
    result = import_settings(SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DEBUG"] is False


def test_debug_is_off_unless_set(import_settings):
    """DEBUG follows the environment and is False when it is not set."""
    unset = json.loads(import_settings(SECRET_KEY=GOOD_KEY).stdout)
    on = json.loads(import_settings(SECRET_KEY=GOOD_KEY, DEBUG="true").stdout)
    assert (unset["DEBUG"], on["DEBUG"]) == (False, True)


def test_development_runs_without_a_secret_key(import_settings):
    """DEBUG=true needs no SECRET_KEY, so `make run` works in a fresh clone."""
    result = import_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_allows_no_host_by_default(import_settings):
    """Production answers no Host until ALLOWED_HOSTS says which."""
    values = json.loads(import_settings(SECRET_KEY=GOOD_KEY).stdout)
    assert values["ALLOWED_HOSTS"] == []


def test_hosts_and_origins_come_from_the_environment(import_settings):
    """ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS are comma-separated lists."""
    values = json.loads(
        import_settings(
            SECRET_KEY=GOOD_KEY,
            ALLOWED_HOSTS="quan11.example.vn,www.quan11.example.vn",
            CSRF_TRUSTED_ORIGINS="https://quan11.example.vn",
        ).stdout
    )
    assert values["ALLOWED_HOSTS"] == ["quan11.example.vn", "www.quan11.example.vn"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://quan11.example.vn"]


def test_database_url_selects_postgresql(import_settings):
    """DATABASE_URL=postgres://... makes PostgreSQL the database."""
    values = json.loads(
        import_settings(
            SECRET_KEY=GOOD_KEY, DATABASE_URL="postgres://portal@db.example:5432/cong_tt"
        ).stdout
    )
    assert (values["ENGINE"], values["DB_NAME"]) == ("django.db.backends.postgresql", "cong_tt")


def test_without_database_url_the_settings_refuse_to_load(import_settings):
    """With no DATABASE_URL the portal does not start, and says so in Vietnamese."""
    result = import_settings(DEBUG="true", DATABASE_URL=None)
    assert result.returncode != 0
    assert "Chưa đặt DATABASE_URL" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("mysql://portal@db.example/portal", id="mysql"),
        pytest.param("oracle://portal@db.example/portal", id="oracle"),
    ],
)
def test_a_database_other_than_postgresql_is_refused(import_settings, url):
    """Only PostgreSQL runs the portal: another engine stops the start with a reason."""
    result = import_settings(DEBUG="true", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL phải trỏ tới PostgreSQL" in result.stderr


def test_redis_cache_url_has_its_client_installed(import_settings):
    """CACHE_URL=redis://... selects Django's RedisCache (client reused), redis installed."""
    values = json.loads(
        import_settings(SECRET_KEY=GOOD_KEY, CACHE_URL="redis://127.0.0.1:6379/1").stdout
    )
    assert values["CACHE_BACKEND"] == "portal.cache.RedisCache"
    assert importlib.util.find_spec("redis") is not None


def test_language_is_vietnamese():
    """The interface language is Vietnamese."""
    assert settings.LANGUAGE_CODE == "vi"


def test_time_zone_is_ho_chi_minh_and_aware():
    """Times are stored aware (UTC) and shown in Asia/Ho_Chi_Minh."""
    assert (settings.TIME_ZONE, settings.USE_TZ) == ("Asia/Ho_Chi_Minh", True)
