"""Reader search: Vietnamese accent folding, ranking, filters, hostile input, visibility."""

import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.search import (
    MAX_HEAD_RESULTS,
    MAX_RESULTS,
    clean_query,
    highlight,
)
from news.text import fold
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _search(client, **params):
    response = client.get(reverse("news:search"), params)
    assert response.status_code == 200
    return response


def _titles(response):
    return [r["article"].title for r in response.context["results"]]


def test_unaccented_query_finds_accented_title(client):
    """ "chi bo dang" finds an article titled with "chi bộ Đảng"."""
    make_article(title="Nâng cao chất lượng chi bộ Đảng")
    make_article(title="Lễ hội đường phố")
    assert _titles(_search(client, q="chi bo dang")) == ["Nâng cao chất lượng chi bộ Đảng"]


def test_d_matches_d_with_stroke(client):
    """A query typed with "d" finds "đ" and a query with "đ" finds "d"."""
    make_article(title="Đường hoa xuân")
    make_article(title="Dương lịch và âm lịch")
    assert set(_titles(_search(client, q="duong"))) == {"Đường hoa xuân", "Dương lịch và âm lịch"}
    assert set(_titles(_search(client, q="đường"))) == {"Đường hoa xuân", "Dương lịch và âm lịch"}


@pytest.mark.parametrize(
    ("written", "typed"),
    [("Hòa giải ở cơ sở", "hoà"), ("Hoà giải ở cơ sở", "hòa"), ("Ủy ban phường", "uỷ ban")],
)
def test_old_and_new_tone_placement_find_each_other(client, written, typed):
    """Old-style and new-style tone placement (hòa/hoà, ủy/uỷ) match both ways."""
    make_article(title=written)
    make_article(title="Họa sĩ trẻ triển lãm")  # folds to "hoa" too, but not exact
    response = _search(client, q=typed)
    assert _titles(response)[0] == written


def test_decomposed_query_matches_composed_text(client):
    """An NFD query (decomposed diacritics) finds NFC text."""
    make_article(title="Phường Tân Bình ra quân")
    response = _search(client, q=unicodedata.normalize("NFD", "tân bình"))
    assert _titles(response) == ["Phường Tân Bình ra quân"]


def test_decomposed_text_is_found_by_composed_query(client):
    """Text stored decomposed (NFD, as some old exports are) is found by an NFC query."""
    article = make_article(title="Tạm tiêu đề")
    # A raw update bypasses save(): the trigger alone must normalize what it indexes.
    Article.objects.filter(pk=article.pk).update(
        title=unicodedata.normalize("NFD", "Kỷ niệm ngày thành lập")
    )
    assert len(_titles(_search(client, q="kỷ niệm"))) == 1


def test_exact_diacritics_rank_above_folded_match(client):
    """The article with the reader's exact diacritics ranks first, whatever its age."""
    make_article(title="Bán hàng ở chợ", publish_at=timezone.now() - timedelta(hours=1))
    make_article(title="Bàn hàng ở chợ", publish_at=timezone.now() - timedelta(days=30))
    assert _titles(_search(client, q="bàn"))[0] == "Bàn hàng ở chợ"
    assert _titles(_search(client, q="bán"))[0] == "Bán hàng ở chợ"


def test_title_match_ranks_above_lead_above_body(client):
    """The same word weighs most in the title, then the lead, then the body."""
    make_article(title="Tin một", lead="Không liên quan.", body="<p>Về phòng cháy.</p>")
    make_article(title="Tin hai", lead="Về phòng cháy chữa cháy.", body="<p>Khác.</p>")
    make_article(title="Phòng cháy mùa khô", lead="Khác.", body="<p>Khác.</p>")
    assert _titles(_search(client, q="phong chay")) == ["Phòng cháy mùa khô", "Tin hai", "Tin một"]


def test_body_html_is_searchable_without_tags(client):
    """Words in the body are found; tag names and attributes are not words."""
    make_article(title="Tin", lead="", body='<p class="x">Tiêm <strong>chủng</strong></p>')
    assert len(_titles(_search(client, q="tiem chung"))) == 1
    assert _titles(_search(client, q="strong")) == []


