"""The page cache (portal.pagecache): readers' pages kept whole, fresh after every change,
each reader's own parts filled in, and nothing of one reader ever served to another."""

import pickle
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import constants as message_levels
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from news.models import Article
from portal import pagecache
from tests.conftest import REDIS_LOCATION
from tests.counters.helpers import BROWSER_UA
from tests.factories import make_article, make_category, make_document, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
SOON = NOW + timedelta(minutes=10)
SECOND = timedelta(seconds=1)
VIEWS_SHOWN = re.compile(r'Số lượt người xem: <strong class="article-views__number">(\d+)</strong>')


@pytest.fixture(autouse=True)
def _clock_and_cache(settings):
    settings.COUNTERS_ENABLED = False
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
    cache.clear()


@pytest.fixture
def page(_clock_and_cache):
    """Return (a middle article of a category, an older one, the category, the clock)."""
    category = make_category()
    older = make_article(category=category, publish_at=NOW - timedelta(days=2))
    article = make_article(category=category, publish_at=NOW - timedelta(days=1))
    return article, older, category, _clock_and_cache


def reader(**extra):
    """Return a new reader: a browser with no cookies."""
    return Client(HTTP_USER_AGENT=BROWSER_UA, **extra)


def test_second_request_is_served_from_the_cache_without_a_query(page, django_assert_num_queries):
    """A page already rendered comes back whole from the cache: no query, no view."""
    article, *_ = page
    url = article.get_absolute_url()
    assert not getattr(reader().get(url), "from_page_cache", False)
    with django_assert_num_queries(0):
        response = reader().get(url)
    assert response.status_code == 200
    assert response.from_page_cache
    assert article.title in response.content.decode()


@pytest.mark.parametrize("name", ["home", "category", "article", "search", "feed", "sitemap"])
def test_every_readers_page_is_kept(page, name):
    """Home, category, article, search, feeds and sitemaps all come from the cache the
    second time."""
    article, _older, category, _clock = page
    url = {
        "home": reverse("news:home"),
        "category": category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": reverse("news:search") + "?q=tin",
        "feed": reverse("news:feed"),
        "sitemap": reverse("sitemap-index"),
    }[name]
    first = reader().get(url)
    second = reader().get(url)
    assert first.status_code == second.status_code == 200
    assert second.from_page_cache
    assert second["Content-Type"] == first["Content-Type"]


def test_editors_save_shows_at_once(page):
    """Saving a new title changes the page readers get on their very next request."""
    article, *_ = page
    url = article.get_absolute_url()
    reader().get(url)
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert "Tiêu đề đã sửa" in reader().get(url).content.decode()


def test_renamed_category_shows_in_every_cached_menu_at_once(page):
    """A category's new name shows on pages cached before the rename."""
    article, _older, category, _clock = page
    home = reverse("news:home")
    reader().get(home)
    reader().get(article.get_absolute_url())
    category.name = "Tin tức sự kiện mới"
    category.save()
    assert "Tin tức sự kiện mới" in reader().get(home).content.decode()
    assert "Tin tức sự kiện mới" in reader().get(article.get_absolute_url()).content.decode()


def test_bulk_unpublish_in_admin_shows_at_once(client, page):
    """admin's unpublish action (update(), no model signal) still refreshes cached pages."""
    article, *_ = page
    home = reverse("news:home")
    assert article.title in reader().get(home).content.decode()
    client.force_login(make_user(superuser=True))
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [article.pk], "index": 0},
    )
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert article.title not in reader().get(home).content.decode()
    assert reader().get(article.get_absolute_url()).status_code == 404


def test_importer_batch_shows_at_once(page, tmp_path):
    """An import (raw SQL, no model save) shows on cached pages at once."""
    import json

    from news.importer import LegacyImporter

    _article, _older, category, _clock = page
    home = reverse("news:home")
    reader().get(home)
    export = tmp_path / "export.jsonl"
    line = {
        "type": "article",
        "legacy_id": "imp-1",
        "title": "Tin nhập từ cổng cũ",
        "category": category.name,
        "published_at": (NOW - timedelta(hours=1)).isoformat(),
        "body": "<p>Nội dung.</p>",
    }
    export.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    LegacyImporter(export, site=Site.objects.get(pk=1)).run(workers=0)
    assert "Tin nhập từ cổng cũ" in reader().get(home).content.decode()


