"""Documents in Chromium: an editor enters a directive with its PDF and attaches a file to an
article; a reader on a phone finds the directive by typing "10 ct tw" and downloads it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from documents.models import Attachment, Document, DocumentType, IssuingBody
from documents.samples import docx_bytes, pdf_bytes
from news.models import Article
from tests.e2e.browsing import DESKTOP, PHONE, new_context, sign_in
from tests.factories import make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_NAME = "Chỉ thị 10-CT-TW.pdf"
DOCX_NAME = "Kế hoạch sinh hoạt chi bộ.docx"


def test_editor_enters_a_document_and_a_reader_on_a_phone_downloads_it(
    browser, live_server, editor, tmp_path, artifacts_dir
):
    DocumentType.objects.create(site_id=1, name="Chỉ thị")
    IssuingBody.objects.create(site_id=1, name="Ban Bí thư")
    category = make_category(name="Xây dựng Đảng")
    pdf = tmp_path / PDF_NAME
    pdf.write_bytes(pdf_bytes("Chỉ thị 10-CT/TW", ["Nâng cao chất lượng sinh hoạt chi bộ."]))
    docx = tmp_path / DOCX_NAME
    docx.write_bytes(docx_bytes("Kế hoạch", ["Sinh hoạt chuyên đề hằng quý."]))

    context = new_context(browser)
    page = context.new_page()
    sign_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:documents_document_add"))
    page.get_by_label("Số/ký hiệu").fill("10-CT/TW")
    page.get_by_label("Loại văn bản").select_option(label="Chỉ thị")
    page.get_by_label("Cơ quan ban hành").select_option(label="Ban Bí thư")
    page.get_by_label("Trích yếu").fill("Về nâng cao chất lượng sinh hoạt chi bộ")
    page.get_by_label("Ngày ban hành").fill("2007-03-30")
    page.get_by_label("Trạng thái").select_option(value="published")
    page.locator("#id_attachments-0-file").set_input_files(str(pdf))
    page.screenshot(path=artifacts_dir / "documents-1-admin.png", full_page=True)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("thành công")
    document = Document.objects.get()
    assert document.attachments.get().name == PDF_NAME

    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.get_by_label("Tiêu đề").fill("Hội nghị triển khai sinh hoạt chi bộ chuyên đề")
    page.get_by_label("Chuyên mục").first.select_option(label=category.name)
    page.get_by_label("Trạng thái").select_option(value="published")
    page.locator("#id_attachments-0-file").set_input_files(str(docx))
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("thành công")
    article = Article.objects.get()
    assert article.attachments.get().name == DOCX_NAME
    context.close()

    reader = new_context(browser, PHONE, accept_downloads=True)
    phone = reader.new_page()
    phone.goto(live_server.url + article.get_absolute_url())
    expect(phone.get_by_role("link", name=DOCX_NAME)).to_be_visible()
    phone.goto(live_server.url + reverse("news:home"))
    menu = phone.get_by_role("navigation", name="Chuyên mục")
    menu.locator("summary").click()  # a phone's menu opens with one tap
    menu.get_by_role("link", name="Văn bản", exact=True).click()
    phone.get_by_label("Từ khóa hoặc số/ký hiệu").fill("10 ct tw")
    phone.get_by_role("button", name="Tra cứu").click()
    phone.get_by_role("link", name="Chỉ thị số 10-CT/TW").click()
    expect(phone.locator(".doc-meta")).to_contain_text("Ban Bí thư")
    phone.screenshot(path=artifacts_dir / "documents-2-phone.png", full_page=True)
    with phone.expect_download() as info:
        phone.get_by_role("link", name=PDF_NAME).click()
    download = info.value
    assert download.suggested_filename == PDF_NAME
    assert open(download.path(), "rb").read().startswith(b"%PDF-")
    phone.reload()
    expect(phone.locator(".doc-downloads")).to_contain_text("Lượt tải: 1")
    reader.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["dien-thoai", "may-tinh"])
def test_documents_pages_pass_the_accessibility_audit(browser, live_server, viewport):
    """axe-core finds no serious or critical violation on the list and a document."""
    from tests.e2e.test_accessibility import blocking_violations
    from tests.factories import make_attachment, make_document

    document = make_document(number="10-CT/TW")
    make_attachment(pdf_bytes("T", ["x"]), "Chỉ thị 10.pdf", document=document)
    context = new_context(browser, viewport)
    page = context.new_page()
    for url in (reverse("documents:list") + "?q=10+ct+tw", document.get_absolute_url()):
        page.goto(live_server.url + url)
        assert blocking_violations(page) == [], url
    context.close()


LINKED_PDF = "Kế hoạch 45-KH-UBND.pdf"


def test_editor_links_a_pdf_from_the_body_and_readers_download_it(
    browser, live_server, editor, tmp_path, artifacts_dir
):
    """The link dialog's browse button uploads a PDF; the saved article links to it."""
    category = make_category(name="Chuyển đổi số")
    pdf = tmp_path / LINKED_PDF
    pdf.write_bytes(pdf_bytes("Kế hoạch 45-KH-UBND", ["Chuyển đổi số năm 2026."]))

    context = new_context(browser)
    page = context.new_page()
    sign_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.get_by_label("Tiêu đề").fill("Phường triển khai kế hoạch chuyển đổi số")
    page.get_by_label("Chuyên mục").first.select_option(label=category.name)
    page.get_by_label("Trạng thái").select_option(value="published")
    page.wait_for_function("window.tinymce && tinymce.get('id_body')")
    page.frame_locator("#id_body_ifr").locator("body").click()
    page.keyboard.type("Toàn văn kế hoạch: ")
    page.get_by_role("button", name="Chèn/sửa liên kết").click()
    dialog = page.get_by_role("dialog")
    with page.expect_file_chooser() as chooser:
        dialog.locator("button.tox-browse-url").click()
    chooser.value.set_files(str(pdf))
    # The upload's answer fills the address and the text of the link.
    expect(dialog.get_by_label("Url")).to_have_value(re.compile(r"/van-ban/tep/\d+/$"))
    expect(dialog.get_by_label("Nội dung hiển thị")).to_have_value(LINKED_PDF)
    page.screenshot(path=artifacts_dir / "documents-3-editor-link.png", full_page=True)
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog).to_be_hidden()
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.kind) == (LINKED_PDF, "pdf")
    html = page.evaluate("tinymce.get('id_body').getContent()")
    assert f'href="{attachment.get_absolute_url()}"' in html and f">{LINKED_PDF}</a>" in html
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("thành công")
    article = Article.objects.get()
    assert attachment.get_absolute_url() in article.body
    context.close()

    reader = new_context(browser, accept_downloads=True)
    page = reader.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    link = page.locator(".article__body").get_by_role("link", name=LINKED_PDF)
    expect(link).to_have_attribute("href", attachment.get_absolute_url())
    page.screenshot(path=artifacts_dir / "documents-4-article-link.png", full_page=True)
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == LINKED_PDF
    assert open(info.value.path(), "rb").read() == pdf.read_bytes()
    reader.close()
