"""Pictures inside an article body get the covers' treatment when readers see them."""

import re

import pytest
from django.core.cache import cache

from medialib.models import MediaFile
from medialib.render import body_pictures
from news.text import clean_html
from tests.factories import make_article
from tests.medialib.test_library import editor, send_picture  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictures(client, editor):  # noqa: F811
    """Return the URLs of two library pictures, a large one and a small one."""
    return send_picture(client, "Lễ chào cờ.jpg", (2000, 1000)), send_picture(
        client, "Chữ ký.png", (400, 200), "PNG"
    )


def test_library_picture_becomes_a_picture_with_webp_and_jpeg_srcsets(pictures):
    """WebP source, JPEG fallback, srcset by width, and the stored width and height."""
    large, _small = pictures
    html = body_pictures(f'<p><img src="{large}" alt="Lễ chào cờ"></p>')
    assert html.startswith('<p><picture><source type="image/webp" srcset="')
    assert re.search(r'srcset="[^"]+\.webp 320w, [^"]+\.webp 640w, [^"]+\.webp 1024w"', html)
    assert re.search(r'<img src="[^"]+\.jpg" alt="Lễ chào cờ"', html)
    assert 'width="1600" height="800"' in html
    assert 'sizes="(min-width: 50em) 760px, 100vw"' in html


def test_first_picture_loads_at_once_and_the_others_lazily(pictures):
    """Only the pictures after the first wait until the reader scrolls to them."""
    large, small = pictures
    html = body_pictures(f'<p><img src="{large}"></p><p><img src="{small}"></p>')
    loading = re.findall(r'loading="(\w+)"', html)
    assert loading == ["eager", "lazy"]


def test_small_picture_lists_no_rendition_wider_than_itself(pictures):
    """A 400 px signature is offered at 320w only: ResizeToFit never enlarges."""
    _large, small = pictures
    html = body_pictures(f'<img src="{small}">')
    assert "640w" not in html and "320w" in html


def test_editor_size_is_kept_and_the_other_side_follows_the_proportions(pictures):
    """An editor who set width="800" gets height="400" for a 2:1 picture."""
    large, _small = pictures
    html = body_pictures(f'<img src="{large}" width="800">')
    assert ' width="800"' in html and ' height="400"' in html


def test_aligned_picture_keeps_its_class_and_asks_for_half_the_column(pictures):
    """A picture floated left is styled by its class and needs half the width."""
    large, _small = pictures
    html = body_pictures(clean_html(f'<img src="{large}" style="float: left">'))
    assert 'class="image-left"' in html
    assert 'sizes="(min-width: 50em) 380px, 50vw"' in html


def test_caption_stays_around_the_picture(pictures):
    """figure/figcaption written in the editor keep the caption under the picture."""
    large, _small = pictures
    body = clean_html(
        f'<figure class="image"><img src="{large}" alt="x"><figcaption>Ảnh: Minh Anh</figcaption>'
        "</figure>"
    )
    html = body_pictures(body)
    assert re.fullmatch(
        r'<figure class="image"><picture>.*</picture>'
        r"<figcaption>Ảnh: Minh Anh</figcaption></figure>",
        html,
    )


def test_library_description_fills_an_empty_alt(pictures):
    """A picture inserted without a description gets the library's, escaped."""
    large, _small = pictures
    MediaFile.objects.filter(file=large.split("/media/")[-1]).update(alt='Cờ "đỏ" <sao>')
    html = body_pictures(f'<img src="{large}" alt="">')
    assert 'alt="Cờ &quot;đỏ&quot; &lt;sao&gt;"' in html


def test_picture_outside_the_library_is_left_as_written_but_lazy(pictures):
    """An old portal's picture or another host's keeps its src; only loading is added."""
    html = body_pictures(
        '<p><img src="/media/uploads/cu.jpg"></p><p><img src="https://a.vn/b.jpg"></p>'
    )
    assert html == (
        '<p><img src="/media/uploads/cu.jpg" loading="eager"></p>'
        '<p><img src="https://a.vn/b.jpg" loading="lazy"></p>'
    )


def test_a_body_without_pictures_costs_no_query(django_assert_num_queries):
    """Most bodies have no picture: no library lookup."""
    with django_assert_num_queries(0):
        body_pictures("<p>Chỉ có chữ.</p>")


def test_a_body_with_pictures_costs_one_query(pictures, django_assert_num_queries):
    """However many pictures, the library is read once."""
    large, small = pictures
    with django_assert_num_queries(1):
        body_pictures(f'<img src="{large}"><img src="{small}"><img src="{large}">')


def test_article_page_shows_body_pictures_as_renditions(client, pictures, settings):
    """The reader's article page carries the <picture> of its body picture."""
    settings.COUNTERS_ENABLED = False
    cache.clear()
    large, _small = pictures
    article = make_article(body=f'<p>Lễ chào cờ.</p><p><img src="{large}" alt="Lễ chào cờ"></p>')
    client.logout()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert '<source type="image/webp"' in html.split('class="article__body"')[1]
    cache.clear()
