"""Reader ratings: one click from a cached article page, once per reader and day, nothing
of the reader stored, floods and bad forms answered in Vietnamese."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from engagement import ratings
from engagement.models import Rating, RatingKey, RatingReceipt
from news.models import Article
from tests.engagement.conftest import ORIGIN, reader
from tests.factories import make_article, make_category, make_site

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
QUESTION = "Thông tin này có hữu ích với bạn không?"
ADDRESS = "203.0.113.77"
USER_AGENT = "TrinhDuyetThuNghiem/9.9 (DanhGia)"
COOKIE = "gia-tri-cookie-bi-mat-123"
SIGNED = re.compile(r'name="muc" value="([^"]+)"')


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def article(clock):
    return make_article(title="Phường tổ chức ngày hội hiến máu tình nguyện")


def signed_field(article):
    """Return the form's signed field as the article page carries it."""
    html = reader().get(article.get_absolute_url()).content.decode()
    return SIGNED.search(html).group(1)


def rate(article=None, answer="co", comment="", address="198.51.100.7", signed=None, **extra):
    """Post a rating as a browser on this site would, and return the response."""
    data = {"muc": signed if signed is not None else signed_field(article), "y_kien": comment}
    if answer is not None:
        data["huu_ich"] = answer
    headers = {"HTTP_ORIGIN": ORIGIN, **extra}
    return reader(address).post(reverse("engagement:rate"), data, **headers)


def test_every_article_ends_with_the_question_and_a_plain_form(article):
    """The article page asks the question with a POST form, two buttons and a comment box."""
    html = reader().get(article.get_absolute_url()).content.decode()
    assert QUESTION in html
    assert f'action="{reverse("engagement:rate")}"' in html and 'method="post"' in html
    assert 'name="huu_ich" value="co"' in html and 'name="huu_ich" value="khong"' in html
    assert 'name="y_kien"' in html and "csrfmiddlewaretoken" not in html


def test_the_article_page_with_the_form_is_still_cached_and_the_same_for_everyone(article):
    """The form holds nothing of a reader: the second reader gets the cached page."""
    first = reader("198.51.100.1").get(article.get_absolute_url())
    second = reader("198.51.100.2").get(article.get_absolute_url())
    assert second.from_page_cache
    assert first.content == second.content


