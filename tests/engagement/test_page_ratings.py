"""Reader ratings on the agency's pages and leaders' pages, Vietnamese and English: the same
plain form, cache, signed item, daily receipt and flood limit as articles; an English page
asks in English and rates the same item as its Vietnamese twin."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from agency.models import Leader, Page
from engagement import ratings
from engagement.models import Rating
from tests.agency.factories import make_leader, make_page
from tests.engagement.conftest import ORIGIN, reader
from tests.factories import make_article, make_site, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
QUESTION = "Thông tin này có hữu ích với bạn không?"
QUESTION_EN = "Was this information useful to you?"
SIGNED = re.compile(r'name="muc" value="([^"]+)"')
REPORT = "admin:engagement_rating_changelist"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def page():
    return make_page(
        title="Chức năng, nhiệm vụ",
        title_en="Functions and duties",
        body="<p>Ủy ban nhân dân phường thực hiện các nhiệm vụ sau.</p>",
        body_en="<p>The ward People's Committee carries out these duties.</p>",
    )


@pytest.fixture
def leader():
    return make_leader(name="Lê Văn Minh", position="Chủ tịch", position_en="Chairman")


def signed_on(url):
    """Return the signed item field of the rating form the page at `url` carries."""
    return SIGNED.search(reader().get(url).content.decode()).group(1)


def rate(url, answer="co", comment="", address="198.51.100.7", english=False, signed=None):
    """Post the rating form of the page at `url` as a browser on it would."""
    data = {"muc": signed if signed is not None else signed_on(url), "y_kien": comment}
    if answer is not None:
        data["huu_ich"] = answer
    if english:
        data["ngon_ngu"] = "en"
    return reader(address).post(reverse("engagement:rate"), data, HTTP_ORIGIN=ORIGIN)


@pytest.mark.parametrize("kind", ["page", "leader"])
def test_vietnamese_pages_end_with_the_question_and_a_plain_form(kind, page, leader):
    """An agency page and a leader's page ask the question in a POST form without a token."""
    url = (page if kind == "page" else leader).get_absolute_url()
    html = reader().get(url).content.decode()
    assert QUESTION in html and QUESTION_EN not in html
    assert f'action="{reverse("engagement:rate")}"' in html and 'method="post"' in html
    assert 'name="huu_ich" value="co"' in html and 'name="huu_ich" value="khong"' in html
    assert "csrfmiddlewaretoken" not in html and 'name="ngon_ngu"' not in html
    assert "mỗi ngày cho mỗi trang" in html


@pytest.mark.parametrize("kind", ["page", "leader"])
def test_english_pages_ask_in_english_and_rate_the_same_item(kind, page, leader):
    """The English version's form is in English, and signs the same item as its twin."""
    item = page if kind == "page" else leader
    html = reader().get(item.get_english_url()).content.decode()
    assert QUESTION_EN in html and QUESTION not in html
    assert "Yes, useful" in html and "Not useful" in html and 'name="ngon_ngu" value="en"' in html
    assert "csrfmiddlewaretoken" not in html
    assert SIGNED.search(html).group(1) == signed_on(item.get_absolute_url())


def test_a_page_with_the_form_is_cached_and_the_same_for_everyone(page):
    """The form holds nothing of a reader: the next reader gets the cached page, whose
    signed field is accepted."""
    first = reader("198.51.100.1").get(page.get_absolute_url())
    second = reader("198.51.100.2").get(page.get_absolute_url())
    assert second.from_page_cache and first.content == second.content
    english = reader("198.51.100.3").get(page.get_english_url())
    assert reader("198.51.100.4").get(page.get_english_url()).content == english.content
    signed = SIGNED.search(second.content.decode())[1]
    assert rate(page.get_absolute_url(), signed=signed).status_code == 200
    assert Rating.objects.count() == 1


