"""A NUL byte anywhere in a request is refused with a Vietnamese 400, never a 500.

PostgreSQL cannot compare text holding NUL: /abc%00/ reached the old-address lookup and
answered 500 with an ERROR traceback, as did a quoted session cookie ending in "\\000"
(the session lookup) and a User-Agent with a NUL on a failed sign-in (django-axes).
"""

import pytest
from django.test import Client
from django.urls import reverse

from news.models import LegacyRedirect
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

TITLE = "Yêu cầu không hợp lệ"


@pytest.fixture
def client():
    # raise_request_exception=False: a 500 shows as a status, like a reader would get it.
    return Client(raise_request_exception=False)


def assert_refused(response):
    assert response.status_code == 400
    body = response.content.decode()
    assert TITLE in body and "Traceback" not in body


@pytest.mark.parametrize(
    "path",
    ["/abc%00/", "/%00", "/tin-tuc/%00/", "/Default.aspx%00?tabid=52", "/quan-tri/%00/"],
)
def test_nul_in_the_path_is_refused(client, path):
    """Unknown paths with %00 answer 400 (the old-address lookup never sees them)."""
    assert_refused(client.get(path))


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1", "page=1%00", "id=5&tab=%00"])
def test_nul_in_the_query_string_is_refused(client, query):
    """Search, pages and old addresses with query parameters never pass a NUL on."""
    assert_refused(client.get(f"{reverse('news:search')}?{query}"))
    assert_refused(client.get(f"/Default.aspx?{query}"))


def test_nul_in_a_quoted_session_cookie_is_refused(client):
    """A session key holding NUL (a quoted cookie's \\000) never reaches the session table."""
    client.cookies.load('sessionid="abcdefghij\\000"')
    assert_refused(client.get(reverse("admin:index")))


@pytest.mark.parametrize(
    "header", ["HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_REFERER", "HTTP_X_FORWARDED_FOR"]
)
def test_nul_in_a_header_of_a_sign_in_is_refused(client, header):
    """A failed sign-in with NUL in a header the lockout stores answers 400, not 500."""
    make_user("bientapvien", staff=True)
    data = {"username": "bientapvien", "password": "sai-mat-khau"}
    response = client.post(reverse("admin:login"), data, **{header: "Mozilla\x00/5.0"})
    assert_refused(response)


def test_requests_without_nul_are_served_as_before(client):
    """Pages, an old address and a failed sign-in still answer as they did."""
    article = make_article()
    LegacyRedirect.objects.create(
        site_id=1, old_path="/Default.aspx?ID=5&tabid=52", article=article
    )
    assert client.get(reverse("news:home")).status_code == 200
    response = client.get("/Default.aspx?tabid=52&ID=5")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get("/abc/").status_code == 404


def test_bad_host_answers_the_vietnamese_400_page(client):
    """A Host header outside ALLOWED_HOSTS gets the same Vietnamese page."""
    assert_refused(client.get(reverse("news:home"), HTTP_HOST="evil.example"))
