"""import_legacy brings documents in with their files, in the same run as the articles."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from documents.models import Attachment, Document
from documents.samples import pdf_bytes
from news.models import Article

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs"
SAMPLE = DOCS / "sample-import.jsonl"
SAMPLE_FILES = DOCS / "sample-import_files"
_BEFORE = set()
PDF_WORD = "quytrinhbayburoc"  # only inside the directive's PDF

ARTICLE = {
    "type": "article",
    "legacy_id": "1234",
    "title": "Giao ban chuyên đề sinh hoạt chi bộ",
    "category": "Tin tức sự kiện",
    "published_at": "2014-04-07T10:45:00+07:00",
    "body": "<p>Chỉ thị 10-CT/TW.</p>",
}


def _document(legacy_id="vb-10", **overrides):
    record = {
        "type": "document",
        "legacy_id": legacy_id,
        "number": "10-CT/TW",
        "doc_type": "Chỉ thị",
        "issuer": "Ban Bí thư",
        "field": "Xây dựng Đảng",
        "signer": "T/M Ban Bí thư",
        "issued_on": "2007-03-30",
        "summary": "Về nâng cao chất lượng sinh hoạt chi bộ",
        "related_articles": ["1234"],
        "files": ["chi-thi-10.pdf"],
    }
    record.update(overrides)
    return record


GUIDE = _document(
    "vb-09", number="09-HD/BTCTW", doc_type="Hướng dẫn", issuer="Ban Tổ chức Trung ương",
    issued_on="2012-03-02", summary="Một số vấn đề cụ thể", files=["2012/huong-dan-09.pdf"],
)  # fmt: skip
MIXED = [
    {"type": "site", "visits": 100},
    {"type": "category", "name": "Tin tức sự kiện"},
    ARTICLE,
    _document(),
    {**ARTICLE, "legacy_id": "1235", "title": "Bài thứ hai"},
    GUIDE,
]


def _write(folder, records):
    path = folder / "export.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path):
    """Return a folder with export_files/ holding the two documents' PDFs."""
    files = tmp_path / "export_files"
    (files / "2012").mkdir(parents=True)
    (files / "chi-thi-10.pdf").write_bytes(pdf_bytes("Chỉ thị 10-CT/TW", [f"Chữ lạ {PDF_WORD}."]))
    (files / "2012" / "huong-dan-09.pdf").write_bytes(pdf_bytes("Hướng dẫn 09", ["Nội dung."]))
    return tmp_path


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", str(path), "--site", "1", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _all_stored():
    return {p for p in Path(settings.ATTACHMENT_ROOT).rglob("*") if p.is_file()}


@pytest.fixture(autouse=True)
def _stored_before():
    global _BEFORE
    _BEFORE = _all_stored()


def _stored_files():
    """Return the files stored in ATTACHMENT_ROOT since the test began."""
    return sorted(_all_stored() - _BEFORE)


def test_one_run_imports_articles_and_documents_with_their_files(export):
    """Categories, articles and documents of one file, each document with its PDF and link."""
    out, err = _run(_write(export, MIXED))
    assert err == ""
    assert "Bài viết: tạo mới 2, cập nhật 0, không đổi 0." in out
    assert "Văn bản: tạo mới 2, cập nhật 0, không đổi 0." in out
    assert "Tệp của văn bản: tạo mới 2, cập nhật 0, không đổi 0." in out
    directive = Document.objects.get(legacy_id="vb-10")
    assert (directive.number_key, directive.issuer.name) == ("10-CT-TW", "Ban Bí thư")
    assert directive.is_published()
    assert directive.attachments.get().name == "chi-thi-10.pdf"
    assert list(directive.related_articles.all()) == [Article.objects.get(legacy_id="1234")]
    guide = Document.objects.get(legacy_id="vb-09")
    assert guide.attachments.get().name == "huong-dan-09.pdf"


def test_a_second_run_duplicates_no_document_and_no_file(export):
    """Run twice: the same documents, files and stored bytes; everything "không đổi"."""
    path = _write(export, MIXED)
    _run(path)
    stored = _stored_files()
    out, _err = _run(path)
    assert "Văn bản: tạo mới 0, cập nhật 0, không đổi 2." in out
    assert "Tệp của văn bản: tạo mới 0, cập nhật 0, không đổi 2." in out
    assert "Bài viết: tạo mới 0, cập nhật 0, không đổi 2." in out
    assert Document.objects.count() == 2 and Attachment.objects.count() == 2
    assert _stored_files() == stored


