"""Admin search finds articles as readers' search does, without exact diacritics."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get(reverse("admin:news_article_changelist"), {"q": query})
    assert response.status_code == 200
    return {article.title for article in response.context["cl"].result_list}


@pytest.fixture
def signed_in(client):
    client.force_login(make_user(superuser=True))
    return client


def test_words_without_diacritics_find_the_article(signed_in):
    """ "chi bo" finds "Nâng cao chất lượng sinh hoạt chi bộ"."""
    make_article(title="Nâng cao chất lượng sinh hoạt chi bộ")
    make_article(title="Lễ hội đường phố")
    assert found(signed_in, "chi bo") == {"Nâng cao chất lượng sinh hoạt chi bộ"}


@pytest.mark.parametrize("query", ["Hòa", "Hoà", "hoa", "HOÀ"])
def test_both_spellings_of_hoa_find_both_articles(signed_in, query):
    """ "Hòa" and "Hoà" (the mark on either vowel) are one word to the search."""
    make_article(title="Phường Hòa Bình ra quân dọn vệ sinh")
    make_article(title="Hội nghị ở Hoà Hưng")
    assert found(signed_in, query) == {
        "Phường Hòa Bình ra quân dọn vệ sinh",
        "Hội nghị ở Hoà Hưng",
    }


def test_a_word_half_typed_still_finds_the_title(signed_in):
    """Django's own match inside the title is kept: "Lạc Lon" finds "Lạc Long Quân"."""
    make_article(title="Trường Tiểu học Lạc Long Quân")
    assert found(signed_in, "Lạc Lon") == {"Trường Tiểu học Lạc Long Quân"}


def test_search_finds_drafts_and_scheduled_articles_too(signed_in):
    """Editors search everything they may see, not only what readers see."""
    make_article(title="Dự thảo về đất đai", status="draft")
    assert found(signed_in, "dat dai") == {"Dự thảo về đất đai"}


def test_hostile_search_text_is_just_words(signed_in):
    """Operators and quotes are not tsquery syntax: no 500, the words still match."""
    make_article(title="Chi bộ khu phố 3")
    assert found(signed_in, "chi & | ! ' \" bo :*") == {"Chi bộ khu phố 3"}


def test_contributor_search_stays_within_their_own_articles(client):
    """The accent-insensitive match never widens what a contributor may see."""
    from django.contrib.auth.models import Group

    writer = make_user(staff=True)
    writer.groups.add(Group.objects.get(name="Cộng tác viên"))
    make_article(title="Chi bộ của người khác")
    make_article(title="Chi bộ của tôi", author=writer, status="draft")
    client.force_login(writer)
    assert found(client, "chi bo") == {"Chi bộ của tôi"}