def test_a_rating_is_stored_and_the_reader_thanked_with_a_link_back(article):
    """One click: a rating with its comment and day, and a thank-you page back to the article."""
    response = rate(article, "co", "Bài viết rõ ràng, dễ hiểu.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cảm ơn bạn đã đánh giá" in html and article.get_absolute_url() in html
    rating = Rating.objects.get()
    assert (rating.object_id, rating.useful, rating.comment, rating.day) == (
        article.pk,
        True,
        "Bài viết rõ ràng, dễ hiểu.",
        datetime(2026, 11, 30).date(),
    )
    assert rating.target == article and rating.site_id == article.site_id


def test_the_rating_form_works_from_a_cached_page(article):
    """The signed field of a page served from the cache is accepted as well."""
    reader().get(article.get_absolute_url())
    cached = reader().get(article.get_absolute_url())
    assert cached.from_page_cache
    signed = SIGNED.search(cached.content.decode()).group(1)
    assert rate(signed=signed).status_code == 200
    assert Rating.objects.count() == 1


def test_same_reader_rating_twice_the_same_day_counts_once(article):
    """The second rating of the day from the same address is thanked but not counted."""
    assert rate(article, "co").status_code == 200
    again = rate(article, "khong", "đổi ý")
    assert again.status_code == 200
    assert "không được tính thêm" in again.content.decode()
    assert list(Rating.objects.values_list("useful", flat=True)) == [True]


def test_another_reader_counts_separately(article):
    """Two addresses, two ratings."""
    rate(article, "co", address="198.51.100.7")
    rate(article, "khong", address="198.51.100.8")
    assert Rating.objects.count() == 2


def test_the_same_reader_counts_again_the_next_day_and_yesterday_is_forgotten(article, clock):
    """A new day has a new key; the day before's key and receipts are deleted."""
    rate(article, "co")
    old_key = RatingKey.objects.get().secret
    clock.move_to(NOW + timedelta(days=1))
    rate(article, "co")
    assert Rating.objects.count() == 2
    assert list(RatingKey.objects.values_list("day", flat=True)) == [datetime(2026, 12, 1).date()]
    assert RatingKey.objects.get().secret != old_key
    assert RatingReceipt.objects.count() == 1


def test_rating_two_articles_the_same_day_counts_both(article):
    """Once per reader per item: another article is another rating."""
    other = make_article(category=article.category)
    rate(article, "co")
    rate(other, "co")
    assert Rating.objects.count() == 2


def _all_values(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        columns = [c.name for c in cursor.description]
        return columns, cursor.fetchall()


def test_no_address_user_agent_or_cookie_in_any_engagement_column(article):
    """After ratings, no column of any engagement table holds the reader's address, its
    hash as the code would key it without a daily key, the User-Agent or a cookie value."""
    reader(ADDRESS).get(article.get_absolute_url())
    client = reader(ADDRESS, HTTP_USER_AGENT=USER_AGENT)
    client.cookies["luot_xem"] = COOKIE
    data = {"muc": signed_field(article), "huu_ich": "co", "y_kien": "Góp ý có ích"}
    response = client.post(reverse("engagement:rate"), data, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    forbidden = [ADDRESS, USER_AGENT, COOKIE, ratings._address_hash(ADDRESS)]
    tables = [m._meta.db_table for m in (Rating, RatingKey, RatingReceipt)]
    tables += [t for t in connection.introspection.table_names() if t.startswith("engagement_")]
    inspected = 0
    for table in sorted(set(tables)):
        columns, rows = _all_values(table)
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                inspected += 1
                for secret in forbidden:
                    assert secret not in str(value), (table, column)
    assert inspected >= 10  # the rating's, the key's and the receipt's columns were read


def test_a_rating_keeps_no_time_of_day(article):
    """A rating has no column with a time: it could be matched with access logs."""
    fields = {f.get_internal_type() for f in Rating._meta.concrete_fields}
    assert "DateTimeField" not in fields and "TimeField" not in fields


def test_a_flood_from_one_address_is_stopped_with_a_vietnamese_429(article, redis_cache):
    """Past the limit in the shared cache, the reader is told to wait; nothing is stored."""
    articles = [article] + [make_article(category=article.category) for _ in range(3)]
    signed = [ratings.signed_target("news.article", a.pk) for a in articles]
    for n in range(ratings.FLOOD_LIMIT):
        assert rate(signed=signed[n % len(signed)]).status_code == 200
    flooded = rate(signed=signed[0])
    assert flooded.status_code == 429
    assert "quá nhiều đánh giá" in flooded.content.decode()
    assert rate(signed=signed[0], address="198.51.100.99").status_code == 200  # others rate


def test_the_flood_limit_is_shared_by_every_worker(article, redis_cache):
    """The count lives in Redis: a second client of the same cache sees the same count."""
    from django.core.cache.backends.redis import RedisCache

    from tests.conftest import REDIS_LOCATION

    rate(article)
    other = RedisCache(REDIS_LOCATION, {"KEY_PREFIX": redis_cache})
    window = int(NOW.timestamp()) // ratings.FLOOD_WINDOW_SECONDS
    key = ratings.FLOOD_KEY.format(address=ratings._address_hash("198.51.100.7"), window=window)
    assert other.get(key) == 1  # the one POST; reading the article page counts nothing


@pytest.mark.parametrize(
    ("signed", "message"),
    [
        ("khong-phai-chu-ky", "Biểu mẫu đánh giá không hợp lệ"),
        ("", "Biểu mẫu đánh giá không hợp lệ"),
        ("x" * 5000, "Biểu mẫu đánh giá không hợp lệ"),
    ],
)
def test_a_forged_form_is_refused_in_vietnamese(article, signed, message):
    """A field that was not signed by the portal is a 400 with a Vietnamese page."""
    response = rate(signed=signed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Rating.objects.count() == 0


def test_a_field_signed_for_another_kind_is_refused(article):
    """A correctly signed value of another shape or kind is refused, no 500."""
    bad = [
        ratings.signed_target("auth.user", 1),
        ratings.signing.dumps("chuoi", salt=ratings.SIGNING_SALT),
        ratings.signing.dumps(["news.article", True], salt=ratings.SIGNING_SALT),
    ]
    for signed in bad:
        assert rate(signed=signed).status_code == 400
    assert Rating.objects.count() == 0


def test_an_unknown_or_unpublished_item_is_refused_in_vietnamese(article):
    """A deleted article, a draft or another site's article cannot be rated."""
    draft = make_article(status=Article.Status.DRAFT, category=article.category)
    other_site = make_site("khac.test")
    elsewhere = make_article(category=make_category(site=other_site))
    for pk in (999_999, draft.pk, elsewhere.pk):
        response = rate(signed=ratings.signed_target("news.article", pk))
        assert response.status_code == 400
        assert "Không tìm thấy nội dung bạn muốn đánh giá" in response.content.decode()
    assert Rating.objects.count() == 0


def test_a_huge_comment_is_refused_and_shown_back(article):
    """A comment over the limit is a 400 that says so and gives the text back in the form."""
    comment = "Ý kiến rất dài. " * 200
    response = rate(article, "co", comment)
    assert response.status_code == 400
    html = response.content.decode()
    assert "vượt quá 500 ký tự" in html
    assert "Ý kiến rất dài. Ý kiến rất dài." in html and 'name="muc"' in html
    assert Rating.objects.count() == 0


def test_a_megabyte_comment_is_refused_without_a_500(article):
    """A comment of a megabyte is still a Vietnamese 400, never a 500."""
    response = rate(article, "co", "a" * 1_000_000)
    assert response.status_code == 400
    assert "vượt quá" in response.content.decode()


def test_a_post_from_another_site_is_refused(article):
    """Another origin cannot make its visitors' browsers rate: 403, in Vietnamese."""
    signed = signed_field(article)
    response = rate(signed=signed, HTTP_ORIGIN="https://trang-la.example")
    assert response.status_code == 403
    assert "chỉ được gửi từ trang của cổng thông tin này" in response.content.decode()
    no_origin = reader().post(reverse("engagement:rate"), {"muc": signed, "huu_ich": "co"})
    assert no_origin.status_code == 403
    assert Rating.objects.count() == 0


def test_a_referer_of_this_site_is_enough_without_origin(article):
    """A browser that sends no Origin but a Referer of this site can rate."""
    signed = signed_field(article)
    response = reader().post(
        reverse("engagement:rate"),
        {"muc": signed, "huu_ich": "khong"},
        HTTP_REFERER=f"{ORIGIN}{article.get_absolute_url()}",
    )
    assert response.status_code == 200


def test_no_answer_is_refused_and_the_comment_kept(article):
    """Without "Có" or "Không" the form comes back with the comment."""
    response = rate(article, None, "Chưa chọn")
    assert response.status_code == 400
    assert "Hãy chọn “Có” hoặc “Không”" in response.content.decode()
    assert "Chưa chọn" in response.content.decode()


def test_get_is_not_allowed(article):
    """The endpoint takes POST only."""
    assert reader().get(reverse("engagement:rate")).status_code == 405


def test_a_rating_costs_a_fixed_number_of_queries(article, django_assert_num_queries):
    """Rating: the item, the day's key (insert, then delete the older ones on a new day;
    select on later ratings), the receipt, the rating, and the thank-you page's chrome
    (menu, banner and agency footer in one round trip, news.siteparts)."""
    signed = signed_field(article)
    rate(signed=signed, address="198.51.100.50")  # makes the day's key
    # savepoint, item, key insert, key select, receipt, rating, release, the site's chrome
    with django_assert_num_queries(8):
        assert rate(signed=signed, address="198.51.100.51").status_code == 200
