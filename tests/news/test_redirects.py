"""Old portal addresses: 301 to the new page, with or without their query string."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, LegacyRedirect
from news.redirects import normalize_old_path
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def _redirect(old_path, **target):
    return LegacyRedirect.objects.create(site_id=1, old_path=normalize_old_path(old_path), **target)


def test_old_path_redirects_permanently_to_article(client):
    """An imported article's old path answers 301 with its new URL."""
    article = make_article(title="Giao ban chuyên đề")
    _redirect("/tin-tuc/giao-ban-chuyen-de-123.html", article=article)
    response = client.get("/tin-tuc/giao-ban-chuyen-de-123.html")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_path_only_redirect_ignores_an_added_query_string(client):
    """A path-only old address still redirects when a tracker adds ?utm_source=..."""
    article = make_article()
    _redirect("/tin/abc.html", article=article)
    response = client.get("/tin/abc.html?utm_source=zalo&x=1")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_old_query_string_selects_the_article(client):
    """Two old addresses differing only by ?id= lead to their own articles."""
    first, second = make_article(), make_article()
    _redirect("/Default.aspx?tabid=52&id=1", article=first)
    _redirect("/Default.aspx?tabid=52&id=2", article=second)
    assert client.get("/Default.aspx?tabid=52&id=2")["Location"] == second.get_absolute_url()
    assert client.get("/Default.aspx?tabid=52&id=1")["Location"] == first.get_absolute_url()


def test_query_parameter_order_does_not_matter(client):
    """?id=1&tabid=52 finds the address stored as ?tabid=52&id=1."""
    article = make_article()
    _redirect("/Default.aspx?tabid=52&id=1", article=article)
    assert client.get("/Default.aspx?id=1&tabid=52").status_code == 301


def test_unknown_old_path_is_still_404(client):
    """An address nobody imported gets the Vietnamese 404 page."""
    _redirect("/tin/abc.html", article=make_article())
    response = client.get("/tin/khong-co.html")
    assert response.status_code == 404


def test_wrong_query_on_query_address_is_404(client):
    """An old address that needs ?id= does not match another id."""
    _redirect("/Default.aspx?id=1", article=make_article())
    assert client.get("/Default.aspx?id=999").status_code == 404


def test_redirect_follows_a_changed_slug(client):
    """The redirect points at the article, so it follows a later slug change."""
    article = make_article()
    _redirect("/old.aspx?id=7", article=article)
    Article.objects.filter(pk=article.pk).update(slug="duong-dan-moi")
    assert client.get("/old.aspx?id=7")["Location"] == reverse(
        "news:article-detail", kwargs={"slug": "duong-dan-moi"}
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_no_redirect_to_an_article_readers_cannot_see(client, fields):
    """An old address of a draft or scheduled article stays 404: its new URL stays secret."""
    _redirect("/old.aspx?id=8", article=make_article(**fields))
    assert client.get("/old.aspx?id=8").status_code == 404


def test_redirect_to_a_plain_new_path(client):
    """Editors may point an old address at any new path, e.g. a category page."""
    _redirect("/chuyen-muc-cu.aspx", new_path="/chuyen-muc/tin-tuc-su-kien/")
    response = client.get("/chuyen-muc-cu.aspx")
    assert response.status_code == 301
    assert response["Location"] == "/chuyen-muc/tin-tuc-su-kien/"


def test_percent_encoded_vietnamese_path_matches(client):
    """An old path with Vietnamese characters matches whether stored encoded or not."""
    article = make_article()
    _redirect("/tin-t%E1%BB%A9c/b%C3%A0i.html", article=article)
    assert client.get("/tin-tức/bài.html").status_code == 301


def test_existing_pages_never_consult_the_table(client):
    """A page that is found runs no redirect query (the table is read only on a 404)."""
    article = make_article()
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    assert queries.captured_queries, "the article page runs queries; capture must see them"
    assert not any("news_legacyredirect" in q["sql"] for q in queries.captured_queries)


def test_hostile_old_paths_never_give_500(client):
    """Huge or oddly encoded addresses give a 404, NUL-laden ones a 400, never a 500."""
    for path in ("/" + "a" * 5000, "/%ff%fe.html?" + "q=1&" * 500):
        assert client.get(path).status_code == 404
    for path in ("/x.aspx?id=%00", "/x%00.aspx"):
        assert client.get(path).status_code == 400


def test_full_url_is_normalized_to_path_and_sorted_query():
    """normalize_old_path drops the host and sorts the parameters."""
    assert normalize_old_path("http://quan11.old/Tin.aspx?b=2&a=1") == "/Tin.aspx?a=1&b=2"


def test_admin_cleans_old_path_and_requires_a_target():
    """The model's validation normalizes the address and asks for a target."""
    redirect = LegacyRedirect(site_id=1, old_path="https://cu.example/a.aspx?z=1&a=2")
    with pytest.raises(ValidationError):
        redirect.full_clean()
    assert redirect.old_path == "/a.aspx?a=2&z=1"


def test_editor_adds_a_redirect_in_admin(client):
    """A superuser adds a redirect through the admin form and it works at once."""
    article = make_article()
    client.force_login(make_user(superuser=True))
    response = client.post(
        reverse("admin:news_legacyredirect_add"),
        {
            "site": article.site_id,
            "old_path": "http://cu.example/tin.asp?id=5",
            "article": article.pk,
            "new_path": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert client.get("/tin.asp?id=5")["Location"] == article.get_absolute_url()
