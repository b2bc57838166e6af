"""Each public page of the agency runs a fixed number of queries, whatever the site holds;
a page rendered once comes from the page cache and runs none."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from agency.models import Page
from tests.agency.factories import make_info, make_leader, make_page
from tests.factories import make_category

pytestmark = pytest.mark.django_db

# The next scheduled change of articles, downtime notices and documents, once per content
# generation (portal.pagecache.SCHEDULES).
SCHEDULE = 3
# What every page reads of its site, in one round trip (news.siteparts): the menu's
# categories (news), agency information, menu pages, footer links (agency.chrome), the
# downtime notices shown now (engagement).
SITE = 1
FRAME = SCHEDULE + SITE
PAGE_QUERIES = FRAME + 2  # the page, its ancestors and children at once
PAGE_WITH_LEADERS_QUERIES = PAGE_QUERIES + 1
LEADER_LIST_QUERIES = FRAME + 1
LEADER_QUERIES = FRAME + 1
SITE_MAP_QUERIES = FRAME + 1  # the page tree; the categories are the menu's
# The English frame has no category menu, and reads its chrome and banner the same way.
ENGLISH_FRAME = SCHEDULE + SITE
ENGLISH_HOME_QUERIES = ENGLISH_FRAME + 2  # English pages, English leaders
ENGLISH_PAGE_QUERIES = ENGLISH_FRAME + 2
ENGLISH_LEADER_QUERIES = ENGLISH_FRAME + 1

SIZES = [1, 10]


@pytest.fixture(autouse=True)
def _cold_cache(settings):
    settings.COUNTERS_ENABLED = False
    cache.clear()
    yield
    cache.clear()


def _site(n):
    """Return (a page with children, a leader) on a site with `n` of each thing."""
    make_info()
    for _ in range(n):
        make_category()
    about = make_page(title="Giới thiệu", title_en="About us", show_in_menu=True)
    for i in range(n):
        make_page(title=f"Mục {i}", title_en=f"Part {i}", parent=about)
        make_page(title=f"Trang {i}", show_in_menu=True)
    leaders = [make_leader(position_en="Vice Chairman") for _ in range(n)]
    return about, leaders[0]


def _urls(about, leader):
    return {
        "page": (about.get_absolute_url(), PAGE_QUERIES),
        "leaders": (reverse("agency:leader-list"), LEADER_LIST_QUERIES),
        "leader": (leader.get_absolute_url(), LEADER_QUERIES),
        "site-map": (reverse("agency:site-map"), SITE_MAP_QUERIES),
        "en-home": (reverse("agency:english-home"), ENGLISH_HOME_QUERIES),
        "en-page": (about.get_english_url(), ENGLISH_PAGE_QUERIES),
        "en-leaders": (reverse("agency:leader-list-en"), ENGLISH_LEADER_QUERIES),
        "en-leader": (leader.get_english_url(), ENGLISH_LEADER_QUERIES),
    }


NAMES = ["page", "leaders", "leader", "site-map", "en-home", "en-page", "en-leaders", "en-leader"]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("name", NAMES)
def test_query_count_is_pinned(client, django_assert_num_queries, name, n):
    url, count = _urls(*_site(n))[name]
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200


def test_page_with_leaders_block_costs_one_query_more(client, django_assert_num_queries):
    about, _leader = _site(3)
    about.block = Page.Block.LEADERS
    about.save()
    with django_assert_num_queries(PAGE_WITH_LEADERS_QUERIES):
        client.get(about.get_absolute_url())


@pytest.mark.parametrize("name", NAMES)
def test_cached_page_runs_no_query(client, django_assert_num_queries, name):
    url, _count = _urls(*_site(2))[name]
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
