"""What a file may be: recognised by its content, hostile files refused, nothing stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import files
from documents.models import Attachment
from documents.samples import docx_bytes, pdf_bytes
from tests.factories import make_attachment, make_document

PDF = pdf_bytes("Chỉ thị 10-CT/TW", ["Nâng cao chất lượng sinh hoạt chi bộ."])
DOCX = docx_bytes("Hướng dẫn 09-HD/BTCTW", ["Sinh hoạt chi bộ định kỳ."])


def check(content, name):
    return files.check_file(SimpleUploadedFile(name, content))


def test_a_real_pdf_is_a_pdf():
    """fpdf2's PDF is recognised as PDF."""
    assert check(PDF, "chi-thi.pdf").kind == files.PDF


def test_a_real_docx_is_a_docx_whatever_its_name():
    """A DOCX named .bin is still a DOCX: the name decides nothing."""
    assert check(DOCX, "tai-lieu.bin").kind == files.DOCX


def _zip(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_odt_and_ods_are_named_by_their_mimetype_entry():
    """An ODF zip is ODT or ODS by its mimetype entry."""
    odt = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    ods = _zip(
        {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}
    )
    assert check(odt, "a.odt").kind == files.ODT
    assert check(ods, "a.ods").kind == files.ODS


def test_xlsx_is_told_from_docx_by_its_parts():
    """A zip with xl/workbook.xml is XLSX."""
    xlsx = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert check(xlsx, "bang.xlsx").kind == files.XLSX


def test_a_fake_pdf_gets_a_vietnamese_error():
    """Text named .pdf is refused with a message saying it is not a PDF."""
    with pytest.raises(ValidationError) as error:
        check(b"<html><script>alert(1)</script></html>", "chi-thi.pdf")
    assert "không phải PDF" in error.value.messages[0]


def test_a_plain_zip_is_refused():
    """A zip that is no office document is not accepted."""
    with pytest.raises(ValidationError) as error:
        check(_zip({"a.txt": "x"}), "a.zip")
    assert error.value.code == "not_allowed"


def test_a_pdf_with_javascript_is_refused():
    """A PDF whose catalog runs JavaScript on opening is refused, not cleaned."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('xin chao');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as error:
        check(out.getvalue(), "js.pdf")
    assert error.value.code == "pdf_script"


def test_a_docx_zip_bomb_is_refused_from_its_directory():
    """A DOCX whose part unpacks to hundreds of megabytes is refused before unpacking."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(250):
                part.write(block)
    bomb = out.getvalue()
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        check(bomb, "bom.docx")
    assert error.value.code == "zip_bomb"


def test_a_pdf_that_is_also_a_zip_is_refused():
    """A PDF with a zip glued to its end (a polyglot) is refused."""
    with pytest.raises(ValidationError) as error:
        check(PDF + DOCX, "da-hinh.pdf")
    assert error.value.code == "polyglot"


def test_a_picture_with_a_zip_glued_on_is_refused():
    """A real PNG followed by a DOCX (a polyglot) is refused, whatever its name."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    with pytest.raises(ValidationError) as error:
        check(out.getvalue() + DOCX, "anh.png")
    assert error.value.code == "polyglot"


def test_a_zip_with_bytes_before_its_first_entry_is_refused():
    """Bytes in front of an office zip make it a polyglot."""
    with pytest.raises(ValidationError) as error:
        check(b"x" * 30 + DOCX, "tai-lieu.docx")
    assert error.value.code in ("polyglot", "not_what_named")


def test_a_file_over_the_limit_is_refused(settings):
    """ATTACHMENT_MAX_BYTES is the limit."""
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        check(PDF, "lon.pdf")
    assert error.value.code == "file_too_big"


def test_a_path_in_the_name_is_dropped():
    """ "../../x.pdf" is shown as "x.pdf"."""
    assert files.display_name("../../x.pdf") == "x.pdf"
    assert files.display_name("..\\..\\x.pdf") == "x.pdf"


@pytest.mark.django_db
def test_a_hostile_name_never_reaches_the_storage_path():
    """The stored name is generated; the original name is only shown."""
    attachment = make_attachment(PDF, name="../../x.pdf", document=make_document())
    assert attachment.name == "x.pdf"
    assert ".." not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert len(attachment.file.name.rsplit("/", 1)[-1]) == len("0" * 32 + ".pdf")


@pytest.mark.django_db
def test_a_refused_file_stores_nothing():
    """A fake PDF leaves no row and no file."""
    with pytest.raises(ValidationError):
        make_attachment(b"not a pdf at all", name="x.pdf", document=make_document())
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_text_of_a_pdf_and_a_docx_is_read_on_upload():
    """The words inside the files are kept for search."""
    document = make_document()
    pdf = make_attachment(pdf_bytes("T", ["chuỗi riêng quytrinhbayburoc"]), document=document)
    docx = make_attachment(docx_bytes("T", ["từ riêng kiemtraxyz"]), "a.docx", document=document)
    assert "quytrinhbayburoc" in pdf.text and pdf.text_status == "done"
    assert "kiemtraxyz" in docx.text


@pytest.mark.django_db
def test_a_pdf_whose_text_cannot_be_read_is_still_stored(monkeypatch):
    """A parser failure leaves the file published, unsearched."""
    from documents import text

    def broken(file, deadline):
        raise RuntimeError("hỏng")

    monkeypatch.setitem(text.EXTRACTORS, files.PDF, broken)
    attachment = make_attachment(PDF, document=make_document())
    assert attachment.pk and attachment.text == "" and attachment.text_status == "failed"