def test_scheduled_article_appears_in_cached_pages_at_its_publish_at(page):
    """A sibling scheduled for SOON is missing before SOON everywhere and listed from SOON."""
    article, _older, category, clock = page
    scheduled = make_article(category=category, title="Tin hẹn giờ đăng", publish_at=SOON)
    urls = [article.get_absolute_url(), reverse("news:home"), category.get_absolute_url()]
    clock.move_to(SOON - SECOND)
    for url in urls:
        assert scheduled.title not in reader().get(url).content.decode()
        assert scheduled.title not in reader().get(url).content.decode()  # from the cache
    assert reader().get(scheduled.get_absolute_url()).status_code == 404
    clock.move_to(SOON)
    for url in urls:
        assert scheduled.title in reader().get(url).content.decode()
    assert reader().get(scheduled.get_absolute_url()).status_code == 200


def test_a_page_rendered_before_a_save_commits_does_not_outlive_the_commit(
    page, django_capture_on_commit_callbacks
):
    """Between a save and its commit another reader renders the old rows and stores them
    under the generation the save moved to (here: a page stored inside the transaction);
    the commit moves the generation again, so that page is never served."""
    article, *_ = page
    url = article.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.title = "Tiêu đề đã sửa"
        article.save()
        reader().get(url)
    assert not getattr(reader().get(url), "from_page_cache", False)


def test_scheduled_document_appears_in_cached_lists_at_its_publish_at(page):
    """A document published at SOON is in the cached documents list from SOON on."""
    _article, _older, _category, clock = page
    document = make_document(summary="Văn bản hẹn giờ đăng", publish_at=SOON)
    url = reverse("documents:list")
    clock.move_to(SOON - SECOND)
    assert document.summary not in reader().get(url).content.decode()
    assert reader().get(url).from_page_cache
    clock.move_to(SOON)
    assert document.summary in reader().get(url).content.decode()


def test_withdrawn_article_leaves_cached_pages_at_its_unpublish_at(page):
    """An article withdrawn at SOON is shown before SOON and gone from every page from SOON."""
    article, older, _category, clock = page
    older.unpublish_at = SOON
    older.save()
    urls = [article.get_absolute_url(), reverse("news:home")]
    clock.move_to(SOON - SECOND)
    for url in urls:
        assert older.title in reader().get(url).content.decode()
        assert older.title in reader().get(url).content.decode()  # from the cache
    assert reader().get(older.get_absolute_url()).status_code == 200
    clock.move_to(SOON)
    for url in urls:
        assert older.title not in reader().get(url).content.decode()
    assert reader().get(older.get_absolute_url()).status_code == 404


def test_an_article_page_is_kept_past_a_minute_and_no_longer_than_page_seconds(page, redis_cache):
    """Nothing on an article page changes without a save or a schedule: it outlives the
    minute a ranking page gets, so a long-tail article read every few minutes is served
    from the cache; PAGE_SECONDS still bounds what a missed invalidation could leave."""
    article, _older, _category, clock = page
    url = article.get_absolute_url()
    reader().get(url)
    clock.move_to(NOW + timedelta(seconds=pagecache.RANKING_SECONDS + 1))
    assert reader().get(url).from_page_cache
    clock.move_to(NOW + timedelta(seconds=pagecache.PAGE_SECONDS - 1))
    assert reader().get(url).from_page_cache
    clock.move_to(NOW + timedelta(seconds=pagecache.PAGE_SECONDS + 1))
    assert not getattr(reader().get(url), "from_page_cache", False)


def test_with_a_cache_of_each_process_pages_live_a_minute(page):
    """Local memory is each worker's own: another worker would never see a save, so no
    page outlives PROCESS_CACHE_SECONDS there (make run; production without Redis)."""
    article, _older, _category, clock = page
    url = article.get_absolute_url()
    reader().get(url)
    clock.move_to(NOW + timedelta(seconds=pagecache.PROCESS_CACHE_SECONDS - 1))
    assert reader().get(url).from_page_cache
    clock.move_to(NOW + timedelta(seconds=pagecache.PROCESS_CACHE_SECONDS + 1))
    assert not getattr(reader().get(url), "from_page_cache", False)


def test_the_home_page_with_rankings_is_rendered_again_each_minute(page, redis_cache):
    """ "Tin xem nhiều" changes with views, without a save: the home page lives a minute."""
    _article, _older, _category, clock = page
    url = reverse("news:home")
    reader().get(url)
    clock.move_to(NOW + timedelta(seconds=pagecache.RANKING_SECONDS - 1))
    assert reader().get(url).from_page_cache
    clock.move_to(NOW + timedelta(seconds=pagecache.RANKING_SECONDS + 1))
    assert not getattr(reader().get(url), "from_page_cache", False)


