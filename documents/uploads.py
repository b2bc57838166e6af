"""Uploads of attachments: stopped as soon as a file passes the limit, stored after the checks.

- ``LimitedUploadHandler`` (first in FILE_UPLOAD_HANDLERS) counts each file's bytes as
  they arrive and stops reading the request once one passes ATTACHMENT_MAX_BYTES: a
  2 GB upload costs what the limit costs, not 2 GB of disk. It marks the request
  (``too_large(request)``) so the page can say which file and why.
- ``store_upload(upload, **owner)`` checks a file (documents.files), reads its text
  (documents.text) and saves an ``Attachment`` under a generated name: ``prepare()``
  then ``store()``, which the importer calls apart to check every file of a line first.
- ``editor_upload(request, upload)``: what the article editor's upload endpoint calls for a
  file that is not a picture (settings.EDITOR_FILE_UPLOAD): {"location", "title"}.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat

from . import files, text
from .models import Attachment

REFUSED_ATTRIBUTE = "attachments_too_large"


class LimitedUploadHandler(FileUploadHandler):
    """Stop the upload when one file exceeds ATTACHMENT_MAX_BYTES (nothing is stored)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > files.max_bytes():
            refused = getattr(self.request, REFUSED_ATTRIBUTE, [])
            refused.append(files.display_name(self.file_name))
            setattr(self.request, REFUSED_ATTRIBUTE, refused)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large(request):
    """Return the message for a request whose upload was stopped, or ""."""
    request.FILES  # noqa: B018 - parsing the upload is what marks the request
    names = getattr(request, REFUSED_ATTRIBUTE, None)
    if not names:
        return ""
    return (
        f"Tệp “{names[0]}” vượt quá dung lượng tối đa {filesizeformat(files.max_bytes())} "
        "nên đã dừng tải lên; chưa có gì được lưu. Hãy chọn tệp nhỏ hơn."
    )


def prepare(attachment, upload):
    """Fill `attachment` (kind, size, name, text) from a checked `upload`; not saved."""
    checked = files.check_file(upload)
    attachment.kind = checked.kind
    attachment.size = upload.size
    if not attachment.name:
        attachment.name = files.display_name(upload.name)
    attachment.text, attachment.text_status = text.extract_text(upload, checked.kind)
    return checked


def store(attachment, upload):
    """Save an attachment prepare() filled: its file under a generated name, then its row."""
    attachment.file.save(f"upload.{attachment.kind}", upload, save=False)
    attachment.save()
    return attachment


def store_upload(upload, **fields):
    """Return a saved Attachment for `upload` after the checks (ValidationError if refused)."""
    attachment = Attachment(**fields)
    prepare(attachment, upload)
    return store(attachment, upload)


def editor_upload(request, upload):
    """Return {"location", "title"} for a file the article editor uploads, or raise."""
    message = too_large(request)
    if message:
        raise ValidationError(message, code="file_too_big")
    if upload is None:
        raise ValidationError("Không nhận được tệp nào.", code="missing")
    attachment = store_upload(upload, site_id=request.site.pk)
    return {"location": attachment.get_absolute_url(), "title": attachment.name}
