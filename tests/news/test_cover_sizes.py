"""Cover sizes live in the row: stored on every save, never read from the file on a page.

The demo covers were stored without width and height, so Django's ImageField opened each
file whenever a page loaded the article, and a cover file that went missing made every
page listing that article answer 500.
"""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_category, make_user
from tests.news.test_history import form_post_data
from tests.news.test_uploads import image_bytes
from tests.public_pages import public_urls

pytestmark = pytest.mark.django_db

SIZE = (640, 360)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def with_cover(**fields):
    """Return a published article whose cover was saved from unnamed bytes (as the demo did)."""
    article = make_article(**fields)
    article.cover.save("anh-bia.jpg", ContentFile(image_bytes("JPEG", SIZE)))
    return article


def forget_size_and_lose_file(article):
    """Make the row look like one stored before the fix, its file then lost."""
    Article.objects.filter(pk=article.pk).update(cover_width=None, cover_height=None)
    default_storage.delete(article.cover.name)


def test_any_save_stores_the_size():
    """A cover saved from unnamed bytes, or set by file name, gets its size on save."""
    article = with_cover()
    article.refresh_from_db()
    assert (article.cover_width, article.cover_height) == SIZE
    other = make_article()
    Article.objects.filter(pk=other.pk).update(cover=article.cover.name)
    other.refresh_from_db()
    other.save()
    other.refresh_from_db()
    assert (other.cover_width, other.cover_height) == SIZE


def test_pages_never_open_the_cover_file(client, monkeypatch):
    """Home, category, article, feeds: rendered without reading a single media file."""
    with_cover(featured=True)

    def refuse(self, name, mode="rb"):
        raise AssertionError(f"trang đã mở tệp {name}")

    monkeypatch.setattr(FileSystemStorage, "_open", refuse)
    for url in public_urls():
        assert client.get(url).status_code == 200, url


def test_a_lost_cover_file_never_breaks_a_page(client):
    """Rows stored before the fix whose file is gone: every page, admin too, answers."""
    category = make_category()
    article = with_cover(category=category, featured=True)
    forget_size_and_lose_file(article)
    for url in public_urls():
        assert client.get(url).status_code == 200, url
    client.force_login(make_user(superuser=True))
    change = reverse("admin:news_article_change", args=[article.pk])
    for url in (reverse("admin:news_article_changelist"), change):
        assert client.get(url).status_code == 200, url


def test_an_article_whose_cover_file_is_lost_can_still_be_saved(client):
    """The editor's save works; imagekit skips the renditions it cannot make."""
    article = with_cover()
    default_storage.delete(article.cover.name)
    client.force_login(make_user(superuser=True))
    change = reverse("admin:news_article_change", args=[article.pk])
    data = form_post_data(client.get(change).context["adminform"].form)
    data["title"] = "Đã sửa dù mất ảnh"
    assert client.post(change, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Đã sửa dù mất ảnh"


def test_migration_stores_sizes_of_existing_covers():
    """0010 fills the size of covers stored without one; a lost file is skipped."""
    kept, lost = with_cover(), with_cover()
    Article.objects.update(cover_width=None, cover_height=None)
    default_storage.delete(lost.cover.name)
    migration = importlib.import_module("news.migrations.0010_cover_sizes_stored")
    migration.store_sizes(apps, None)
    sizes = dict(Article.objects.values_list("pk", "cover_width"))
    assert sizes == {kept.pk: SIZE[0], lost.pk: None}
