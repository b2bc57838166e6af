"""The site's chrome (menu categories, agency, notices shown now) in one round trip."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agency.chrome import chrome
from agency.models import AgencyInfo
from engagement.models import DowntimeNotice
from engagement.notices import notices_of
from news.siteparts import register_site_part, site_part, with_site_parts
from news.templatetags.news_tags import menu_categories
from tests.factories import FIRST_SITE_ID, make_category

pytestmark = pytest.mark.django_db


def _request(site=True):
    from django.contrib.sites.models import Site

    request = RequestFactory().get("/")
    request.site = Site.objects.get(pk=FIRST_SITE_ID) if site else None
    return request


def test_every_part_comes_from_one_round_trip():
    top = make_category(name="Thời sự")
    make_category(name="Trong nước", parent=top)
    AgencyInfo.objects.update_or_create(
        site_id=FIRST_SITE_ID, defaults={"full_name": "Ủy ban nhân dân phường"}
    )
    now = timezone.now()
    shown = DowntimeNotice.objects.create(
        site_id=FIRST_SITE_ID,
        message="Cổng tạm ngừng để nâng cấp.",
        show_from=now - timedelta(hours=1),
        stop_at=now + timedelta(days=8),
        restore_at=now + timedelta(days=8, hours=2),
    )
    request = _request()
    with CaptureQueriesContext(connection) as queries:
        assert [c.name for c in menu_categories(request)] == ["Thời sự"]
        assert chrome(request).info.full_name == "Ủy ban nhân dân phường"
        assert [n.pk for n in notices_of(request)] == [shown.pk]
        assert [c.name for c in menu_categories(request, all_levels=True)] == [
            "Thời sự",
            "Trong nước",
        ]
    assert len(queries) == 1


def test_a_request_without_a_site_reads_nothing():
    request = _request(site=False)
    with CaptureQueriesContext(connection) as queries:
        assert menu_categories(request) == []
        assert chrome(request).info is None
        assert notices_of(request) == []
    assert len(queries) == 0


def test_a_pages_own_statement_rides_with_the_parts():
    """with_site_parts(): the page's rows and every part in one round trip; once the parts
    are read, the page's next statement goes alone; without a site, no part is read."""
    make_category(name="Thời sự")
    request = _request()
    with CaptureQueriesContext(connection) as queries:
        assert with_site_parts(request, "SELECT %s, %s", [7, "bảy"]) == [(7, "bảy")]
        assert [c.name for c in menu_categories(request)] == ["Thời sự"]
        assert chrome(request).info is None
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert with_site_parts(request, "SELECT %s", [8]) == [(8,)]
        assert [c.name for c in menu_categories(request)] == ["Thời sự"]
    assert len(queries) == 1
    request = _request(site=False)
    with CaptureQueriesContext(connection) as queries:
        assert with_site_parts(request, "SELECT %s", [9]) == [(9,)]
        assert menu_categories(request) == []
    assert len(queries) == 1
    with pytest.raises(ValueError):
        with_site_parts(request, "SELECT 1; SELECT 2", [])


def test_a_part_is_one_statement():
    with pytest.raises(ValueError):
        register_site_part("x", "SELECT 1; SELECT 2", list, list, list)
    with pytest.raises(KeyError):
        site_part(_request(site=False), "khong-co")


def test_an_articles_files_come_with_its_lists():
    from documents.samples import pdf_bytes
    from documents.templatetags.documents_tags import article_files
    from news.views import related_articles
    from tests.factories import make_article, make_attachment

    article = make_article()
    attached = make_attachment(pdf_bytes("Phụ lục", ["Nội dung."]), article=article)
    with CaptureQueriesContext(connection) as queries:
        related_articles(article)
        assert [f.pk for f in article_files(article)] == [attached.pk]
    assert len(queries) == 1
    # An article whose lists were not read (another page shows it): its own query.
    again = type(article).objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        assert [f.pk for f in article_files(again)] == [attached.pk]
    assert len(queries) == 1
