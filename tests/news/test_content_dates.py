"""updated_at is the last change of what readers see: dateModified, feeds and sitemaps."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.factories import make_article, make_category, make_site

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LONG_AGO = timezone.now() - timedelta(days=4000)


def _reload(article):
    return Article.objects.get(pk=article.pk)


def test_a_backdated_article_dates_its_content_from_its_publication():
    """An old article entered today was last changed when it was published."""
    article = make_article(publish_at=LONG_AGO)
    assert _reload(article).updated_at == LONG_AGO


def test_a_scheduled_article_is_modified_when_it_appears():
    """Content written before publication counts from the publication."""
    due = timezone.now() + timedelta(days=2)
    article = make_article(publish_at=due)
    assert _reload(article).content_modified_at == due


def test_editing_the_text_moves_updated_at():
    article = make_article(publish_at=LONG_AGO)
    article.body = "<p>Nội dung đã sửa.</p>"
    before = timezone.now()
    article.save()
    assert _reload(article).updated_at >= before


def test_saving_unchanged_or_only_featuring_keeps_updated_at():
    """Saving without a change, or featuring the article, changes nothing readers read."""
    article = make_article(publish_at=LONG_AGO)
    article.save()
    article.featured = True
    article.save()
    article.save(update_fields=["featured"])
    assert _reload(article).updated_at == LONG_AGO


def test_a_change_saved_with_update_fields_moves_updated_at():
    article = make_article(publish_at=LONG_AGO)
    article.title = "Tiêu đề mới"
    article.save(update_fields=["title"])
    assert _reload(article).updated_at > LONG_AGO


def test_json_ld_and_open_graph_say_the_last_content_change(client):
    article = make_article(publish_at=LONG_AGO)
    html = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
    assert data["dateModified"] == data["datePublished"]
    # The same instant whatever the hour the suite runs (a date comparison failed from
    # 17:00 UTC, when Vietnam's date is already the next day).
    assert datetime.fromisoformat(data["dateModified"]) == LONG_AGO


def _index(client):
    root = ET.fromstring(client.get(reverse("sitemap-index")).content)
    return {
        s.findtext("sm:loc", namespaces=NS): s.findtext("sm:lastmod", namespaces=NS)
        for s in root.findall("sm:sitemap", NS)
    }


def _section(client, name):
    url = reverse("sitemap-section", kwargs={"section": name})
    root = ET.fromstring(client.get(url).content)
    return {
        u.findtext("sm:loc", namespaces=NS).removeprefix("http://testserver"): u.findtext(
            "sm:lastmod", namespaces=NS
        )
        for u in root.findall("sm:url", NS)
    }


def test_every_sitemap_index_entry_has_a_lastmod(client):
    """Home, category and article-map pages each say when what they list last changed."""
    make_article(publish_at=LONG_AGO)
    news = {
        loc: lastmod
        for loc, lastmod in _index(client).items()
        if re.search(r"/sitemap-(trang-chu|chuyen-muc|bai-viet)\.xml", loc)
    }
    assert len(news) == 3
    assert set(news.values()) == {timezone.localdate(LONG_AGO).isoformat()}


def test_category_lastmod_is_the_last_change_of_its_first_page(client):
    """A category's lastmod follows its newest article, a subcategory's included."""
    parent = make_category(name="Xây dựng Đảng")
    child = make_category(name="Kiểm tra, giám sát", parent=parent)
    make_article(category=parent, publish_at=LONG_AGO)
    newer = LONG_AGO + timedelta(days=30)
    make_article(category=child, publish_at=newer)
    lastmods = _section(client, "chuyen-muc")
    assert lastmods[parent.get_absolute_url()] == timezone.localdate(newer).isoformat()
    assert lastmods[child.get_absolute_url()] == timezone.localdate(newer).isoformat()


def test_editing_an_article_moves_the_home_and_category_lastmod(client):
    category = make_category()
    article = make_article(category=category, publish_at=LONG_AGO)
    article.lead = "Sapo mới."
    article.save()
    today = timezone.localdate().isoformat()
    assert _section(client, "trang-chu")[reverse("news:home")] == today
    assert _section(client, "chuyen-muc")[category.get_absolute_url()] == today


def test_a_province_home_lastmod_follows_its_component_sites_news(client):
    """The province portal's home lists its wards' news: their changes count."""
    from django.contrib.sites.models import Site

    make_article(publish_at=LONG_AGO)
    ward = make_site("phuong-mot.test", parent=Site.objects.get(pk=1))
    recent = timezone.now() - timedelta(days=1)
    make_article(category=make_category(site=ward), publish_at=recent)
    home = _section(Client(), "trang-chu")[reverse("news:home")]
    assert home == timezone.localdate(recent).isoformat()


def test_a_category_without_articles_has_no_lastmod(client):
    category = make_category()
    assert _section(client, "chuyen-muc")[category.get_absolute_url()] is None
