"""The home page's links block: per site, in order, with optional logos, kept fresh."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from engagement.models import Link
from tests.engagement.conftest import reader, superuser_client
from tests.factories import FIRST_SITE_ID, make_site

pytestmark = pytest.mark.django_db


def link(title, position=0, site_id=FIRST_SITE_ID, **fields):
    return Link.objects.create(
        site_id=site_id, title=title, url=fields.pop("url", "https://dichvucong.gov.vn/"),
        position=position, **fields,
    )  # fmt: skip


def home_html(host="testserver"):
    return reader().get(reverse("news:home"), HTTP_HOST=host).content.decode()


def test_home_lists_the_sites_shown_links_in_order():
    """Shown links, by position; hidden ones and other sites' are left out."""
    link("Cổng Thông tin điện tử Chính phủ", 2, url="https://chinhphu.vn/")
    link("Cổng Dịch vụ công quốc gia", 1)
    link("Liên kết đã ẩn", 3, shown=False)
    other = make_site("khac.test")
    link("Liên kết của trang khác", 0, site_id=other.pk)
    html = home_html()
    assert "Liên kết" in html
    first = html.index("Cổng Dịch vụ công quốc gia")
    assert first < html.index("Cổng Thông tin điện tử Chính phủ")
    assert 'href="https://dichvucong.gov.vn/"' in html
    assert "Liên kết đã ẩn" not in html and "Liên kết của trang khác" not in html


def test_no_block_without_links():
    """A site with no link shows no empty "Liên kết" heading."""
    assert 'id="lien-ket"' not in home_html()


def test_a_new_link_shows_at_once_on_a_cached_home_page():
    """Saving a link makes the cached home page stale."""
    home_html()
    assert reader().get(reverse("news:home")).from_page_cache
    link("Cổng Dịch vụ công quốc gia")
    assert "Cổng Dịch vụ công quốc gia" in home_html()


def _png(size=(300, 120)):
    out = io.BytesIO()
    Image.new("RGB", size, (11, 61, 145)).save(out, "PNG")
    return out.getvalue()


def _form(**extra):
    return {"site": FIRST_SITE_ID, "title": "Cổng Dịch vụ công quốc gia",
            "url": "https://dichvucong.gov.vn/", "position": 1, "shown": "on", **extra}  # fmt: skip


def test_a_logo_is_shown_at_its_height_with_its_width():
    """An uploaded logo appears in the block, 48 px high, its width from its proportions."""
    client = superuser_client()
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = client.post(reverse("admin:engagement_link_add"), _form(logo=logo))
    assert response.status_code == 302
    html = home_html()
    assert 'class="links-block__logo"' in html and 'width="120" height="48"' in html


def test_a_logo_that_is_not_an_image_is_refused_in_vietnamese():
    """A text file named .png is refused with the covers' Vietnamese message."""
    client = superuser_client()
    fake = SimpleUploadedFile("logo.png", b"khong phai anh", content_type="image/png")
    response = client.post(reverse("admin:engagement_link_add"), _form(logo=fake))
    assert response.status_code == 200
    assert "không phải là ảnh hợp lệ" in response.content.decode()
    assert Link.objects.count() == 0


def test_an_address_that_is_not_http_is_refused():
    """javascript: and other schemes are not links the block may carry."""
    client = superuser_client()
    response = client.post(reverse("admin:engagement_link_add"), _form(url="javascript:alert(1)"))
    assert response.status_code == 200
    assert Link.objects.count() == 0


def test_links_block_costs_one_query(django_assert_num_queries, rf):
    """The block reads the site's links in one query."""
    from django.contrib.sites.models import Site
    from django.template import Context, Template

    for n in range(5):
        link(f"Liên kết {n}", n)
    request = rf.get("/")
    request.site = Site.objects.get(pk=FIRST_SITE_ID)
    template = Template("{% load engagement %}{% links_block %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))
    assert html.count("links-block__link") == 5
