"""import_documents: documents from the legacy export, with files, idempotent."""

import json

import pytest
from django.core.management import call_command

from documents.models import Attachment, Document
from documents.samples import pdf_bytes

pytestmark = pytest.mark.django_db

LINES = [
    {"type": "category", "name": "Tin tức"},
    {
        "type": "document",
        "legacy_id": "vb-1",
        "number": "10-CT/TW",
        "doc_type": "Chỉ thị",
        "issuer": "Ban Bí thư",
        "field": "Xây dựng Đảng",
        "issued_on": "2007-03-30",
        "summary": "Về nâng cao chất lượng sinh hoạt chi bộ",
        "files": ["chi-thi-10.pdf", "../../etc/passwd", "thieu.pdf"],
    },
    {"type": "document", "legacy_id": "vb-2", "number": "", "summary": "x"},
]


@pytest.fixture
def export(tmp_path):
    (tmp_path / "tep").mkdir()
    (tmp_path / "tep" / "chi-thi-10.pdf").write_bytes(pdf_bytes("T", ["chữ trong tệp"]))
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in LINES))
    return path, tmp_path / "tep"


def run(path, files_dir):
    call_command(
        "import_documents", str(path), files_dir=str(files_dir), site="1",
        stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"),
    )  # fmt: skip


def test_import_creates_documents_with_their_files(export):
    """The document line becomes a published document with its PDF; bad lines are skipped."""
    run(*export)
    document = Document.objects.get()
    assert (document.number_key, document.issuer.name) == ("10-CT-TW", "Ban Bí thư")
    assert document.attachments.get().name == "chi-thi-10.pdf"


def test_import_twice_changes_nothing(export):
    """A second run adds no document and no file."""
    run(*export)
    run(*export)
    assert Document.objects.count() == 1 and Attachment.objects.count() == 1


def test_a_path_outside_the_files_folder_is_never_read(export, capsys):
    """ "../../etc/passwd" is reported as not found, not read."""
    run(*export)
    assert not Attachment.objects.filter(name="passwd").exists()