def test_a_rating_of_a_page_is_stored_and_the_reader_thanked_in_vietnamese(page):
    """The rating points at the page, of its site and day; the thanks say "trang"."""
    response = rate(page.get_absolute_url(), "khong", "Nên thêm sơ đồ tổ chức.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cảm ơn bạn đã đánh giá" in html and "về trang “Chức năng, nhiệm vụ”" in html
    assert page.get_absolute_url() in html
    rating = Rating.objects.get()
    assert rating.target == page and rating.site_id == page.site_id
    assert (rating.useful, rating.comment, rating.day) == (False, "Nên thêm sơ đồ tổ chức.",
                                                           date(2026, 11, 30))  # fmt: skip


def test_a_rating_from_an_english_page_is_thanked_in_english(page):
    """Posted from the English version: the page's own rating, an English thank-you page."""
    response = rate(page.get_english_url(), "co", english=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html and "Thank you for your rating" in html
    assert "“Functions and duties”" in html and page.get_english_url() in html
    assert "Cảm ơn" not in html
    assert Rating.objects.get().target == page


def test_a_leaders_page_is_rated_as_the_leader(leader):
    """A leader's page rates the leader's item; the English one too, in English."""
    assert rate(leader.get_absolute_url()).status_code == 200
    english = rate(leader.get_english_url(), english=True, address="198.51.100.8")
    assert "“Lê Văn Minh – Chairman”" in english.content.decode()
    assert [r.target for r in Rating.objects.order_by("pk")] == [leader, leader]


def test_rating_the_vietnamese_and_the_english_page_the_same_day_counts_once(page):
    """One item, one receipt: the same reader on both versions is counted once."""
    rate(page.get_absolute_url(), "co")
    again = rate(page.get_english_url(), "khong", english=True)
    assert again.status_code == 200
    assert "was not counted again" in again.content.decode()
    assert list(Rating.objects.values_list("useful", flat=True)) == [True]


def test_a_page_and_an_article_of_the_same_id_are_different_items():
    """Receipts are per kind: rating page #n does not use up article #n."""
    article = make_article()
    page = make_page(id=article.pk)
    rate(page.get_absolute_url())
    rate(article.get_absolute_url())
    assert Rating.objects.count() == 2


def test_a_draft_page_or_another_sites_page_or_leader_cannot_be_rated(page):
    """Only what readers of this site see now: a draft, another site's page or leader and a
    deleted leader are refused in Vietnamese."""
    draft = make_page(status=Page.Status.DRAFT)
    other = make_site("khac.test")
    elsewhere = make_page(site=other)
    their_leader = make_leader(site=other)
    gone = make_leader()
    Leader.objects.filter(pk=gone.pk).delete()
    for label, pk in [("agency.page", draft.pk), ("agency.page", elsewhere.pk),
                      ("agency.leader", their_leader.pk), ("agency.leader", gone.pk)]:  # fmt: skip
        response = rate("", signed=ratings.signed_target(label, pk))
        assert response.status_code == 400
        assert "Không tìm thấy nội dung bạn muốn đánh giá" in response.content.decode()
    assert Rating.objects.count() == 0


def test_the_preview_of_a_page_has_no_rating_form(client, page):
    """Staff preview a draft that readers cannot rate: no form there."""
    client.force_login(make_user(superuser=True))
    html = client.get(reverse("agency:page-preview", args=[page.pk])).content.decode()
    assert "Bản xem trước" in html and QUESTION not in html


def test_a_forged_form_from_an_english_page_is_refused_in_english_and_vietnamese(page):
    """A tampered field: 400, the reason in English and in Vietnamese (lang="vi")."""
    response = rate(page.get_english_url(), english=True, signed="gia-mao")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The rating form is not valid" in html
    assert '<p class="rating-result__error" lang="vi">Biểu mẫu đánh giá không hợp lệ' in html


def test_a_huge_comment_from_an_english_page_comes_back_in_the_english_form(page):
    """Too long: a 400 that says so in both languages and gives the text back."""
    response = rate(page.get_english_url(), comment="Too long. " * 100, english=True)
    assert response.status_code == 400
    html = response.content.decode()
    assert "more than the 500 allowed" in html and "vượt quá 500 ký tự" in html
    assert QUESTION_EN in html and "Too long. Too long." in html
    assert Rating.objects.count() == 0


def test_a_flood_from_pages_is_stopped_with_a_vietnamese_429(page, leader, redis_cache):
    """Pages share the articles' flood limit: past it, a 429 in Vietnamese (and in English
    first, from an English page); nothing more is stored."""
    items = [page, leader] + [make_page() for _ in range(3)]
    signed = [ratings.signed_target(i._meta.label_lower, i.pk) for i in items]
    for n in range(ratings.FLOOD_LIMIT):
        assert rate("", signed=signed[n % len(signed)]).status_code == 200
    flooded = rate("", signed=signed[0])
    assert flooded.status_code == 429 and "quá nhiều đánh giá" in flooded.content.decode()
    english = rate("", signed=signed[0], english=True)
    assert english.status_code == 429
    html = english.content.decode()
    assert "too many ratings" in html and 'lang="vi">Bạn đã gửi quá nhiều đánh giá' in html
    assert Rating.objects.count() == len(items)


def test_rating_a_page_costs_what_rating_an_article_does(page, django_assert_num_queries):
    """savepoint, item, key insert, key select, receipt, rating, release, and the thank-you
    page's chrome (banner, menu and agency footer in one round trip, news.siteparts)."""
    signed = signed_on(page.get_absolute_url())
    rate("", signed=signed, address="198.51.100.50")  # makes the day's key
    with django_assert_num_queries(8):
        assert rate("", signed=signed, address="198.51.100.51").status_code == 200


# -- the admin report ---------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    editor = make_user("bientap", staff=True)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)
    return client


def give(item, useful, comment=""):
    return Rating.objects.create(
        site_id=item.site_id,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        day=date(2026, 11, 30),
        useful=useful,
        comment=comment,
    )


def test_ratings_of_pages_and_leaders_appear_in_the_report_with_their_kind(
    editor_client, page, leader
):
    """Each page and leader is a row with its kind and admin link; no views for them."""
    rate(page.get_absolute_url(), "co", "Rõ ràng")
    rate(page.get_english_url(), "khong", english=True, address="198.51.100.9")
    rate(leader.get_absolute_url(), "co")
    give(make_article(title="Bài được đánh giá"), True)
    response = editor_client.get(reverse(REPORT))
    assert response.status_code == 200
    rows = {item.title: item for item in response.context["items"]}
    about = rows["Chức năng, nhiệm vụ"]
    assert (about.kind, about.useful, about.not_useful, about.comments) == (
        "Trang giới thiệu", 1, 1, 1)  # fmt: skip
    assert about.admin_url == reverse("admin:agency_page_change", args=[page.pk])
    assert about.views is None
    assert rows["Lê Văn Minh – Chủ tịch"].kind == "Lãnh đạo"
    assert rows["Bài được đánh giá"].views == 0  # articles keep their views column
    html = response.content.decode()
    assert "Trang giới thiệu" in html and "Lãnh đạo" in html


def test_the_report_narrows_to_pages_chart_and_csv(editor_client, page, leader):
    """Choosing "Trang giới thiệu" keeps pages only, in the table, the chart and the CSV."""
    give(page, True)
    give(page, False, "Thiếu số điện thoại")
    give(leader, True)
    give(make_article(title="Bài không thuộc trang"), True)
    query = {"noi_dung": "agency.page"}
    response = editor_client.get(reverse(REPORT), query)
    assert [item.title for item in response.context["items"]] == ["Chức năng, nhiệm vụ"]
    assert (response.context["total_useful"], response.context["total_not_useful"]) == (1, 1)
    assert "<svg" in response.content.decode()
    body = editor_client.get(reverse("admin:engagement_rating_csv"), query).content.decode()
    assert body.splitlines()[0].startswith("\ufeffLoại,Mã nội dung,Tiêu đề")
    assert f"Trang giới thiệu,{page.pk},\"Chức năng, nhiệm vụ\",{page.get_absolute_url()}," \
           "1,1,50,1," in body  # fmt: skip
    assert "Bài không thuộc trang" not in body and "Lê Văn Minh" not in body


def test_the_report_of_one_page_has_its_own_chart(editor_client, page):
    """`loai` and `ma` name one page: its title heads the chart of its days only."""
    give(page, True)
    give(make_page(title="Trang khác"), False)
    query = {"loai": ContentType.objects.get_for_model(Page).pk, "ma": page.pk}
    response = editor_client.get(reverse(REPORT), query)
    html = response.content.decode()
    assert "Trang giới thiệu “Chức năng, nhiệm vụ”: đánh giá từng ngày" in html
    assert (response.context["total_useful"], response.context["total_not_useful"]) == (1, 0)


def test_an_unknown_kind_is_a_vietnamese_error_not_a_500(editor_client):
    """A kind that is not rateable is explained on the page."""
    response = editor_client.get(reverse(REPORT), {"noi_dung": "auth.user"})
    assert response.status_code == 200
    assert "Hãy chọn một loại nội dung trong danh sách." in response.content.decode()
