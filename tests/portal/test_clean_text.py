"""portal.content.clean_text and CleanTextModel: no stored text breaks a page or a feed."""

import importlib
import json
import unicodedata
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.urls import reverse
from reversion.models import Version

from news.models import Article, Category, LegacyRedirect
from portal.content import CleanTextModel, clean_text
from tests.factories import make_article, make_category, make_user
from tests.news.test_uploads import article_form_data

pytestmark = pytest.mark.django_db

# Every C0 control XML 1.0 refuses; U+000B is what Word pastes for Shift+Enter.
REFUSED_CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"]
DECOMPOSED = unicodedata.normalize("NFD", "Hội nghị Đảng bộ")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("control", REFUSED_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_refused_control_character_is_dropped(control):
    """NUL and every C0 control but tab and the line breaks disappear."""
    assert clean_text(f"Tin{control} mới") == "Tin mới"


@pytest.mark.parametrize("text", ["a\r\nb", "a\rb", "a\x0bb", "a\x0cb", "a\nb"])
def test_line_breaks_become_one_newline(text):
    """CRLF, CR, U+000B and U+000C are stored as one "\\n" in a multi-line field."""
    assert clean_text(text) == "a\nb"


@pytest.mark.parametrize("text", ["a\r\nb", "a\x0bb", "a\nb"])
def test_line_breaks_become_a_space_in_a_one_line_field(text):
    """A title never holds a line break the one-line box would hide."""
    assert clean_text(text, multiline=False) == "a b"


def test_tabs_and_ordinary_text_are_kept():
    """Tab, Vietnamese letters and punctuation pass unchanged."""
    text = "Kế hoạch\tnăm 2025: “Chuyển đổi số” – 100%."
    assert clean_text(text) == text


def test_text_becomes_nfc():
    """Decomposed Vietnamese (as macOS pastes it) is stored composed."""
    assert clean_text(DECOMPOSED) == "Hội nghị Đảng bộ"


@pytest.mark.parametrize("junk", ["\ud800", "\udfff", "\ufffe", "\uffff"])
def test_characters_xml_refuses_are_dropped(junk):
    """Lone surrogates and U+FFFE/U+FFFF are not characters a feed may carry."""
    assert clean_text(f"a{junk}b") == "ab"


def test_non_strings_pass_through():
    """NULL columns stay NULL."""
    assert clean_text(None) is None


def test_word_line_break_in_title_and_lead_is_cleaned_on_save():
    """An article saved through the ORM stores clean text in every text field."""
    article = make_article(
        title="Hội nghị\x0bsơ kết",
        lead="Dòng một\x0bdòng hai\x00",
        byline="Ban\x07 Tuyên giáo",
        cover_alt="Ảnh\x1b hội nghị",
        cover_caption=DECOMPOSED,
    )
    article.refresh_from_db()
    assert article.title == "Hội nghị sơ kết"
    assert article.lead == "Dòng một\ndòng hai"
    assert article.byline == "Ban Tuyên giáo"
    assert article.cover_alt == "Ảnh hội nghị"
    assert article.cover_caption == "Hội nghị Đảng bộ"


def test_feeds_answer_with_control_characters_typed_into_title_and_lead(client):
    """The portal feed and the category feed stay valid XML (they answered 500)."""
    category = make_category(name="Tin\x0b tức", description="Mô tả\x01")
    make_article(title="Tiêu đề\x0b lỗi", lead="Sapo\x0c lỗi\x1f", category=category)
    for url in (reverse("news:feed"), reverse("news:category-feed", args=[category.slug])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"\x0b" not in response.content and b"\x0c" not in response.content


def test_admin_form_with_word_line_break_saves_clean_text(client):
    """Pasting from Word into admin stores the title without U+000B; the feed answers."""
    client.force_login(make_user(superuser=True))
    category = make_category()
    data = article_form_data(
        category, title="Giao ban\x0bchuyên đề", lead="Sapo\x0bcó ngắt dòng", status="published"
    )
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.lead) == ("Giao ban chuyên đề", "Sapo\ncó ngắt dòng")
    assert client.get(reverse("news:feed")).status_code == 200


def test_restored_version_with_control_characters_is_stored_clean():
    """A version saved before the rule is cleaned when restored (a save that skips save())."""
    with reversion.create_revision():
        article = make_article(title="Bản cũ")
    version = Version.objects.get_for_object(article).get()
    data = json.loads(version.serialized_data)
    data[0]["fields"]["title"] = "Bản\x0bcũ\x01"
    version.serialized_data = json.dumps(data)
    version.save()
    Version.objects.get(pk=version.pk).revert()
    article.refresh_from_db()
    assert article.title == "Bản cũ"


def test_every_project_model_with_text_cleans_it():
    """Each model of the project's apps holding text is a CleanTextModel (pages, documents...).

    Only the counters' bookkeeping table, whose one text column is a file name the
    portal writes itself, is left out.
    """
    exempt = {"counters.SpoolProgress"}
    missing = []
    for model in apps.get_models():
        # The project's own apps sit at the top of the repository, libraries in .venv.
        if Path(apps.get_app_config(model._meta.app_label).path).parent != settings.BASE_DIR:
            continue
        text = any(isinstance(f, models.CharField | models.TextField) for f in model._meta.fields)
        if text and model._meta.label not in exempt and not issubclass(model, CleanTextModel):
            missing.append(model._meta.label)
    assert not missing, f"Mô hình chưa làm sạch văn bản: {missing}"


def test_migration_cleans_text_stored_before_the_rule():
    """0008 rewrites the rows holding control characters, every text model of news."""
    dirty = make_article(title="Sạch", lead="Sạch")
    category = make_category()
    redirect = LegacyRedirect.objects.create(site_id=1, old_path="/cu.aspx", new_path="/moi/")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE news_article SET title = %s, lead = %s WHERE id = %s",
            ["Tiêu\x0bđề\x01", "Dòng\r\nmột\x0bhai", dirty.pk],
        )
        cursor.execute(
            "UPDATE news_category SET description = %s WHERE id = %s", ["Mô tả\x1f", category.pk]
        )
        cursor.execute(
            "UPDATE news_legacyredirect SET new_path = %s WHERE id = %s", ["/moi/\x01", redirect.pk]
        )
    migration = importlib.import_module("news.migrations.0008_clean_stored_text")
    migration.clean_rows(apps, None)
    dirty.refresh_from_db()
    assert (dirty.title, dirty.lead) == ("Tiêu đề", "Dòng\nmột\nhai")
    assert Category.objects.get(pk=category.pk).description == "Mô tả"
    assert LegacyRedirect.objects.get(pk=redirect.pk).new_path == "/moi/"


def test_migration_keeps_a_key_whose_clean_form_is_taken():
    """Two old addresses that differ by a control character cannot make 0008 fail."""
    LegacyRedirect.objects.create(site_id=1, old_path="/a.aspx", new_path="/x/")
    other = LegacyRedirect.objects.create(site_id=1, old_path="/b.aspx", new_path="/y/")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE news_legacyredirect SET old_path = %s, new_path = %s WHERE id = %s",
            ["/a.aspx\x01", "/y/\x01", other.pk],
        )
    migration = importlib.import_module("news.migrations.0008_clean_stored_text")
    migration.clean_rows(apps, None)
    other.refresh_from_db()
    assert (other.old_path, other.new_path) == ("/a.aspx\x01", "/y/")