def test_a_changed_line_updates_its_document(export):
    """A new summary or a new file in the export updates the document on the next run."""
    path = _write(export, MIXED)
    _run(path)
    (export / "export_files" / "phu-luc.pdf").write_bytes(pdf_bytes("Phụ lục", ["x"]))
    changed = _document(summary="Về sinh hoạt chi bộ", files=["chi-thi-10.pdf", "phu-luc.pdf"])
    out, _err = _run(_write(export, [*MIXED[:3], changed]))
    assert "Văn bản: tạo mới 0, cập nhật 1, không đổi 0." in out
    directive = Document.objects.get(legacy_id="vb-10")
    assert directive.summary == "Về sinh hoạt chi bộ"
    assert [a.name for a in directive.attachments.all()] == ["chi-thi-10.pdf", "phu-luc.pdf"]


def test_the_import_is_in_each_documents_history_once(export):
    """One revision "Nhập từ cổng cũ (export.jsonl, dòng 4)"; an unchanged re-run adds none."""
    path = _write(export, MIXED)
    _run(path)
    _run(path)
    versions = Version.objects.get_for_object(Document.objects.get(legacy_id="vb-10"))
    assert [v.revision.comment for v in versions] == ["Nhập từ cổng cũ (export.jsonl, dòng 4)."]


def test_the_files_folder_beside_the_export_is_the_default(export):
    """Without --files-dir the files come from export_files/ beside export.jsonl."""
    _run(_write(export, MIXED))
    assert Attachment.objects.count() == 2


def test_files_dir_names_another_folder(export, tmp_path_factory):
    """--files-dir points elsewhere; a folder that does not exist is a clear error."""
    elsewhere = tmp_path_factory.mktemp("tep")
    shutil.copytree(export / "export_files", elsewhere, dirs_exist_ok=True)
    shutil.rmtree(export / "export_files")
    _run(_write(export, MIXED), "--files-dir", str(elsewhere))
    assert Attachment.objects.count() == 2
    with pytest.raises(CommandError, match="Không tìm thấy thư mục tệp"):
        _run(_write(export, MIXED), "--files-dir", str(export / "khong-co"))


def _hostile(folder):
    (folder / "export_files" / "gia.pdf").write_text("<html><script>alert(1)</script></html>")
    (folder / "x.pdf").write_bytes(pdf_bytes("Ngoài thư mục", ["bí mật"]))
    (folder / "export_files" / "lien-ket.pdf").symlink_to(folder / "x.pdf")


