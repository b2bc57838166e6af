"""import_legacy into one site: a dissolved district's archive goes to the ward that took
over its territory, keeps its view and visit totals, and its old addresses answer 301
on the host the operator maps to the ward (a SiteAlias), as on the ward's own host."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from counters.services import article_total, site_totals
from multisite.models import SiteAlias
from news.models import Article, Category, LegacyRedirect
from tests.counters.helpers import shown_views
from tests.factories import make_site
from tests.multisite.conftest import clear_local_cache, reader

# The importer writes from its own thread and connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-import.jsonl"
ORIGINAL_LEGACY_ID = "1234"
ORIGINAL_OLD_URL = "/Default.aspx?tabid=52&ID=1234"
ORIGINAL_VIEWS = 7168
SITE_VISITS = 36312546
WARD_HOST = "phuongminhphung.tinh.test"
OLD_DISTRICT_HOST = "quan11.tinh.test"


@pytest.fixture
def imported(tmp_path):
    """Return (province, ward) after the sample archive was imported into the ward."""
    clear_local_cache()
    province = make_site("tinh.test", name="Cổng thông tin Tỉnh Thử")
    ward = make_site(WARD_HOST, name="Phường Minh Phụng", parent=province)
    SiteAlias.objects.create(site=ward, host=OLD_DISTRICT_HOST)
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.jsonl"))
    out = io.StringIO()
    call_command("import_legacy", str(path), "--site", WARD_HOST, stdout=out, stderr=io.StringIO())
    assert "Phường Minh Phụng" in out.getvalue()
    yield province, ward
    clear_local_cache()


def test_the_archive_lands_in_the_ward_only(imported):
    """Every imported article, category and old address belongs to the ward."""
    province, ward = imported
    assert Article.objects.filter(site=ward).exists()
    assert not Article.objects.exclude(site=ward).exists()
    assert not Category.objects.filter(site=province).exists()
    assert set(LegacyRedirect.objects.values_list("site_id", flat=True)) == {ward.pk}


def test_the_imported_totals_are_the_wards(imported):
    """The original article keeps its 7168 views; the district's visits become the ward's."""
    province, ward = imported
    original = Article.objects.get(site=ward, legacy_id=ORIGINAL_LEGACY_ID)
    assert article_total(original.pk) == ORIGINAL_VIEWS
    assert site_totals([ward.pk]).visits == SITE_VISITS
    assert site_totals([province.pk]).visits == 0
    # The province's report total across its components includes them.
    assert site_totals([province.pk, ward.pk]).visits == SITE_VISITS


def test_the_ward_page_shows_the_imported_views_plus_one(imported):
    """A reader of the ward's article sees the old portal's count go on: 7169."""
    _province, ward = imported
    original = Article.objects.get(site=ward, legacy_id=ORIGINAL_LEGACY_ID)
    response = reader(WARD_HOST).get(original.get_absolute_url())
    assert shown_views(response) == ORIGINAL_VIEWS + 1


def test_an_old_address_on_the_old_district_host_is_a_301_to_the_ward(imported):
    """quan11.../Default.aspx?tabid=52&ID=1234 goes, in one hop, to the ward's article."""
    _province, ward = imported
    original = Article.objects.get(site=ward, legacy_id=ORIGINAL_LEGACY_ID)
    response = reader(OLD_DISTRICT_HOST).get(ORIGINAL_OLD_URL)
    assert response.status_code == 301
    assert response["Location"] == f"http://{WARD_HOST}{original.get_absolute_url()}"


def test_an_old_address_on_the_ward_host_is_a_301_too(imported):
    """The same old address on the ward's own host redirects to the article's path."""
    _province, ward = imported
    original = Article.objects.get(site=ward, legacy_id=ORIGINAL_LEGACY_ID)
    response = reader(WARD_HOST).get(ORIGINAL_OLD_URL)
    assert response.status_code == 301
    assert response["Location"] == original.get_absolute_url()


def test_an_old_address_is_not_found_on_the_province(imported):
    """The district's old addresses are the ward's: the province host does not know them."""
    assert reader("tinh.test").get(ORIGINAL_OLD_URL).status_code == 404


def test_any_other_path_on_the_old_district_host_goes_to_the_ward_home(imported):
    """An address the archive did not have, on the old host, goes to the ward's host."""
    response = reader(OLD_DISTRICT_HOST).get("/")
    assert response.status_code == 301
    assert response["Location"] == f"http://{WARD_HOST}/"


def test_an_import_without_a_site_is_refused_when_there_are_several(tmp_path):
    """With several sites, --site is required, and the error lists them in Vietnamese."""
    make_site("tinh.test")
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.jsonl"))
    with pytest.raises(CommandError, match="Hãy chọn trang nhận nội dung bằng --site"):
        call_command("import_legacy", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="Không có trang 'khongco.test'"):
        call_command("import_legacy", str(path), "--site", "khongco.test", stdout=io.StringIO())
    assert not Article.objects.exists()
