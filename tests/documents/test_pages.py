"""Readers' pages of documents: list with filters and search, detail, files, feed, sitemap."""

from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse

from documents.models import Document, DocumentField, DocumentType, IssuingBody
from documents.samples import docx_bytes, pdf_bytes
from tests.factories import make_article, make_attachment, make_document, make_site

pytestmark = pytest.mark.django_db

LIST = reverse("documents:list")


@pytest.fixture(autouse=True)
def _no_counting(settings):
    settings.COUNTERS_ENABLED = False


def test_list_shows_published_documents_newest_first(client):
    """/van-ban/ lists published documents by date of issue, newest first; no drafts."""
    old = make_document(number="1-CT/TW", issued_on=date(2019, 1, 1))
    new = make_document(number="2-CT/TW", issued_on=date(2024, 5, 1))
    make_document(number="3-CT/TW", status=Document.Status.DRAFT)
    body = client.get(LIST).content.decode()
    assert body.index(new.number) < body.index(old.number)
    assert "3-CT/TW" not in body


def test_list_filters_by_type_issuer_field_and_year(client):
    """Each filter narrows the list."""
    directive = DocumentType.objects.create(site_id=1, name="Chỉ thị")
    guide = DocumentType.objects.create(site_id=1, name="Hướng dẫn")
    body = IssuingBody.objects.create(site_id=1, name="Ban Tổ chức Trung ương")
    field = DocumentField.objects.create(site_id=1, name="Xây dựng Đảng")
    a = make_document(number="10-CT/TW", doc_type=directive, issued_on=date(2017, 1, 1))
    b = make_document(number="09-HD/BTCTW", doc_type=guide, issuer=body, field=field)
    assert b.number not in client.get(LIST, {"loai": directive.slug}).content.decode()
    page = client.get(LIST, {"co_quan": body.slug, "linh_vuc": field.slug}).content.decode()
    assert b.number in page and a.number not in page
    page = client.get(LIST, {"nam": "2017"}).content.decode()
    assert a.number in page and b.number not in page


@pytest.mark.parametrize("typed", ["10-CT/TW", "10/CT-TW", "10 CT TW", "10-ct/tw", "10 ct tw"])
def test_the_number_is_found_however_it_is_typed(client, typed):
    """Every common spelling of a number finds the document."""
    make_document(number="10-CT/TW", summary="Về nâng cao chất lượng sinh hoạt chi bộ")
    make_document(number="11-CT/TW", summary="Về một việc khác hẳn")
    page = client.get(LIST, {"q": typed}).content.decode()
    assert "10-CT/TW" in page and "11-CT/TW" not in page


def test_words_of_the_summary_are_found_without_diacritics(client):
    """ "sinh hoat chi bo" finds "sinh hoạt chi bộ"."""
    make_document(number="10-CT/TW", summary="Nâng cao chất lượng sinh hoạt chi bộ")
    make_document(number="12-CT/TW", summary="Về công tác khác")
    page = client.get(LIST, {"q": "sinh hoat chi bo"}).content.decode()
    assert "10-CT/TW" in page and "12-CT/TW" not in page


def test_a_word_only_inside_the_pdf_finds_the_document(client):
    """Text extracted from the PDF is searched."""
    document = make_document(number="10-CT/TW", summary="Chỉ thị")
    make_attachment(pdf_bytes("T", ["Một chữ lạ: quytrinhbayburoc."]), document=document)
    make_document(number="13-CT/TW")
    page = client.get(LIST, {"q": "quytrinhbayburoc"}).content.decode()
    assert "10-CT/TW" in page and "13-CT/TW" not in page


def test_a_broad_list_counts_up_to_the_cap_and_says_more(client, monkeypatch):
    """Past COUNT_CAP matches the list says "Hơn ..." and offers pages up to the cap."""
    from documents import views

    monkeypatch.setattr(views, "COUNT_CAP", 3)
    for n in range(5):
        make_document(number=f"{n + 1}-KH/UBND", summary=f"Về kế hoạch chuyển đổi số {n}")
    page = client.get(LIST, {"q": "chuyen doi so"})
    body = page.content.decode()
    assert page.context["paginator"].count == 4
    assert "Hơn 3 văn bản" in body
    assert "Trang 1 /" not in body
    make_document(number="9-KH/UBND", summary="Về kế hoạch khác")
    assert "1 văn bản" in client.get(LIST, {"q": "ke hoach khac"}).content.decode()


def test_a_bad_filter_is_ignored_not_an_error(client):
    """A year that is no year answers 200, with the other filters applied."""
    make_document(number="10-CT/TW")
    response = client.get(LIST, {"nam": "abc", "q": "\x00<script>"})
    assert response.status_code in (200, 400)