def test_unknown_query_parameters_share_the_page_and_declared_ones_split_it(page):
    """?fbclid=... is the same article page; ?page=2 of a category is another page."""
    article, _older, category, _clock = page
    reader().get(article.get_absolute_url())
    tracked = reader().get(article.get_absolute_url() + "?fbclid=abc&utm_source=zalo")
    assert tracked.from_page_cache
    for _ in range(25):
        make_article(category=category)
    first = reader().get(category.get_absolute_url())
    second = reader().get(category.get_absolute_url() + "?page=2")
    assert not getattr(second, "from_page_cache", False)
    assert first.content != second.content


def test_each_reader_sees_their_own_count_on_a_cached_page(page, settings):
    """Two new readers of one cached page see 1 then 2: the count is filled per request."""
    settings.COUNTERS_ENABLED = True
    article, _older, _category, clock = page
    url = article.get_absolute_url()
    first = reader(REMOTE_ADDR="10.0.0.1").get(url)
    # Time passes between two readers. Frozen, the wall clock made the total the page
    # was stored with look as young as the one this process read after applying the first
    # view (the monotonic clock runs on), so the older reading was taken: 1, not 2.
    clock.shift(timedelta(seconds=1))
    second = reader(REMOTE_ADDR="10.0.0.2").get(url)
    assert second.from_page_cache
    assert VIEWS_SHOWN.search(first.content.decode()).group(1) == "1"
    assert VIEWS_SHOWN.search(second.content.decode()).group(1) == "2"


def test_content_cannot_write_a_per_request_marker(page, settings):
    """A body or title holding marker-like text never becomes a per-request part."""
    settings.COUNTERS_ENABLED = True
    token = pagecache._token(settings.SECRET_KEY)
    forged = f"<!--pr:{token}:visit_counter:-->"
    article = make_article(title=f"Tiêu đề {forged}", body=f"<p>Thân bài {forged}</p>")
    body = reader().get(article.get_absolute_url()).content.decode()
    assert body.count('class="visit-counter"') == 1  # the template's own, not the content's


def test_staff_preview_is_never_stored_nor_served_from_the_cache(client, page):
    """A preview shows the stored article even where readers' pages are cached, and a draft
    previewed by staff leaves nothing for readers."""
    article, _older, category, _clock = page
    reader().get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề mới trong CSDL")  # no signal
    draft = make_article(category=category, status=Article.Status.DRAFT, title="Bản nháp kín")
    client.force_login(make_user(staff=True, perms=["news.change_article", "news.publish_article"]))
    preview = client.get(reverse("news:article-preview", kwargs={"pk": article.pk}))
    assert "Tiêu đề mới trong CSDL" in preview.content.decode()
    assert "no-cache" in preview["Cache-Control"]
    assert client.get(reverse("news:article-preview", kwargs={"pk": draft.pk})).status_code == 200
    assert reader().get(draft.get_absolute_url()).status_code == 404


def _stored_pages():
    """Return every page body in the local-memory cache, as text."""
    texts = []
    for pickled in list(cache._cache.values()):
        entry = pickle.loads(pickled)
        if isinstance(entry, tuple) and len(entry) == 6:
            texts.append(entry[4].decode())
    assert texts, "the test must look at stored pages"
    return texts


def test_nothing_of_one_reader_reaches_a_cached_page_or_another_reader(client, page, settings):
    """A signed-in editor with a pending message and a CSRF token browses every reader's
    page: no cached page and no anonymous reader's page holds their name, the message, the
    token or their count; the CSP header is the same for everyone (no nonce)."""
    settings.COUNTERS_ENABLED = True
    article, _older, category, _clock = page
    editor = make_user(staff=True, username="bien-tap-vien-bi-mat", perms=["news.change_article"])
    client.force_login(editor)
    urls = [
        reverse("news:home"),
        category.get_absolute_url(),
        article.get_absolute_url(),
        reverse("news:search") + "?q=tin",
        reverse("news:feed"),
        reverse("sitemap-index"),
        "/khong-co-trang-nay/",
    ]
    # The editor's own session: a message waiting, a CSRF token issued.
    session_page = client.get(reverse("admin:index"))
    csrf_token = session_page.cookies["csrftoken"].value
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(session_page.wsgi_request)
    storage.add(message_levels.INFO, "Tin nhắn riêng của biên tập viên")
    storage.update(session_page)
    client.cookies.update(session_page.cookies)
    secrets = [editor.username, "Tin nhắn riêng của biên tập viên", csrf_token]
    for url in urls:
        client.get(url)
    for text in _stored_pages():
        for secret in secrets:
            assert secret not in text
    anonymous = [reader().get(url) for url in urls]
    policies = {r.get("Content-Security-Policy") for r in anonymous}
    assert len(policies) == 1 and "nonce" not in policies.pop()
    for response in anonymous:
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body


