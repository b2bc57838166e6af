"""The province's reads across its component sites, one query each whatever their number:
"Tin từ cơ sở" and the next scheduled change of a site and its components."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article, next_scheduled_change
from news.views import latest_from_sites
from tests.factories import make_article, make_category, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards():
    province = make_site("tinh.test")
    return province, [make_site(f"phuong{n}.tinh.test", parent=province) for n in range(12)]


def test_component_news_is_the_newest_across_wards_in_one_query(wards, django_assert_num_queries):
    """The newest `count` published articles of all the wards, newest first, in one query."""
    _province, sites = wards
    now = timezone.now()
    made = []
    for n, site in enumerate(sites):
        category = make_category(site=site)
        for hours in (n, n + 30):
            made.append(
                make_article(category=category, publish_at=now - timedelta(hours=hours + 1))
            )
        make_article(category=category, status=Article.Status.DRAFT)
    expected = sorted(made, key=lambda a: (a.publish_at, a.pk), reverse=True)[:10]
    with django_assert_num_queries(1):
        found = latest_from_sites([s.pk for s in sites], count=10)
    assert [link.pk for link, _site in found] == [a.pk for a in expected]
    assert [site_id for _link, site_id in found] == [a.site_id for a in expected]


def test_next_scheduled_change_is_the_earliest_of_any_ward_in_one_query(
    wards, django_assert_num_queries
):
    """A ward's coming publication or withdrawal ends the province's pages; one query."""
    province, sites = wards
    now = timezone.now()
    soon, later = now + timedelta(hours=2), now + timedelta(hours=5)
    make_article(category=make_category(site=sites[3]), publish_at=later)
    make_article(category=make_category(site=sites[7]), unpublish_at=soon)
    ids = [province.pk, *(s.pk for s in sites)]
    with django_assert_num_queries(1):
        moment = next_scheduled_change(ids, now=now)
    assert moment == soon
    assert next_scheduled_change([sites[3].pk], now=now) == later
    assert next_scheduled_change([province.pk, sites[0].pk], now=now) is None
