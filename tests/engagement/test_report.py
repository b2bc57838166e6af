"""The ratings report in the admin: per article and period, chart, CSV, scoped by site."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from engagement.models import DowntimeNotice, Link, Rating
from news.models import Article
from tests.factories import make_article, make_category, make_site, make_user

pytestmark = pytest.mark.django_db

REPORT = "admin:engagement_rating_changelist"


def give(article, useful, comment="", day=None):
    return Rating.objects.create(
        site_id=article.site_id,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=article.pk,
        day=day or date.today(),
        useful=useful,
        comment=comment,
    )


@pytest.fixture
def editor_client(client):
    editor = make_user("bientap", staff=True)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)
    return client


def test_a_rating_given_on_an_article_appears_in_the_report(editor_client):
    """Counts per article, the share found useful, the comments link, the chart."""
    from tests.engagement.conftest import ORIGIN, reader

    article = make_article(title="Hướng dẫn đăng ký khai sinh trực tuyến")
    html = reader().get(article.get_absolute_url()).content.decode()
    signed = html.split('name="muc" value="')[1].split('"')[0]
    for n, answer in enumerate(("co", "co", "khong")):
        reader(f"198.51.100.{n + 1}").post(
            reverse("engagement:rate"),
            {"muc": signed, "huu_ich": answer, "y_kien": "Rất rõ" if n == 0 else ""},
            HTTP_ORIGIN=ORIGIN,
        )
    response = editor_client.get(reverse(REPORT))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hướng dẫn đăng ký khai sinh trực tuyến" in html
    item = response.context["items"][0]
    assert (item.useful, item.not_useful, item.comments, item.useful_percent) == (2, 1, 1, 67)
    assert "<svg" in html and "engagement-chart__useful" in html


def test_the_report_shows_only_the_editors_sites(editor_client):
    """Another site's ratings are not in an editor's report, even when asked for."""
    other = make_site("khac.test")
    theirs = make_article(title="Bài của trang khác", category=make_category(site=other))
    give(theirs, True)
    give(make_article(title="Bài của trang mình"), True)
    html = editor_client.get(reverse(REPORT)).content.decode()
    assert "Bài của trang mình" in html and "Bài của trang khác" not in html
    asked = editor_client.get(reverse(REPORT), {"trang": other.pk}).content.decode()
    assert "Bài của trang khác" not in asked


def test_the_period_limits_the_report(editor_client):
    """Ratings outside the chosen period are left out."""
    article = make_article(title="Bài trong kỳ")
    give(article, True, day=date.today() - timedelta(days=40))
    response = editor_client.get(reverse(REPORT))
    assert response.context["items"] == []
    start = (date.today() - timedelta(days=45)).isoformat()
    response = editor_client.get(reverse(REPORT), {"tu_ngay": start, "den_ngay": date.today()})
    assert response.context["items"][0].useful == 1


def test_a_bad_period_is_a_vietnamese_error_not_a_500(editor_client):
    """A start after the end is explained on the page."""
    response = editor_client.get(
        reverse(REPORT), {"tu_ngay": "2026-12-01", "den_ngay": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "phải trước hoặc bằng" in response.content.decode()


def test_the_csv_has_the_articles_counts_and_views(editor_client):
    """The CSV opens in Excel as UTF-8 and lists each article with its counts."""
    article = make_article(title="=Bài có dấu bằng")
    give(article, True, "Hay")
    give(article, False)
    response = editor_client.get(reverse("admin:engagement_rating_csv"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "Tỉ lệ hữu ích (%)" in body
    assert "'=Bài có dấu bằng" in body  # never a formula
    assert ",1,1,50,1," in body


def test_comments_of_an_article_are_listed_and_exported(editor_client):
    """The comments page lists one article's comments; its CSV has them too."""
    article = make_article()
    give(article, True, "Thông tin rất hữu ích cho người dân")
    give(make_article(), False, "Góp ý về bài khác")
    query = {"loai": ContentType.objects.get_for_model(Article).pk, "ma": article.pk}
    html = editor_client.get(reverse("admin:engagement_rating_comments"), query).content.decode()
    assert "Thông tin rất hữu ích cho người dân" in html and "Góp ý về bài khác" not in html
    body = editor_client.get(reverse("admin:engagement_rating_comments_csv"), query).content
    assert "Thông tin rất hữu ích cho người dân" in body.decode()


def test_contributors_cannot_open_the_report(client):
    """The report needs the view permission on ratings: contributors have none."""
    contributor = make_user("congtacvien", staff=True)
    contributor.groups.add(Group.objects.get(name="Cộng tác viên"))
    client.force_login(contributor)
    assert client.get(reverse(REPORT)).status_code == 403


def test_nobody_adds_or_changes_ratings_in_the_admin(admin_client):
    """Ratings are readers' alone: no add page."""
    response = admin_client.post(reverse(REPORT) + "add/", {"useful": "on"})
    assert response.status_code == 404 and Rating.objects.count() == 0


def test_the_demo_adds_links_and_a_notice_ahead_once():
    """When load_demo has its sites, each gets believable links and the city portal a notice
    of a stop three weeks ahead, shown on its wards too; a rerun adds nothing."""
    from django.contrib.sites.models import Site
    from django.utils import timezone

    from engagement.notices import short_notice_warning
    from news.signals import demo_loaded

    city = Site.objects.get(pk=1)
    sites = {"tphcm": city, "minhphung": make_site("minhphung.test", parent=city)}
    demo_loaded.send(sender=None, sites=sites, now=timezone.now())
    links, notices = Link.objects.count(), DowntimeNotice.objects.count()
    assert Link.objects.filter(url="https://dichvucong.gov.vn/").count() == 2
    assert not Link.objects.filter(site=city, url="https://hochiminhcity.gov.vn/").exists()
    notice = DowntimeNotice.objects.get()
    assert notice.on_components and notice.stop_at > timezone.now()
    assert short_notice_warning(notice) is None  # announced early enough
    assert Link.objects.exclude(logo="").exists()
    demo_loaded.send(sender=None, sites=sites, now=timezone.now())
    assert (Link.objects.count(), DowntimeNotice.objects.count()) == (links, notices)