@pytest.mark.parametrize("reads", ["user", "csrf_token", "messages"])
def test_a_page_that_reads_anything_of_its_reader_is_not_stored(page, reads):
    """A page whose rendering touched the user (the session), a CSRF token or the messages
    is served to its reader but never kept for others."""
    article, *_ = page
    from django.contrib.messages import get_messages
    from django.middleware.csrf import get_token
    from django.template.response import TemplateResponse

    touch = {
        "user": lambda request: request.user.is_authenticated,
        "csrf_token": get_token,
        "messages": lambda request: list(get_messages(request)),
    }[reads]
    original = TemplateResponse.resolve_context

    def reading(self, context):
        touch(self._request)  # what {{ user }}, {% csrf_token %} or a messages loop does
        return original(self, context)

    TemplateResponse.resolve_context = reading
    try:
        assert reader().get(article.get_absolute_url()).status_code == 200
        assert not getattr(reader().get(article.get_absolute_url()), "from_page_cache", False)
    finally:
        TemplateResponse.resolve_context = original
    assert reader().get(article.get_absolute_url()).status_code == 200
    assert reader().get(article.get_absolute_url()).from_page_cache


def test_cache_failure_serves_pages_uncached(page):
    """With the cache server gone, readers still get their pages, rendered each time."""
    article, *_ = page
    gone = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    with override_settings(CACHES=gone):
        for _ in range(2):
            response = reader().get(article.get_absolute_url())
            assert response.status_code == 200
            assert article.title in response.content.decode()
            assert not getattr(response, "from_page_cache", False)


def test_a_save_through_one_process_is_seen_by_another(page, redis_cache):
    """With Redis, a generation moved through one connection is what another reads."""
    from django.core.cache.backends.redis import RedisCache

    other = RedisCache(REDIS_LOCATION, {"KEY_PREFIX": redis_cache})
    before = pagecache.current_generation()
    pagecache.content_changed()
    assert other.get(pagecache.GENERATION_KEY) == before + 1


def test_the_redis_client_is_built_once_and_reused(redis_cache):
    """portal.cache keeps one redis.Redis per pool instead of one per operation."""
    cache.set("reuse-probe", 1)
    client = cache._cache.get_client(write=True)
    assert cache.get("reuse-probe") == 1
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads share the pool


def test_a_page_from_the_cache_carries_the_headers_of_a_rendered_one(page, settings):
    """A hit skips the middleware below the cache (sessions, CSRF, X-Frame-Options...):
    the headers readers get must not change with it, and the length must match the
    parts filled in."""
    settings.COUNTERS_ENABLED = True
    article, *_ = page
    url = article.get_absolute_url()
    first = reader().get(url)
    second = reader().get(url)
    assert not getattr(first, "from_page_cache", False)
    assert second.from_page_cache
    per_response = {"set-cookie", "x-request-id", "date"}
    assert {k.lower() for k in first.headers} - per_response == {
        k.lower() for k in second.headers
    } - per_response
    for name in ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options"):
        assert second[name] == first[name]
    for response in (first, second):
        if response.has_header("Content-Length"):
            assert int(response["Content-Length"]) == len(response.content)


def test_a_page_from_the_cache_reads_no_session(client, page, django_assert_num_queries):
    """A signed-in editor reading a cached page costs no session lookup either."""
    article, *_ = page
    url = article.get_absolute_url()
    reader().get(url)
    client.force_login(make_user(staff=True))
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.from_page_cache


def test_pages_from_the_cache_are_logged_at_debug_rendered_ones_at_info(page, caplog):
    """The request log keeps INFO for what Django rendered; a cached page is DEBUG."""
    article, *_ = page
    url = article.get_absolute_url()
    with caplog.at_level("DEBUG", logger="portal.request"):
        reader().get(url)
        reader().get(url)
    levels = [r.levelname for r in caplog.records if r.name == "portal.request"]
    assert levels == ["INFO", "DEBUG"]


def test_a_miss_reads_the_schedule_with_the_page_and_trusts_it_only_for_its_generation(
    client, django_assert_num_queries
):
    """The site's next scheduled change comes in the page's round trip; an entry computed
    for older generations is computed again (a query per schedule), never reused."""
    article = make_article()
    client.get(article.get_absolute_url())  # computes and stores the schedule
    site_id = article.site_id
    generation, until = cache.get(pagecache.SCHEDULE_KEY.format(site=site_id))
    now = until - 30
    with django_assert_num_queries(0):
        assert pagecache.valid_until(site_id, generation, now, (generation, until)) == until
    older = (generation[0], generation[1] - 1)
    with django_assert_num_queries(len(pagecache.SCHEDULES)):
        pagecache.valid_until(site_id, generation, now, (older, until))
    assert cache.get(pagecache.SCHEDULE_KEY.format(site=site_id))[0] == generation