def test_search_index_follows_an_edit(client):
    """Editing a title updates what search finds (kept current on save)."""
    article = make_article(title="Tiêu đề cũ")
    article.title = "Khánh thành trường học"
    article.save()
    assert _titles(_search(client, q="khanh thanh")) == ["Khánh thành trường học"]
    assert _titles(_search(client, q="tieu de cu")) == []


def test_search_index_survives_an_edit_of_other_fields(client):
    """Saving an article whose text did not change keeps it findable (vectors kept)."""
    article = make_article(title="Khánh thành trường học")
    Article.objects.filter(pk=article.pk).update(byline="Ban Tuyên giáo")
    article.refresh_from_db()
    article.save()
    assert _titles(_search(client, q="khanh thanh")) == ["Khánh thành trường học"]


@pytest.mark.parametrize(
    "status_fields",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=1)},
        {
            "publish_at": timezone.now() - timedelta(days=2),
            "unpublish_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["draft", "scheduled", "withdrawn"],
)
def test_unpublished_articles_never_appear(client, status_fields):
    """Drafts, scheduled and withdrawn articles are not in the results."""
    make_article(title="Bí mật chưa đăng", **status_fields)
    assert _titles(_search(client, q="bi mat")) == []


def test_category_filter_includes_subcategories(client):
    """Filtering by a category keeps its own and its subcategories' articles only."""
    top = make_category(name="Xây dựng Đảng", slug="xay-dung-dang")
    child = make_category(name="Kiểm tra", slug="kiem-tra", parent=top)
    other = make_category(name="Kinh tế", slug="kinh-te")
    make_article(title="Hội nghị A", category=top)
    make_article(title="Hội nghị B", category=child)
    make_article(title="Hội nghị C", category=other)
    titles = _titles(_search(client, q="hoi nghi", chuyen_muc="xay-dung-dang"))
    assert sorted(titles) == ["Hội nghị A", "Hội nghị B"]


def test_date_range_uses_local_days(client):
    """From/to dates are whole local (Vietnam) days, both ends included."""
    make_article(title="Hội thao ngày 1", publish_at=datetime(2024, 3, 1, 0, 30, tzinfo=VN))
    make_article(title="Hội thao ngày 5", publish_at=datetime(2024, 3, 5, 23, 30, tzinfo=VN))
    make_article(title="Hội thao ngày 6", publish_at=datetime(2024, 3, 6, 0, 30, tzinfo=VN))
    response = _search(client, q="hoi thao", tu_ngay="2024-03-01", den_ngay="2024-03-05")
    assert sorted(_titles(response)) == ["Hội thao ngày 1", "Hội thao ngày 5"]


def test_invalid_dates_and_category_still_give_a_page(client):
    """Nonsense filters give a normal page with a message, never an error."""
    make_article(title="Hội thao")
    response = _search(client, q="hoi thao", tu_ngay="32/13/2024", chuyen_muc="khong-co")
    assert "Ngày không hợp lệ" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "chi bộ " * 2_000,
        "'; DROP TABLE news_article; --",
        "!&|:*()<->\\'\"",
        "a:* & !b | (c <-> d)",
        "😀🇻🇳 chi bộ",
        "\ufeff\u200b",
        "%_%",
    ],
    ids=[
        "empty",
        "spaces",
        "10k",
        "long-words",
        "sql",
        "operators",
        "tsquery",
        "emoji",
        "zero-width",
        "like",
    ],
)
def test_absurd_queries_give_a_normal_page(client, query):
    """Empty, huge, SQL, tsquery operators and emoji give a 200 page."""
    make_article(title="Chi bộ khu phố 3")
    response = client.get(reverse("news:search"), {"q": query})
    assert response.status_code == 200


