"""What bench/soak.sh found: behaviour under faults that the counting tests did not pin.

In the soak, cutting every PostgreSQL connection made a few article pages fail while
rendering (a fragment not yet cached needs a query): the reader got the 503 page, yet the
view had already been spooled in ``process_template_response``, before the render, so it
was counted. The stored total then exceeds the 200 responses by one per such page.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from counters.spool import spool
from tests.factories import make_article

from .helpers import BROWSER_UA, article_views, site_sums

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(
    strict=True,
    reason="counters counts before the render; a render that then fails still counts",
)
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
