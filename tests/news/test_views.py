"""Public pages: home, category, article, staff preview, error pages."""

import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from news.models import Article
from news.views import latest_per_category, server_error
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_menu_cache():
    cache.clear()
    yield
    cache.clear()


def _png_upload(name="anh-bia.png", size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def _titles_in(html, section_heading):
    """Return the link texts of the <ul> that follows the heading `section_heading`."""
    start = html.index(section_heading)
    block = html[start : html.index("</ul>", start)]
    return re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a>", block)


# Home


def test_home_shows_newest_featured_story(client):
    """The featured story is the newest published featured article, not merely the newest."""
    make_article(title="Tin nổi bật cũ", featured=True, publish_at=_ago(days=3))
    make_article(title="Tin nổi bật mới", featured=True, publish_at=_ago(days=2))
    make_article(title="Tin thường mới nhất", publish_at=_ago(hours=1))
    response = client.get(reverse("news:home"))
    assert response.context["featured"].title == "Tin nổi bật mới"


def test_home_falls_back_to_newest_when_nothing_featured(client):
    """Without any featured article, the newest published article is the featured story."""
    make_article(title="Tin cũ", publish_at=_ago(days=2))
    make_article(title="Tin mới nhất", publish_at=_ago(hours=1))
    response = client.get(reverse("news:home"))
    assert response.context["featured"].title == "Tin mới nhất"


def test_home_latest_lists_ten_newest_without_the_featured_story(client):
    """The latest news are the 10 newest articles, newest first, minus the featured story."""
    category = make_category()
    articles = [
        make_article(category=category, title=f"Tin {i:02d}", publish_at=_ago(hours=i + 1))
        for i in range(13)
    ]
    response = client.get(reverse("news:home"))
    latest = [a.pk for a in response.context["latest"]]
    assert response.context["featured"].pk == articles[0].pk
    assert latest == [a.pk for a in articles[1:11]]


def test_home_has_a_block_per_menu_category_in_menu_order(client):
    """Each top-level menu category gets a block, ordered by menu position."""
    second = make_category(name="Văn hóa xã hội", menu_position=2)
    first = make_category(name="Tin tức sự kiện", menu_position=1)
    hidden = make_category(name="Lưu trữ", menu_position=0, show_in_menu=False)
    for category in (first, second, hidden):
        make_article(category=category)
    response = client.get(reverse("news:home"))
    blocks = [c.name for c, _articles in response.context["category_blocks"]]
    assert blocks == ["Tin tức sự kiện", "Văn hóa xã hội"]


def test_home_category_block_holds_four_newest_including_subcategories(client):
    """A category block shows its 4 newest articles, its subcategories' articles included."""
    parent = make_category(name="Xây dựng Đảng")
    child = make_category(name="Chi bộ", parent=parent, show_in_menu=False)
    own = [make_article(category=parent, publish_at=_ago(hours=h)) for h in (2, 4, 6)]
    kids = [make_article(category=child, publish_at=_ago(hours=h)) for h in (1, 3, 5)]
    response = client.get(reverse("news:home"))
    (category, articles), *_ = response.context["category_blocks"]
    assert category.pk == parent.pk
    assert [a.pk for a in articles] == [kids[0].pk, own[0].pk, kids[1].pk, own[1].pk]


def test_latest_per_category_returns_each_blocks_newest_four(client):
    """Each block holds its category's newest four articles, a shared time ordered by id."""
    categories = [make_category() for _ in range(3)]
    for i in range(15):
        make_article(category=categories[i % 3], publish_at=_ago(minutes=i + 1))
    # The two newest articles share a timestamp: the id breaks the tie, the newer id first.
    same = _ago(seconds=30)
    tied = [make_article(category=categories[0], publish_at=same) for _ in range(2)]
    blocks = {c.pk: [c.pk] for c in categories}
    expected = {
        c.pk: list(
            Article.objects.filter(category=c)
            .order_by("-publish_at", "-id")
            .values_list("pk", flat=True)[:4]
        )
        for c in categories
    }
    got = latest_per_category(blocks)
    assert {k: [a.pk for a in v] for k, v in got.items()} == expected
    assert all(len(v) == 4 for v in expected.values())
    assert expected[categories[0].pk][:2] == [tied[1].pk, tied[0].pk]


# Category page


def test_category_lists_newest_first_with_subcategory_articles(client):
    """A parent category lists its own and its children's articles, newest first."""
    parent = make_category()
    child = make_category(parent=parent)
    other = make_category()
    a = make_article(category=parent, publish_at=_ago(hours=3))
    b = make_article(category=child, publish_at=_ago(hours=1))
    c = make_article(category=parent, publish_at=_ago(hours=2))
    make_article(category=other)
    response = client.get(parent.get_absolute_url())
    assert [x.pk for x in response.context["articles"]] == [b.pk, c.pk, a.pk]


def test_subcategory_page_lists_only_its_own_articles(client):
    """A subcategory lists its own articles, not its parent's or siblings'."""
    parent = make_category()
    child = make_category(parent=parent)
    sibling = make_category(parent=parent)
    mine = make_article(category=child)
    make_article(category=parent)
    make_article(category=sibling)
    response = client.get(child.get_absolute_url())
    assert [x.pk for x in response.context["articles"]] == [mine.pk]


def test_category_item_shows_thumbnail_title_date_and_lead(client):
    """A list item has the 320px cover rendition, its title, date and lead."""
    category = make_category()
    article = make_article(
        category=category,
        title="Hội nghị giao ban",
        lead="Sapo hội nghị giao ban.",
        cover=_png_upload(),
        cover_alt="Quang cảnh hội nghị",
        publish_at=timezone.make_aware(timezone.datetime(2014, 4, 7, 10, 45)),
    )
    response = client.get(category.get_absolute_url())
    html = response.content.decode()
    assert article.cover_320_webp.url in html
    assert 'alt="Quang cảnh hội nghị"' in html
    assert "Hội nghị giao ban" in html
    assert "07/04/2014" in html
    assert "Sapo hội nghị giao ban." in html


def test_category_paginates_twenty_per_page(client):
    """Category pages hold 20 articles; page 2 holds the rest."""
    category = make_category()
    for i in range(23):
        make_article(category=category, publish_at=_ago(minutes=i + 1))
    first = client.get(category.get_absolute_url())
    second = client.get(category.get_absolute_url(), {"page": 2})
    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 3
    assert 'rel="next"' in first.content.decode()


def test_unknown_category_is_404(client):
    """A slug that names no category gives the Vietnamese 404 page."""
    response = client.get(reverse("news:category-detail", kwargs={"slug": "khong-co"}))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    "page",
    ["abc", "0", "-1", "1.5", "99999999999999999999999999", "", "last", "%00", "2' OR 1=1"],
)
def test_bad_page_parameter_gives_page_or_404_never_500(client, page):
    """Any ?page= value yields a normal page or a 404, never a server error."""
    category = make_category()
    make_article(category=category)
    response = client.get(category.get_absolute_url(), {"page": page})
    assert response.status_code in (200, 404)


