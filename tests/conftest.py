"""Suite-wide fixtures: a headless Debian Chromium for the browser (e2e) tests, and Redis.

Browser tests carry @pytest.mark.browser. Without /usr/bin/chromium they are skipped,
and only they, with a loud line at the end of the run; under CI=true a missing Chromium
fails them instead, so CI never passes without running them (.ci/run installs it).
"""

import os
import secrets
from pathlib import Path

import pytest

# Debian's Chromium; CHROMIUM_PATH points elsewhere (or nowhere, to try the skip path).
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# As root there is no sandbox; the network flags stop Chromium from calling home, which
# this machine's closed network refuses, many times over.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi",
]
# The browser's own words (a file input's button, a form's validation bubble) in
# Vietnamese, as on an editor's office screen: Chromium takes its interface language from
# LANGUAGE on Linux, and its translations from Debian's chromium-l10n. C.UTF-8, not
# vi_VN.UTF-8, which a machine rarely has generated: without a UTF-8 locale Chromium
# mangles the Vietnamese names of the files the tests upload.
CHROMIUM_ENV = {"LANGUAGE": "vi", "LANG": "C.UTF-8"}
CHROMIUM_VIETNAMESE = Path("/usr/lib/chromium/locales/vi.pak")
# (text of the skip reason, what the warning says was skipped and how to install it)
LOUD_SKIPS = (
    ("nginx.conf", "deploy/nginx.conf vì không có nginx (cài bằng: apt-get install nginx)"),
    (
        "chromium-l10n",
        "giao diện tiếng Việt của Chromium vì không có chromium-l10n "
        "(cài bằng: apt-get install chromium-l10n)",
    ),
)
ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
SKIPPED_BROWSER_TESTS = pytest.StashKey[int]()
# Set by tests/portal/test_quick_start.py: how many addresses its crawl of make run opened.
CRAWLED_LINKS = pytest.StashKey[int]()
# The Redis database of the tests that need a shared cache; each test's keys live under a
# prefix of its own and are deleted after it. Never FLUSHDB: other checkouts' suites (and
# make bench, database 13) may be using the same Redis.
REDIS_LOCATION = "redis://127.0.0.1:6379/14"


def in_ci():
    """Return whether this run is CI (CI=true), where no browser test may be skipped."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_configure(config):
    # WhiteNoise warns once per test client that STATIC_ROOT does not exist: tests serve
    # static files from the finders and never run collectstatic.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def serialize_transactional_tests(items):
    """Give every transactional test a serialized rollback.

    A transactional test ends with a flush that empties every table, including the rows
    data migrations made (editor groups, the counters' site baseline), and then re-creates
    content types and permissions with new ids. A later test that restores the serialized
    snapshot then collides with those new rows, and one that does not finds the groups
    missing. Restoring the snapshot before every transactional test gives each the
    migrated database, whatever ran before it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


def pytest_collection_modifyitems(config, items):
    serialize_transactional_tests(items)
    config.stash[SKIPPED_BROWSER_TESTS] = 0
    if CHROMIUM.exists() or in_ci():
        return
    skip = pytest.mark.skip(reason=f"không có {CHROMIUM}: bỏ qua kiểm thử trình duyệt")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
            config.stash[SKIPPED_BROWSER_TESTS] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    crawled = config.stash.get(CRAWLED_LINKS, 0)
    if crawled:
        terminalreporter.write_line(
            f"Duyệt liên kết của make run: {crawled} địa chỉ, tất cả trả lời 200."
            if exitstatus == 0
            else f"Duyệt liên kết của make run: {crawled} địa chỉ."
        )
    # Tests that skip themselves for a missing Debian package (under CI=true they fail).
    for needle, what in LOUD_SKIPS:
        count = sum(
            needle in str(report.longrepr) for report in terminalreporter.stats.get("skipped", [])
        )
        if count:
            terminalreporter.write_sep(
                "!", f"CẢNH BÁO: ĐÃ BỎ QUA {count} KIỂM THỬ {what}", red=True, bold=True
            )
    skipped = config.stash.get(SKIPPED_BROWSER_TESTS, 0)
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"CẢNH BÁO: ĐÃ BỎ QUA {skipped} KIỂM THỬ TRÌNH DUYỆT vì không có {CHROMIUM} "
            "(cài bằng: apt-get install chromium)",
            red=True,
            bold=True,
        )


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    try:
        return (yield)
    finally:
        if pyfuncitem.get_closest_marker("browser"):
            # While Playwright runs, the test body's ORM calls get a connection of their
            # own that no fixture teardown can see; left open, it stops PostgreSQL from
            # dropping the test database at the end of the run.
            from django.db import connections

            connections.close_all()


@pytest.fixture
def browser(monkeypatch):
    """Return a headless Chromium driven by Playwright, closed after the test."""
    if not CHROMIUM.exists():
        pytest.fail(f"CI=true nhưng không có {CHROMIUM}: kiểm thử trình duyệt không được bỏ qua.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread while it runs; Django
    # would otherwise refuse the test's own ORM calls as if they came from async code.
    # Function scope: the loop and this permission end with the test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, **CHROMIUM_ENV},
        )
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts_dir():
    """Return the folder (gitignored) where browser tests save their screenshots."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(autouse=True)
def fresh_sites():
    """Start and end every test with this process's view of the sites forgotten: a test's
    rolled-back sites must not be found by the next test."""
    from multisite import sites

    sites.forget()
    yield
    sites.forget()


@pytest.fixture(autouse=True)
def fresh_counter_spool():
    """Start and end every test with an empty counters spool and IP ceiling in this process.

    A test's transaction rolls back what a flush applied, while the spool file and its
    in-memory offset would remember it: the next test must not inherit either.
    """
    from counters import guard
    from counters.spool import spool

    spool.drop()
    guard.reset()
    yield
    spool.drop()
    guard.reset()


def delete_cache_keys(client, prefix):
    """Delete every key under `prefix` (a cache's KEY_PREFIX) with redis-py `client`."""
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_cache(settings):
    """Use Redis as the cache, under a key prefix of this test only; return the prefix."""
    from django.core.cache import cache

    prefix = f"portal-test-cache-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_LOCATION,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    delete_cache_keys(cache._cache.get_client(write=True), prefix)