def test_detail_shows_metadata_files_and_related_articles(client):
    """The page has the metadata table, each file with type, size and link, and articles."""
    article = make_article(title="Giao ban chuyên đề sinh hoạt chi bộ")
    document = make_document(number="10-CT/TW", signer="Lê Hồng Anh")
    document.related_articles.add(article)
    pdf = make_attachment(pdf_bytes("T", ["x"]), "Chỉ thị 10.pdf", document=document)
    response = client.get(document.get_absolute_url())
    body = response.content.decode()
    assert '<th scope="row">Số/ký hiệu</th><td>10-CT/TW</td>' in body
    assert "Lê Hồng Anh" in body
    assert pdf.get_absolute_url() in body and "Chỉ thị 10.pdf" in body and "(PDF," in body
    assert article.get_absolute_url() in body
    assert '"@type": "Legislation"' in body


def test_draft_document_is_not_found_but_previewed_by_staff(client, admin_user):
    """A draft answers 404 to readers; its preview shows it to staff."""
    document = make_document(status=Document.Status.DRAFT)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    response = client.get(reverse("documents:preview", args=[document.pk]))
    assert response.status_code == 200 and "Bản xem trước" in response.content.decode()


def test_download_is_an_attachment_under_its_vietnamese_name(client):
    """The file comes with its type, nosniff and an RFC 6266 name."""
    document = make_document()
    content = docx_bytes("T", ["x"])
    attachment = make_attachment(content, "Hướng dẫn 09.docx", document=document)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" + quote("Hướng dẫn 09.docx") in disposition


def test_a_draft_documents_file_is_not_downloadable(client):
    """Files of an unpublished document answer 404 to readers."""
    document = make_document(status=Document.Status.DRAFT)
    attachment = make_attachment(pdf_bytes("T", ["x"]), document=document)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_download_behind_nginx_is_an_accel_redirect(client, settings):
    """With ATTACHMENT_ACCEL_PREFIX the app only authorises; nginx sends the file."""
    settings.ATTACHMENT_ACCEL_PREFIX = "/_tep/"
    attachment = make_attachment(pdf_bytes("T", ["x"]), document=make_document())
    response = client.get(attachment.get_absolute_url())
    assert response["X-Accel-Redirect"] == "/_tep/" + attachment.file.name
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"


def test_province_document_shown_on_component_only_when_flagged(client):
    """A province's document appears on its ward's list when shared with components."""
    province = make_site("tinh.test")
    ward = make_site("phuong.test", parent=province)
    make_document(site=province, number="5-QD/UBND", shared_with_components=True)
    make_document(site=province, number="6-QD/UBND")
    page = client.get(LIST, HTTP_HOST="phuong.test").content.decode()
    assert "5-QD/UBND" in page and "6-QD/UBND" not in page
    assert ward.pk


def test_feed_lists_new_documents(client):
    """The RSS has the newest documents."""
    make_document(number="10-CT/TW")
    response = client.get(reverse("documents:feed"))
    assert response.status_code == 200 and "10-CT/TW" in response.content.decode()


def test_sitemap_lists_documents(client):
    """The site's sitemap has a documents section with each published document."""
    document = make_document()
    index = client.get(reverse("sitemap-index")).content.decode()
    assert "sitemap-van-ban.xml" in index
    section = client.get(reverse("sitemap-section", args=["van-ban"])).content.decode()
    assert document.get_absolute_url() in section


def test_menu_links_to_documents(client):
    """The main menu has "Văn bản"."""
    body = client.get(reverse("news:home")).content.decode()
    assert f'<a href="{LIST}"' in body and ">Văn bản</a>" in body


def test_article_lists_its_attached_files(client):
    """An article shows its files under the body with name, type and size."""
    article = make_article()
    make_attachment(docx_bytes("T", ["x"]), "Kế hoạch.docx", article=article)
    body = client.get(article.get_absolute_url()).content.decode()
    assert "TỆP ĐÍNH KÈM" in body and "Kế hoạch.docx" in body and "Word (DOCX)" in body


LIST_QUERIES = 5  # schedule, three filter lists, count, page (+ menu) -- pinned below


def test_site_search_shows_matching_documents_beside_articles(client):
    """/tim-kiem/ lists the documents that match, next to the articles."""
    make_article(title="Giao ban sinh hoạt chi bộ")
    make_document(number="10-CT/TW", summary="Nâng cao chất lượng sinh hoạt chi bộ")
    body = client.get(reverse("news:search"), {"q": "10 ct tw"}).content.decode()
    assert "VĂN BẢN" in body and "10-CT/TW" in body
    body = client.get(reverse("news:search"), {"q": "sinh hoat chi bo"}).content.decode()
    assert "Giao ban" in body and "10-CT/TW" in body


def test_a_province_document_saved_shows_on_its_wards_cached_list_at_once(client):
    """Sharing a province document makes the ward's cached /van-ban/ stale."""
    province = make_site("tinh2.test")
    make_site("phuong2.test", parent=province)
    document = make_document(site=province, number="7-QD/UBND")
    assert "7-QD/UBND" not in client.get(LIST, HTTP_HOST="phuong2.test").content.decode()
    document.shared_with_components = True
    document.save()
    assert "7-QD/UBND" in client.get(LIST, HTTP_HOST="phuong2.test").content.decode()