def test_page_past_the_end_is_404(client):
    """A page number past the last page is a 404 with the Vietnamese page."""
    category = make_category()
    make_article(category=category)
    response = client.get(category.get_absolute_url(), {"page": 5})
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


# Article page


def test_article_page_shows_breadcrumb_title_date_lead_body_byline(client, time_machine):
    """The article page has the breadcrumb nav, h1 title, original date, lead, body, byline."""
    time_machine.move_to(timezone.make_aware(timezone.datetime(2024, 1, 1, 9, 0)), tick=False)
    parent = make_category(name="Xây dựng Đảng")
    child = make_category(name="Tin tức sự kiện", parent=parent)
    article = make_article(
        category=child,
        title="Giao ban chuyên đề",
        lead="Sapo giao ban.",
        body="<p>Nội dung <strong>chính</strong>.</p>",
        byline="Ban Tổ chức Quận ủy",
        publish_at=timezone.make_aware(timezone.datetime(2014, 4, 7, 10, 45)),
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<nav class="breadcrumb" aria-label="Đường dẫn">' in html
    crumbs = html[html.index('class="breadcrumb"') : html.index("</nav>", html.index("breadcrumb"))]
    assert (
        crumbs.index("Trang chủ") < crumbs.index("Xây dựng Đảng") < crumbs.index("Tin tức sự kiện")
    )
    assert '<h1 class="article__title">Giao ban chuyên đề</h1>' in html
    assert "07 Tháng Tư 2014 10:45:00 SA" in html
    assert "Sapo giao ban." in html
    assert "<p>Nội dung <strong>chính</strong>.</p>" in html
    assert "Ban Tổ chức Quận ủy" in html


def test_article_cover_has_figure_and_caption(client):
    """A cover is shown in a figure with its caption in figcaption."""
    article = make_article(cover=_png_upload(), cover_caption="Quang cảnh hội nghị")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<figure" in html
    assert "<figcaption>Quang cảnh hội nghị</figcaption>" in html
    assert article.cover_1024_webp.url in html


def test_article_plain_text_fields_are_escaped(client):
    """Title, lead and byline are shown as text: markup in them is escaped, not run."""
    article = make_article(
        title="<script>alert(1)</script> Tin",
        lead="<b>sapo</b>",
        byline="<img src=x onerror=alert(1)>",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tin" in html
    assert "<b>sapo</b>" not in html
    assert "<img src=x" not in html


def test_newer_list_nearest_first_limited_to_five(client):
    """TIN MỚI HƠN lists the 5 nearest newer articles of the category, nearest first."""
    category = make_category()
    current = make_article(category=category, publish_at=_ago(days=10))
    newer = [
        make_article(category=category, title=f"Mới hơn {i}", publish_at=_ago(days=10 - i))
        for i in range(1, 8)
    ]
    response = client.get(current.get_absolute_url())
    assert [a.pk for a in response.context["newer"]] == [a.pk for a in newer[:5]]
    assert _titles_in(response.content.decode(), "TIN MỚI HƠN") == [
        f"Mới hơn {i}" for i in range(1, 6)
    ]


def test_older_list_nearest_first_limited_to_ten(client):
    """TIN ĐÃ ĐƯA lists the 10 nearest older articles of the category, nearest first."""
    category = make_category()
    current = make_article(category=category, publish_at=_ago(days=1))
    older = [
        make_article(category=category, title=f"Cũ hơn {i:02d}", publish_at=_ago(days=1 + i))
        for i in range(1, 14)
    ]
    response = client.get(current.get_absolute_url())
    assert [a.pk for a in response.context["older"]] == [a.pk for a in older[:10]]
    assert _titles_in(response.content.decode(), "TIN ĐÃ ĐƯA") == [
        f"Cũ hơn {i:02d}" for i in range(1, 11)
    ]


def test_newer_and_older_lists_stay_in_the_same_category(client):
    """Articles of other categories, even the parent or a sibling, are in neither list."""
    parent = make_category()
    category = make_category(parent=parent)
    sibling = make_category(parent=parent)
    current = make_article(category=category, publish_at=_ago(days=5))
    make_article(category=parent, publish_at=_ago(days=4))
    make_article(category=sibling, publish_at=_ago(days=6))
    response = client.get(current.get_absolute_url())
    assert list(response.context["newer"]) == []
    assert list(response.context["older"]) == []


def test_newer_and_older_lists_leave_out_unpublished_articles(client):
    """Drafts, scheduled and expired articles never show in the newer/older lists."""
    category = make_category()
    current = make_article(category=category, publish_at=_ago(days=5))
    make_article(category=category, status=Article.Status.DRAFT, publish_at=_ago(days=4))
    make_article(category=category, status=Article.Status.DRAFT, publish_at=_ago(days=6))
    make_article(category=category, publish_at=timezone.now() + timedelta(days=1))
    make_article(category=category, publish_at=_ago(days=7), unpublish_at=_ago(days=1))
    response = client.get(current.get_absolute_url())
    assert list(response.context["newer"]) == []
    assert list(response.context["older"]) == []


def test_equal_publish_times_neither_vanish_nor_repeat(client):
    """With equal timestamps, each other article is in exactly one of the two lists."""
    category = make_category()
    same = _ago(hours=5)
    tied = [make_article(category=category, publish_at=same) for _ in range(4)]
    current = tied[1]
    response = client.get(current.get_absolute_url())
    newer = [a.pk for a in response.context["newer"]]
    older = [a.pk for a in response.context["older"]]
    assert newer == [tied[2].pk, tied[3].pk]
    assert older == [tied[0].pk]


# Preview


def _editor():
    return make_user(staff=True, perms=["news.change_article", "news.publish_article"])


def test_preview_redirects_anonymous_to_admin_login(client):
    """An anonymous reader asking for a preview is sent to the admin sign-in page."""
    draft = make_article(status=Article.Status.DRAFT)
    url = reverse("news:article-preview", kwargs={"pk": draft.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert draft.title not in response.content.decode()


def test_preview_refuses_staff_without_change_permission(client):
    """Staff without news.change_article get 403 from the preview."""
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(staff=True))
    response = client.get(reverse("news:article-preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 403


def test_preview_refuses_non_staff_even_with_permission(client):
    """A user who is not staff cannot preview even if granted the permission."""
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(perms=["news.change_article"]))
    response = client.get(reverse("news:article-preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 403


def test_preview_shows_draft_with_banner_and_noindex(client):
    """An editor previews a draft in the article template, with a banner and noindex."""
    draft = make_article(status=Article.Status.DRAFT, title="Bài nháp chờ duyệt")
    client.force_login(_editor())
    response = client.get(reverse("news:article-preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    assert "news/article_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Bản xem trước" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "Bài nháp chờ duyệt" in html


def test_preview_sends_never_cache_headers(client):
    """The preview response forbids caching anywhere."""
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(_editor())
    response = client.get(reverse("news:article-preview", kwargs={"pk": draft.pk}))
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control
    assert "private" in cache_control


@pytest.mark.parametrize("pk", [987654, 99999999999999999999999999])
def test_preview_of_missing_article_is_404(client, pk):
    """Previewing an id that does not exist, even one past bigint, is a 404."""
    client.force_login(_editor())
    response = client.get(reverse("news:article-preview", kwargs={"pk": pk}))
    assert response.status_code == 404


def test_public_article_page_has_no_preview_banner(client):
    """Readers never see the preview banner or noindex on the public article page."""
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Bản xem trước" not in html
    assert 'name="robots"' not in html


# Error pages and the frame


@pytest.mark.parametrize(
    "path",
    [
        "/%ff/",
        "/khong-co-trang-nay/",
        "/chuyen-muc/khong-co/",
        "/tin-tuc/" + "a" * 5000 + "/",
        "/tin-tuc/%E0%A4%A/",
        "/chuyen-muc/<script>/",
    ],
)
def test_garbage_urls_get_the_vietnamese_404(client, path):
    """Garbage URLs give the Vietnamese 404 page with the menu and a link home."""
    make_category(name="Tin tức sự kiện")
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Về trang chủ" in html
    assert "Tin tức sự kiện" in html
    assert '<html lang="vi">' in html


@pytest.mark.parametrize(
    "query",
    ["page=%ff", "a=%00", "page[]=1&page=2", "%ff=%ff", "q=" + "x" * 3000, "page=1e9"],
)
def test_bad_query_strings_never_give_500(client, query):
    """Odd query strings on public pages give a page, a 404 or a 400, never a server error."""
    category = make_category()
    article = make_article(category=category)
    for url in (reverse("news:home"), category.get_absolute_url(), article.get_absolute_url()):
        response = client.get(f"{url}?{query}")
        # A NUL byte is refused as a bad request (portal.middleware.RefuseNulMiddleware).
        assert response.status_code in ((400,) if "%00" in query else (200, 404)), url


def test_server_error_page_is_vietnamese_and_reads_no_database(django_assert_num_queries):
    """The 500 page renders in Vietnamese without a single database query."""
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Hệ thống đang gặp sự cố" in html
    assert "<style" not in html
    assert 'href="/static/css/site.css"' in html


def test_every_page_has_lang_skip_link_and_landmarks(client):
    """Pages declare Vietnamese and have a skip link, header, nav, main and footer."""
    article = make_article()
    for url in (
        reverse("news:home"),
        article.category.get_absolute_url(),
        article.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert '<html lang="vi">' in html, url
        assert 'href="#noi-dung"' in html and 'id="noi-dung"' in html, url
        for tag in (
            "<header",
            '<nav class="site-nav" aria-label="Chuyên mục">',
            "<main",
            "<footer",
        ):
            assert tag in html, (url, tag)


def test_pages_load_no_third_party_assets(client):
    """No stylesheet, script, image or font comes from another host."""
    article = make_article()
    for url in (reverse("news:home"), article.get_absolute_url()):
        html = client.get(url).content.decode()
        # Absolute URLs to this very host (canonical links) are not third-party assets.
        html = html.replace("http://testserver/", "/")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), url


def test_headings_are_in_order(client):
    """Each page has exactly one h1 and never skips a heading level."""
    category = make_category()
    featured = make_article(category=category, featured=True)
    make_article(category=category)
    for url in (reverse("news:home"), category.get_absolute_url(), featured.get_absolute_url()):
        html = client.get(url).content.decode()
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels.count(1) == 1, url
        assert levels[0] == 1, url
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (url, levels)


def test_site_name_in_header(client):
    """The header shows the name of the request's site."""
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=1).update(name="Cổng thông tin điện tử Phường Bến Nghé")
    html = client.get(reverse("news:home")).content.decode()
    assert '<span class="brand__name">Cổng thông tin điện tử Phường Bến Nghé</span>' in html


def test_menu_marks_current_category(client):
    """On a category page its menu entry carries aria-current="page"."""
    category = make_category(name="Văn hóa xã hội")
    make_category(name="Kinh tế")
    html = client.get(category.get_absolute_url()).content.decode()
    assert f'<a href="{category.get_absolute_url()}" aria-current="page">Văn hóa xã hội</a>' in html


def test_menu_reflects_a_renamed_category_at_once(client):
    """Renaming a category clears the cached menu, so the next page shows the new name."""
    category = make_category(name="Tên cũ")
    assert "Tên cũ" in client.get(reverse("news:home")).content.decode()
    category.name = "Tên mới"
    category.save()
    html = client.get(reverse("news:home")).content.decode()
    assert "Tên mới" in html
    assert "Tên cũ" not in html


def test_visit_counter_and_sidebar_blocks_exist_for_counters(client):
    """The templates leave the named empty blocks the counters app fills."""

    def blocks(name):
        nodes = get_template(name).template.nodelist.get_nodes_by_type(BlockNode)
        return {node.name for node in nodes}

    assert "visit_counter" in blocks("base.html")
    assert "sidebar_extra" in blocks("news/home.html")
    assert "article_views" in blocks("news/article_detail.html")


def _deep_category(monkeypatch, per_page=2):
    """Return (a parent category, its visible articles newest first) spread over pages.

    Articles alternate between the parent and two subcategories, two share a timestamp,
    and a draft, a scheduled and a withdrawn article sit among them.
    """
    monkeypatch.setattr("news.views.CategoryDetailView.paginate_by", per_page)
    parent = make_category()
    children = [make_category(parent=parent), make_category(parent=parent)]
    every = [parent, *children]
    visible = [
        make_article(category=every[i % 3], publish_at=_ago(minutes=10 + i)) for i in range(25)
    ]
    visible.append(make_article(category=children[0], publish_at=visible[7].publish_at))
    make_article(category=parent, status=Article.Status.DRAFT, publish_at=_ago(minutes=12))
    make_article(category=children[1], publish_at=timezone.now() + timedelta(days=1))
    make_article(category=parent, publish_at=_ago(days=2), unpublish_at=_ago(days=1))
    make_article(publish_at=_ago(minutes=11))  # another category
    visible.sort(key=lambda a: (a.publish_at, a.pk), reverse=True)
    return parent, visible


def test_every_deep_category_page_shows_its_slice(client, monkeypatch):
    """Each page, the deepest included, shows exactly its slice of the category's articles
    (its subcategories' included, newest first), and past the last page is a 404."""
    parent, visible = _deep_category(monkeypatch)
    pages = (len(visible) + 1) // 2
    for number in range(1, pages + 1):
        response = client.get(parent.get_absolute_url(), {"page": number})
        assert response.context["paginator"].num_pages == pages
        shown = [a.pk for a in response.context["articles"]]
        assert shown == [a.pk for a in visible[(number - 1) * 2 : number * 2]], number
    assert client.get(parent.get_absolute_url(), {"page": pages + 1}).status_code == 404


def test_deep_category_page_is_served(client, monkeypatch):
    """Page 500 of a big category is a normal page (no cap on the number of pages)."""
    monkeypatch.setattr("news.views.CategoryDetailView.paginate_by", 1)
    category = make_category()
    articles = [make_article(category=category, publish_at=_ago(minutes=i + 1)) for i in range(501)]
    response = client.get(category.get_absolute_url(), {"page": 500})
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [articles[499].pk]
    assert "Trang 500 / 501" in response.content.decode()


def test_deep_page_links_to_first_and_last_pages(client, monkeypatch):
    """A page deep in the archive links to the first and the last page, besides its
    neighbours; the first and last pages do not link to themselves."""
    parent, visible = _deep_category(monkeypatch)
    pages = (len(visible) + 1) // 2
    url = parent.get_absolute_url()
    middle = client.get(url, {"page": 5}).content.decode()
    assert '<a href="?page=1">« Trang đầu</a>' in middle
    assert f'<a href="?page={pages}">Trang cuối »</a>' in middle
    assert f"Trang 5 / {pages}" in middle
    assert "Trang đầu" not in client.get(url).content.decode()
    assert "Trang cuối" not in client.get(url, {"page": pages}).content.decode()


def test_category_count_follows_publishing(client, monkeypatch):
    """The cached count changes when an article is published or withdrawn, so the last
    page appears and disappears with it."""
    parent, visible = _deep_category(monkeypatch)
    pages = (len(visible) + 1) // 2
    assert client.get(parent.get_absolute_url(), {"page": pages}).status_code == 200
    for article in visible[(pages - 1) * 2 :]:
        article.unpublish_at = article.publish_at + timedelta(seconds=1)
        article.save()
    assert client.get(parent.get_absolute_url(), {"page": pages}).status_code == 404


def test_parent_category_page_links_its_subcategories(client):
    """A parent category page links to each of its subcategories."""
    parent = make_category(name="Xây dựng Đảng")
    child = make_category(name="Sinh hoạt chi bộ", parent=parent)
    html = client.get(parent.get_absolute_url()).content.decode()
    assert f'<a href="{child.get_absolute_url()}">Sinh hoạt chi bộ</a>' in html


def test_print_stylesheet_prints_only_the_article():
    """site.css has a print block hiding the header, menu, lists, sidebars and footer."""
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    print_block = css[css.index("@media print") :]
    hidden = print_block[: print_block.index("display: none")]
    for selector in (".site-header", ".site-nav", ".site-footer", ".related", ".home__side"):
        assert selector in hidden, selector


def test_titles_in_the_lists_under_an_article_are_escaped(client):
    """A neighbour's title in "TIN ĐÃ ĐƯA" is text: its markup and quotes are escaped."""
    category = make_category()
    make_article(
        category=category,
        title='<img src=x onerror=alert(1)> "Tin" cũ',
        publish_at=timezone.now() - timedelta(days=2),
    )
    article = make_article(category=category)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;Tin&quot; cũ</a>" in html
