"""Settings for the test suite: PostgreSQL always, a throwaway media folder, a random key."""

import os
import secrets
import tempfile

from scripts.postgres import database_name

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
# make test sets DATABASE_URL (scripts/postgres.py); a bare pytest gets the same database
# as make test on the local server, named after this checkout.
LOCAL_TEST_DATABASE = f"postgres://postgres@127.0.0.1:5432/{database_name('test')}"
os.environ.setdefault("DATABASE_URL", LOCAL_TEST_DATABASE)
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="portal-test-media-"))
os.environ.setdefault("ATTACHMENT_ROOT", tempfile.mkdtemp(prefix="portal-test-files-"))
os.environ.setdefault("COUNTER_SPOOL_DIR", tempfile.mkdtemp(prefix="portal-test-spool-"))
# Spooled counts are applied at the end of every request, so a test reads them at once.
os.environ.setdefault("COUNTER_FLUSH_SECONDS", "0")
# The test client speaks plain HTTP; tests/portal checks the HTTPS defaults themselves.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from portal.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost", ".test", ".localhost"]
# The test client's "testserver" is the installation's first (root) site; tests of other
# hosts make their own sites (tests/multisite).
UNKNOWN_HOST_SITE = "root"
# Sites are forgotten between tests (tests/conftest.py), never in the middle of one.
MULTISITE_TREE_SECONDS = 3600
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
