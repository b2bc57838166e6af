"""A counted view is on disk before the page showing it is sent, and is applied exactly once.

The spool (counters/spool.py) is exercised as gunicorn uses it: separate processes, each
with its own spool file and PostgreSQL session, some of them killed with SIGKILL.
"""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template.response import TemplateResponse
from django.test import Client

from counters.spool import SUFFIX, unflushed_counts
from tests.factories import make_article

from .helpers import BROWSER_UA, article_daily_views, article_views, site_sums

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def run_workers(article, requests, *, die=False, processes=1, flush_seconds="0"):
    """Run stand-in workers (tests/counters/spool_worker.py) on the test database."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "COUNTER_SPOOL_DIR": settings.COUNTER_SPOOL_DIR,
        "COUNTER_FLUSH_SECONDS": flush_seconds,
        "COUNTER_MAX_PER_IP_PER_MINUTE": "0",
        "SECRET_KEY": settings.SECRET_KEY,
    }
    args = [sys.executable, "-m", "tests.counters.spool_worker"]
    args += [article.get_absolute_url(), str(requests)] + (["--die-sending-last"] if die else [])
    workers = [
        subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(processes)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        lines = out.decode().splitlines()
        shown = [int(line.split()[1]) for line in lines if line.startswith("shown ")]
        results.append((worker.returncode, shown, err.decode()))
    return results


def spool_files():
    return sorted(Path(settings.COUNTER_SPOOL_DIR).glob("*" + SUFFIX))


def test_view_is_on_disk_before_the_page_is_sent():
    """When the page's parts are filled in, its count is already in the spool file.

    Read back from the file (and PostgreSQL) as an adopting process would, so a worker
    killed while sending the page loses no count a reader saw.
    """
    from portal import pagecache

    article = make_article()
    seen_at_fill = []
    original_fill = pagecache.fill

    def fill_and_look(content, request):
        pending = unflushed_counts()
        seen_at_fill.append(
            (article_views(article) + pending["articles"][article.pk], pending["visits"])
        )
        return original_fill(content, request)

    with mock.patch.object(pagecache, "fill", fill_and_look):
        response = Client(HTTP_USER_AGENT=BROWSER_UA).get(article.get_absolute_url())
    assert response.status_code == 200
    assert seen_at_fill == [(1, 1)]
    assert article_views(article) == 1  # applied once the response was sent


def test_failed_render_is_not_counted():
    """A crash while rendering answers 500: not a view, so nothing is counted."""
    article = make_article()

    def broken_render(self):
        raise RuntimeError("worker died mid-render")

    client = Client(HTTP_USER_AGENT=BROWSER_UA, raise_request_exception=False)
    with mock.patch.object(TemplateResponse, "render", broken_render):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    assert article_views(article) == 0
    assert site_sums() == (0, 0)


def test_worker_killed_while_sending_loses_no_count():
    """SIGKILL after 20 counted views, the last one as it is sent: all 20 are applied.

    The dead worker's file stays (its lock died with it); flush_counters adopts it,
    applies what was not yet applied, exactly once, and deletes it. The 20th reader may
    not have got the page: at most one extra view per killed worker.
    """
    article = make_article()
    [(returncode, shown, _err)] = run_workers(article, 20, die=True, flush_seconds="3600")
    assert returncode == -9
    assert shown == list(range(1, 20))  # the 20th reader never got the page
    assert len(spool_files()) == 1
    assert article_views(article) < 20  # some counts were only in the dead worker's file

    call_command("flush_counters", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert article_views(article) == 20
    assert article_daily_views(article) == 20
    assert site_sums() == (20, 20)
    assert spool_files() == []

    call_command("flush_counters", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert article_views(article) == 20  # adopting again applies nothing twice


def test_live_worker_file_is_not_adopted():
    """A file whose owner is alive (lock held) is left alone by flush_counters."""
    article = make_article()
    Client(HTTP_USER_AGENT=BROWSER_UA).get(article.get_absolute_url())
    own = spool_files()
    assert len(own) == 1
    call_command("flush_counters", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert spool_files() == own
    assert article_views(article) == 1


def test_workers_counting_one_article_at_once_are_exact():
    """Four processes, 60 readers each, flushing into the same rows: exactly 240."""
    article = make_article()
    results = run_workers(article, 60, processes=4)
    assert [code for code, _shown, _err in results] == [0, 0, 0, 0], results[0][2][-2000:]
    assert article_views(article) == 240
    assert article_daily_views(article) == 240
    assert site_sums() == (240, 240)
    assert spool_files() == []  # each worker applied and deleted its file at exit
    for _code, shown, _err in results:
        assert shown == sorted(shown)  # a worker never shows a smaller total later
        assert len(shown) == 60 and shown[-1] <= 240
