"""A lost database gives the Vietnamese 503 page, then the portal recovers by itself.

The outage is real: the connection is pointed at a 127.0.0.1 port where nothing listens,
so psycopg itself fails to connect, exactly as during a PostgreSQL restart.
"""

import socket
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from portal import views
from tests.counters.helpers import BROWSER_UA, article_views
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port():
    """Return a 127.0.0.1 port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database_unreachable():
    """Point the default connection at a dead port for the duration of the block."""
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = _closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = saved


def test_public_page_answers_503_in_vietnamese(client):
    """The home page during an outage is the 503 page, in Vietnamese, with Retry-After."""
    cache.clear()  # a home page already in the cache would still be served, as it should
    with database_unreachable():
        response = client.get(reverse("news:home"))
    assert response.status_code == 503
    body = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in body
    assert 'lang="vi"' in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]


def test_article_page_answers_503(client):
    """An article page not yet in the cache answers 503 during an outage, not 500."""
    article = make_article()
    cache.clear()
    with database_unreachable():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503


def test_cached_article_page_is_served_and_its_view_kept_through_an_outage(client):
    """A page already in the cache is still served, and its count is applied afterwards.

    Everything the page needs is cached and the view goes to the spool file, so readers
    keep reading during a PostgreSQL restart; the spooled view reaches PostgreSQL with the
    first request after it is back.
    """
    article = make_article()
    cache.clear()
    assert Client(HTTP_USER_AGENT=BROWSER_UA).get(article.get_absolute_url()).status_code == 200
    with database_unreachable():
        response = Client(HTTP_USER_AGENT=BROWSER_UA).get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Số lượt người xem" in response.content.decode()
    assert article_views(article) == 1
    Client(HTTP_USER_AGENT=BROWSER_UA).get(reverse("healthz"))  # any request flushes
    assert article_views(article) == 2


def test_admin_sign_in_answers_503(client):
    """Signing in to admin during an outage answers 503 too (the form itself needs no DB)."""
    with database_unreachable():
        response = client.post(
            reverse("admin:login"), {"username": "bientapvien", "password": "sai-mat-khau"}
        )
    assert response.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()


def test_readyz_answers_503_json(client):
    """/readyz says the database is unavailable, as JSON."""
    views._MigrationState.all_applied = False
    with database_unreachable():
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_stays_ok(client):
    """/healthz needs no database: the process is alive during the outage."""
    with database_unreachable():
        response = client.get(reverse("healthz"))
    assert response.status_code == 200


def test_outage_is_logged_as_one_warning(client, caplog):
    """The outage leaves a warning naming the error, and no traceback."""
    with database_unreachable(), caplog.at_level("WARNING", logger="portal.database"):
        client.get(reverse("news:home"))
    records = [r for r in caplog.records if r.name == "portal.database"]
    assert len(records) == 1
    assert "OperationalError" in records[0].getMessage()
    assert records[0].exc_info is None


def test_next_request_after_the_outage_succeeds(client):
    """Once the database is back, the same process serves pages again."""
    article = make_article()
    with database_unreachable():
        assert client.get(article.get_absolute_url()).status_code == 503
    assert client.get(article.get_absolute_url()).status_code == 200