def test_nul_byte_query_is_a_bad_request(client):
    """A NUL byte (no search box sends one) answers the Vietnamese 400 page, never a 500."""
    make_article(title="Chi bộ khu phố 3")
    response = client.get(reverse("news:search"), {"q": "khu\x00 phố"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_invalid_page_number_gives_a_page(client):
    """page=abc or a page far beyond the last gives a normal page, not a 404 or 500."""
    make_article(title="Chi bộ khu phố 3")
    for page in ("abc", "999999", "-1"):
        response = _search(client, q="chi bo", page=page)
        assert _titles(response) == ["Chi bộ khu phố 3"]


def test_results_are_paginated_and_keep_the_query(client):
    """21 matches give two pages; the next link keeps q and the filters."""
    category = make_category()
    for n in range(21):
        make_article(title=f"Phong trào số {n}", category=category)
    response = _search(client, q="phong trao")
    assert len(response.context["results"]) == 20
    assert response.context["paginator"].num_pages == 2
    assert "?q=phong+trao&amp;page=2" in response.content.decode()


def test_snippet_highlights_words_with_their_diacritics(client):
    """The snippet marks the matched words as written in the article."""
    make_article(title="Tin", lead="Hội nghị sơ kết công tác chi bộ quý I.")
    html = _search(client, q="chi bo").content.decode()
    assert "<mark>chi</mark> <mark>bộ</mark>" in html


def test_snippet_comes_from_body_when_lead_is_empty(client):
    """Without a lead, the snippet is cut from the body text, tags removed."""
    make_article(title="Tin", lead="", body="<p>Đoạn đầu.</p><p>Tiêm <b>chủng</b> mở rộng.</p>")
    html = _search(client, q="tiem chung").content.decode()
    assert "<mark>Tiêm</mark> <mark>chủng</mark> mở rộng" in html


def test_highlight_escapes_html_in_text():
    """Text with markup is escaped; only <mark> is added."""
    result = highlight("<script>alert(1)</script> chi bộ", ["chi"])
    assert "<script>" not in result
    assert "<mark>chi</mark>" in result


def test_highlight_window_cuts_around_first_match():
    """A long text is cut to the window around the first match, with ellipses."""
    text = " ".join(f"từ{n}" for n in range(200)) + " chi bộ " + "đuôi " * 100
    result = highlight(text, ["chi"], window=30)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>chi</mark>" in result


def test_clean_query_keeps_words_only():
    """Operators, NUL bytes and emoji vanish; words stay in NFC."""
    nfd = unicodedata.normalize("NFD", "bộ")
    assert clean_query(f"chi\x00 {nfd} & !x:* 😀") == "chi bộ x"


def test_fold_drops_diacritics_and_d_bar():
    """fold() lower-cases, drops diacritics and turns đ into d, whatever the tone placement."""
    assert fold("Chi Bộ ĐẢNG") == "chi bo dang"
    assert fold("Hòa") == fold("hoà") == "hoa"
    assert fold("thủy") == fold("thuỷ") == "thuy"


def test_many_matches_say_more_than_max_results(client, settings):
    """Beyond MAX_RESULTS the page says "Hơn 300": the pager never counts a whole big table."""
    category = make_category()
    Article.objects.bulk_create(
        Article(
            site_id=category.site_id,
            title=f"Giao ban số {n}",
            slug=f"giao-ban-{n}",
            category=category,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=1),
        )
        for n in range(MAX_RESULTS + 5)
    )
    response = _search(client, q="giao ban")
    # The newest 300 matches anywhere (here also the newest title matches) are paged.
    assert response.context["paginator"].count == MAX_RESULTS
    assert f"Hơn {MAX_RESULTS}" in response.content.decode()


def _bulk_articles(category, count, *, title, body="", lead="", age=timedelta(hours=1)):
    """Create `count` published articles at once (bulk_create: the trigger still runs)."""
    Article.objects.bulk_create(
        Article(
            site_id=category.site_id,
            title=f"{title} {n}",
            slug=f"bai-{fold(title).replace(' ', '-')}-{n}",
            category=category,
            lead=lead,
            body=body,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - age - timedelta(minutes=n),
        )
        for n in range(count)
    )


def test_old_title_match_is_first_among_many_newer_body_matches(client):
    """An old article titled with the words comes first, ahead of 400 newer body matches."""
    category = make_category()
    _bulk_articles(category, 400, title="Tin phường", body="<p>Họp giao ban cuối tháng.</p>")
    make_article(
        title="Giao ban công tác quý IV",
        category=category,
        publish_at=timezone.now() - timedelta(days=3 * 365),
    )
    response = _search(client, q="giao ban")
    assert _titles(response)[0] == "Giao ban công tác quý IV"


def test_old_lead_match_ranks_above_newer_body_matches(client):
    """A match in the lead ranks above body-only matches, however many newer there are."""
    category = make_category()
    _bulk_articles(category, 400, title="Tin phường", body="<p>Họp giao ban cuối tháng.</p>")
    make_article(
        title="Tin cũ",
        lead="Họp giao ban công tác quý IV.",
        category=category,
        publish_at=timezone.now() - timedelta(days=3 * 365),
    )
    make_article(
        title="Giao ban đầu năm",
        category=category,
        publish_at=timezone.now() - timedelta(days=4 * 365),
    )
    titles = _titles(_search(client, q="giao ban"))
    assert titles[:2] == ["Giao ban đầu năm", "Tin cũ"]


def test_old_exact_diacritics_title_found_among_many_newer_folded_title_matches(client):
    """ "bàn" finds an old "Bàn ..." title first, past more newer "Bán ..." titles."""
    category = make_category()
    newer = MAX_RESULTS + MAX_HEAD_RESULTS + 10  # more than both candidate lists take
    _bulk_articles(category, newer, title="Bán đấu giá tài sản")
    make_article(
        title="Bàn giải pháp phát triển",
        category=category,
        publish_at=timezone.now() - timedelta(days=3 * 365),
    )
    response = _search(client, q="bàn")
    assert _titles(response)[0] == "Bàn giải pháp phát triển"
    assert "Hơn" in response.content.decode()


def test_word_typed_plainly_ranks_the_plain_word_above_accented_ones(client):
    """ "hoa" typed without marks ranks the word "hoa" above "hòa" (which it also finds)."""
    make_article(title="Hội hoa xuân", publish_at=timezone.now() - timedelta(days=30))
    make_article(title="Hòa giải ở cơ sở", publish_at=timezone.now() - timedelta(hours=1))
    assert _titles(_search(client, q="hoa")) == ["Hội hoa xuân", "Hòa giải ở cơ sở"]


def test_title_match_ranks_above_lead_match_with_diacritics_typed(client):
    """With diacritics typed, the title still weighs above the lead."""
    make_article(title="Tin khác", lead="Phòng cháy chữa cháy mùa khô.")
    make_article(title="Phòng cháy ở khu dân cư", publish_at=timezone.now() - timedelta(days=30))
    assert _titles(_search(client, q="phòng cháy"))[0] == "Phòng cháy ở khu dân cư"


def test_search_page_is_noindex(client):
    """Search results tell robots not to index them (meta and header)."""
    response = _search(client, q="chi bo")
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


# The site's chrome in one round trip (news.siteparts: the categories for the filter and
# the menu, the agency's header and footer, the downtime banner), the count, the page of
# results, the matching documents (the documents app's box beside the articles,
# templates/portal/search_extra.html).
SEARCH_QUERIES = 4


def test_search_query_count_does_not_grow_with_results(client, django_assert_num_queries):
    """Twenty matches in twenty categories run the same four queries as one match."""
    for n in range(20):
        make_article(title=f"Thi đua {n}", category=make_category())
    _search(client, q="thi")  # reads the schedule, once per content generation
    with django_assert_num_queries(SEARCH_QUERIES):
        response = _search(client, q="thi dua")
    assert len(response.context["results"]) == 20


def test_search_query_count_is_pinned(client, django_assert_num_queries):
    """A results page: categories for the filter, the count, the page of results, documents."""
    make_article(title="Thi đua yêu nước")
    _search(client, q="yeu nuoc")  # reads the schedule, once per content generation
    with django_assert_num_queries(SEARCH_QUERIES):
        _search(client, q="thi dua")
    with django_assert_num_queries(0):
        _search(client, q="thi dua")  # the same results page, from the page cache


def test_far_dates_are_ignored_not_overflowing(client):
    """Dates like 9999-12-31 or 0001-01-01 are refused with a message, never a 500."""
    make_article(title="Hội thao")
    response = _search(client, q="hoi thao", tu_ngay="0001-01-01", den_ngay="9999-12-31")
    assert _titles(response) == ["Hội thao"]
    assert "Ngày không hợp lệ" in response.content.decode()


def test_exactly_max_results_is_not_called_more(client):
    """With exactly MAX_RESULTS matches the page gives the number, not "Hơn ..."."""
    category = make_category()
    Article.objects.bulk_create(
        Article(
            site_id=category.site_id,
            title=f"Tổng kết số {n}",
            slug=f"tong-ket-{n}",
            category=category,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=1),
        )
        for n in range(MAX_RESULTS)
    )
    html = _search(client, q="tong ket").content.decode()
    assert f"{MAX_RESULTS} kết quả" in html
    assert "Hơn" not in html