BAD_DOCUMENTS = [
    (_document("bad", files=["thieu.pdf"]), "không tìm thấy tệp 'thieu.pdf'"),
    (
        _document("bad", files=["gia.pdf"]),
        "tệp 'gia.pdf': Tệp “gia.pdf” có đuôi .pdf nhưng nội dung không phải PDF",
    ),
    (_document("bad", files=["../x.pdf"]), "tệp nằm ngoài thư mục tệp: '../x.pdf'"),
    (_document("bad", files=["../../x.pdf"]), "tệp nằm ngoài thư mục tệp: '../../x.pdf'"),
    (_document("bad", files=["/etc/passwd"]), "tệp nằm ngoài thư mục tệp"),
    (_document("bad", files=["lien-ket.pdf"]), "tệp nằm ngoài thư mục tệp: 'lien-ket.pdf'"),
    (_document("bad", issued_on="30/03/2007"), "“issued_on” không phải ngày dạng YYYY-MM-DD"),
    (_document("bad", issued_on="2007-02-30"), "“issued_on” không phải ngày có thật"),
    (_document("bad", issued_on="2007-03-30T00:00"), "“issued_on” không phải ngày dạng"),
    (_document("bad", issued_on="1800-01-01"), "“issued_on” ngoài khoảng năm 1900–2099"),
    (_document("bad", issued_on=None), "thiếu trường “issued_on”"),
    (_document("bad", number=""), "thiếu trường “number”"),
    (_document("bad", effective_on="2008-01-01", expires_on="2007-01-01"), "“expires_on” phải sau"),
    (_document("bad", files="chi-thi-10.pdf"), "“files” phải là danh sách tên tệp"),
    (_document("bad", related_articles=["9999"]), "không có bài viết “legacy_id” '9999'"),
    (_document("bad", shared_with_components="có"), "“shared_with_components” phải là"),
    (_document("vb-09"), "“legacy_id” lặp lại (đã có ở dòng 6)"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_DOCUMENTS, ids=[r for _l, r in BAD_DOCUMENTS])
def test_a_bad_document_line_is_rejected_with_its_number_and_nothing_else_lost(
    export, line, reason
):
    """Line 7 is refused with its reason, in the report and the rejects file; it stores
    nothing, and every other line of the file is imported."""
    _hostile(export)
    path = _write(export, [*MIXED, line, {**ARTICLE, "legacy_id": "1236", "title": "Sau"}])
    out, err = _run(path)
    assert f"Dòng 7: {reason}" in err
    assert "Bị loại: 1 dòng." in out
    rejects = [json.loads(r) for r in (export / "export.jsonl.rejects.jsonl").open()]
    assert [(r["line"], json.loads(r["raw"])) for r in rejects] == [(7, line)]
    assert reason in rejects[0]["reason"]
    assert set(Document.objects.values_list("legacy_id", flat=True)) == {"vb-10", "vb-09"}
    assert Attachment.objects.count() == 2 and len(_stored_files()) == 2
    assert Article.objects.count() == 3
    assert not Attachment.objects.filter(text__contains="bí mật").exists()


def test_a_refused_second_file_stores_neither_file_nor_document(export):
    """A line is imported whole or not at all: its good first file is not kept."""
    _hostile(export)
    out, err = _run(_write(export, [ARTICLE, _document(files=["chi-thi-10.pdf", "gia.pdf"])]))
    assert "Dòng 2: tệp 'gia.pdf'" in err
    assert not Document.objects.exists() and _stored_files() == []


def test_a_related_article_still_in_the_batch_is_linked(export):
    """An article of the line just above (not yet written) is found for the link."""
    _run(_write(export, [ARTICLE, _document()]), "--batch-size", "500")
    document = Document.objects.get()
    assert document.related_articles.get().legacy_id == "1234"


def test_an_import_makes_the_cached_documents_page_stale(client, export):
    """/van-ban/ cached before a run that brings only documents lists them right after it."""
    _run(_write(export, MIXED[:3]))
    assert "10-CT/TW" not in client.get(reverse("documents:list")).content.decode()
    _run(_write(export, [*MIXED[:3], _document(related_articles=[])]))
    assert "10-CT/TW" in client.get(reverse("documents:list")).content.decode()


def test_imported_documents_are_found_by_a_word_inside_their_pdf(client, export):
    """The PDF's text is read on import: a word only inside it finds the document."""
    _run(_write(export, MIXED))
    page = client.get(reverse("documents:list"), {"q": PDF_WORD}).content.decode()
    assert "10-CT/TW" in page and "09-HD/BTCTW" not in page


def test_the_documented_sample_imports_the_two_cited_documents_cleanly(client, tmp_path):
    """docs/sample-import.jsonl with its files folder: 10-CT/TW and 09-HD/BTCTW, no reject."""
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample-import.jsonl"))
    shutil.copytree(SAMPLE_FILES, tmp_path / "sample-import_files")
    out, err = _run(path)
    assert err == "" and "Bị loại: 0 dòng." in out
    directive = Document.objects.get(number="10-CT/TW")
    guide = Document.objects.get(number="09-HD/BTCTW")
    assert directive.attachments.get().kind == "pdf" and guide.attachments.get().kind == "docx"
    assert directive.related_articles.get().legacy_id == "1234"
    page = client.get(reverse("documents:list"), {"q": "hat nhan chinh tri"}).content.decode()
    assert directive.get_absolute_url() in page


def test_documents_import_the_same_when_lines_are_parsed_in_worker_processes(export, monkeypatch):
    """A big export is parsed by workers: the document lines still come in, in file order."""
    from django.contrib.sites.models import Site

    from news.importer import LegacyImporter

    monkeypatch.setattr("news.importer.CHUNK_LINES", 2)  # several chunks in flight
    path = _write(export, [*MIXED, _document("bad", issued_on="30/03/2007")])
    summary = LegacyImporter(path, site=Site.objects.get(pk=1), batch_size=3).run(workers=2)
    assert (summary.others["Văn bản"].created, summary.rejected) == (2, 1)
    assert summary.first_rejects[0][0] == 7
    assert Document.objects.get(legacy_id="vb-10").related_articles.exists()
