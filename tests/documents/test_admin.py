"""Editors enter documents with files in admin; uploads are checked and bounded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.models import Attachment, Document, DocumentType, IssuingBody
from documents.samples import docx_bytes, pdf_bytes
from tests.factories import make_document, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:documents_document_add")


def editor():
    from django.contrib.auth.models import Group

    user = make_user(staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def contributor():
    from django.contrib.auth.models import Group

    user = make_user(staff=True)
    user.groups.add(Group.objects.get(name="Cộng tác viên"))
    return user


def form_data(upload=None, **overrides):
    now = timezone.localtime()
    doc_type = DocumentType.objects.create(site_id=1, name="Chỉ thị")
    issuer = IssuingBody.objects.create(site_id=1, name="Ban Bí thư")
    data = {
        "site": "1",
        "number": "10-CT/TW",
        "doc_type": doc_type.pk,
        "issuer": issuer.pk,
        "field": "",
        "summary": "Về nâng cao chất lượng sinh hoạt chi bộ",
        "signer": "Lê Hồng Anh",
        "issued_on": "2017-03-30",
        "effective_on": "",
        "expires_on": "",
        "status": Document.Status.PUBLISHED,
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "slug": "",
        "author": "",
        "legacy_id": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-name": "",
        "attachments-0-position": "0",
    }
    if upload is not None:
        data["attachments-0-file"] = upload
    data.update(overrides)
    return data


def test_editor_adds_a_document_with_its_pdf():
    """The document and its file are saved; the file's text is searchable."""
    client = Client()
    client.force_login(editor())
    pdf = SimpleUploadedFile("Chỉ thị 10.pdf", pdf_bytes("T", ["từ lạ zyxwvu"]))
    response = client.post(ADD, form_data(pdf))
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    attachment = document.attachments.get()
    assert (attachment.name, attachment.kind) == ("Chỉ thị 10.pdf", "pdf")
    assert document.number_key == "10-CT-TW"
    assert Document.objects.filter(search_folded="zyxwvu").exists()


def test_a_fake_pdf_is_refused_in_vietnamese_and_nothing_stored():
    """A text file named .pdf gives the error next to it; no document, no file."""
    client = Client()
    client.force_login(editor())
    fake = SimpleUploadedFile("chi-thi.pdf", b"khong phai pdf " * 50)
    response = client.post(ADD, form_data(fake))
    assert response.status_code == 200
    assert "nội dung không phải PDF" in response.content.decode()
    assert not Document.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_upload_is_stopped_early(settings):
    """Past ATTACHMENT_MAX_BYTES reading stops: a Vietnamese message, nothing saved."""
    settings.ATTACHMENT_MAX_BYTES = 100_000
    client = Client()
    client.force_login(editor())
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * 3_000_000)
    response = client.post(ADD, form_data(big), follow=True)
    assert "vượt quá dung lượng tối đa" in response.content.decode()
    assert not Document.objects.exists() and not Attachment.objects.exists()


def test_handler_stops_reading_past_the_limit(settings, rf):
    """The upload handler raises StopUpload once one file passes the limit."""
    from django.core.files.uploadhandler import StopUpload

    from documents.uploads import LimitedUploadHandler, too_large

    settings.ATTACHMENT_MAX_BYTES = 10
    request = rf.post("/")
    handler = LimitedUploadHandler(request)
    handler.new_file("file", "../lon.pdf", "application/pdf", 1000)
    handler.receive_data_chunk(b"x" * 8, 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 8, 8)
    assert "“lon.pdf”" in too_large(request)


def test_a_contributor_cannot_publish_a_document():
    """Only drafts are offered to a contributor; "published" is refused."""
    client = Client()
    client.force_login(contributor())
    response = client.post(ADD, form_data(SimpleUploadedFile("a.pdf", pdf_bytes("T", ["x"]))))
    assert response.status_code == 200
    assert not Document.objects.exists()
    data = form_data(SimpleUploadedFile("a.pdf", pdf_bytes("T", ["x"])), status="draft")
    assert client.post(ADD, data).status_code == 302
    assert Document.objects.get().status == "draft"


