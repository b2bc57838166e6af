"""What bench/soak.sh found: behaviour under faults that the counting tests did not pin.

In the soak, cutting every PostgreSQL connection made a few article pages fail while
rendering: the reader got the 503 page, yet the view had been counted before the render.
Pages are now counted once rendered, so a page that fails is never counted.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from counters.spool import spool
from tests.factories import make_article

from .helpers import BROWSER_UA, article_views, site_sums

pytestmark = pytest.mark.django_db


def test_page_failing_after_the_count_is_not_counted():
    """An article page answered 503 (database lost mid-render) adds no view and no visit."""
    article = make_article()
    cut = OperationalError("terminating connection due to administrator command")
    # The menu is read from PostgreSQL while the page renders (the cache is empty), as the
    # fragments were for the pages that failed in the soak.
    with mock.patch("news.templatetags.news_tags.menu_categories", side_effect=cut):
        response = Client(HTTP_USER_AGENT=BROWSER_UA).get(article.get_absolute_url())
    assert response.status_code == 503
    spool.flush(force=True)
    assert (article_views(article), site_sums()) == (0, (0, 0))
