"""Bot detection reads a bounded User-Agent, whatever size the client sends.

crawlerdetect's regular expressions cost time quadratic in the header's length: one fresh
8 KB User-Agent cost 4.5 s of a worker, and a few of them pushed readers' latency to
seconds. The figures are in docs/performance.md; no timing is asserted here.
"""

import pytest
from django.test import Client

from counters import reader
from counters.reader import USER_AGENT_MAX_LENGTH
from tests.counters.helpers import BROWSER_UA, GOOGLEBOT_UA, article_views, site_sums
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# What Instagram's in-app browser sends: among the longest User-Agents of real readers.
INSTAGRAM_UA = (
    "Mozilla/5.0 (Linux; Android 10; SM-G975F Build/QP1A.190711.020; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/81.0.4044.138 Mobile Safari/537.36 Instagram "
    "142.0.0.34.110 Android (29/10; 560dpi; 1440x2891; samsung; SM-G975F; beyond2; "
    "exynos9820; vi_VN; 216817344)"
)
# Letters without the browser words crawlerdetect strips first: its slowest input.
SLOW_UA = "a" * 8192


@pytest.fixture
def classified(monkeypatch):
    """Yield the list of User-Agents crawlerdetect is asked about during the test."""
    seen = []
    original = reader._crawler_detect.is_crawler

    def spy(user_agent=None):
        seen.append(user_agent)
        return original(user_agent)

    monkeypatch.setattr(reader._crawler_detect, "is_crawler", spy)
    reader._is_crawler.cache_clear()
    yield seen
    reader._is_crawler.cache_clear()


@pytest.mark.parametrize("size", [USER_AGENT_MAX_LENGTH + 1, 8192, 64 * 1024])
def test_crawlerdetect_never_sees_more_than_the_bound(client, classified, size):
    """However long the header, the classifier is handed nothing longer than the bound."""
    article = make_article()
    ua = (BROWSER_UA + " " + SLOW_UA)[:size].ljust(size, "x")
    response = Client(HTTP_USER_AGENT=ua).get(article.get_absolute_url())
    assert response.status_code == 200
    assert all(len(seen) <= USER_AGENT_MAX_LENGTH for seen in classified)


def test_an_overlong_user_agent_is_not_counted():
    """A User-Agent no browser sends is treated as a bot: page served, nothing counted."""
    article = make_article()
    response = Client(HTTP_USER_AGENT=SLOW_UA).get(article.get_absolute_url())
    assert response.status_code == 200
    assert article_views(article) == 0
    assert site_sums() == (0, 0)


def test_long_in_app_browsers_are_still_counted(classified):
    """Instagram's 290-character User-Agent is read and counted as a reader."""
    assert len(INSTAGRAM_UA) <= USER_AGENT_MAX_LENGTH
    article = make_article()
    Client(HTTP_USER_AGENT=INSTAGRAM_UA).get(article.get_absolute_url())
    assert article_views(article) == 1
    assert INSTAGRAM_UA in classified


def test_bots_within_the_bound_are_still_recognised():
    """Googlebot is still told apart from readers."""
    article = make_article()
    Client(HTTP_USER_AGENT=GOOGLEBOT_UA).get(article.get_absolute_url())
    assert article_views(article) == 0