def test_a_contributor_sees_only_own_documents():
    """Another editor's document is not in a contributor's list."""
    make_document(number="99-CT/TW")
    client = Client()
    client.force_login(contributor())
    page = client.get(reverse("admin:documents_document_changelist")).content.decode()
    assert "99-CT/TW" not in page


def test_saving_twice_makes_revisions():
    """Documents have a history like articles."""
    from reversion.models import Version

    client = Client()
    client.force_login(editor())
    client.post(ADD, form_data(SimpleUploadedFile("a.pdf", pdf_bytes("T", ["x"]))))
    document = Document.objects.get()
    assert Version.objects.get_for_object(document).count() == 1


def test_editor_upload_endpoint_takes_a_docx_and_returns_a_link():
    """The rich-text editor's upload with kind=file stores the file and returns its URL."""
    client = Client()
    client.force_login(editor())
    docx = SimpleUploadedFile("Kế hoạch.docx", docx_bytes("T", ["x"]))
    response = client.post(reverse("editor-upload-image"), {"kind": "file", "file": docx})
    assert response.status_code == 200, response.content
    answer = response.json()
    attachment = Attachment.objects.get()
    assert answer == {"location": attachment.get_absolute_url(), "title": "Kế hoạch.docx"}


def test_editor_upload_endpoint_refuses_a_fake_pdf_in_vietnamese():
    """A fake PDF sent from the editor gets the Vietnamese error as JSON."""
    client = Client()
    client.force_login(editor())
    fake = SimpleUploadedFile("x.pdf", b"<html></html>" * 10)
    response = client.post(reverse("editor-upload-image"), {"kind": "file", "file": fake})
    assert response.status_code == 400
    assert "không phải PDF" in response.json()["error"]["message"]
    assert not Attachment.objects.exists()


def _two_versions(document, user):
    import reversion

    for summary in ("Về bản đầu", "Về bản sau"):
        with reversion.create_revision():
            reversion.set_user(user)
            document.summary = summary
            document.save()


def test_a_contributor_cannot_compare_someone_elses_document():
    """Comparing versions shows their content: a contributor's own documents only."""
    from reversion.models import Version

    other = make_document(number="77-CT/TW", status=Document.Status.DRAFT)
    _two_versions(other, make_user(staff=True))
    versions = Version.objects.get_for_object(other).order_by("pk")
    client = Client()
    client.force_login(contributor())
    response = client.get(
        reverse("admin:documents_document_compare", args=[other.pk]),
        {"version_id1": versions[0].pk, "version_id2": versions[1].pk},
    )
    assert response.status_code == 404
    assert "Về bản đầu" not in response.content.decode()


def test_deleted_documents_are_listed_and_recovered_by_editors_only():
    """A contributor gets 403 on the recover list; an editor sees the deleted document."""
    import reversion

    document = make_document(number="55-CT/TW", summary="Về văn bản đã xóa")
    with reversion.create_revision():
        document.save()
    document.delete()
    url = reverse("admin:documents_document_recoverlist")
    client = Client()
    client.force_login(contributor())
    assert client.get(url).status_code == 403
    client.force_login(editor())
    assert "55-CT/TW" in client.get(url).content.decode()


def test_bulk_publish_records_one_revision_per_document():
    """Restoring one document's revision never restores the others published with it."""
    from django.contrib.admin import helpers
    from reversion.models import Version

    drafts = [make_document(status=Document.Status.DRAFT) for _ in range(2)]
    client = Client()
    client.force_login(editor())
    client.post(
        reverse("admin:documents_document_changelist"),
        {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [d.pk for d in drafts], "index": 0},
    )
    assert set(Document.objects.values_list("status", flat=True)) == {Document.Status.PUBLISHED}
    latest = Version.objects.get_for_object(drafts[0]).order_by("pk").last()
    assert latest.revision.version_set.count() == 1
