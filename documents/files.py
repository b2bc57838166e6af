"""What a file editors attach may be: recognised by its content, never by its name.

``check_file(upload)`` returns a ``CheckedFile`` (kind, extension, content type) or raises
ValidationError with a Vietnamese message. Accepted: PDF, DOC, XLS (OLE2 compound files
told apart by their streams), DOCX, XLSX (OOXML zips told apart by their parts), ODT, ODS
(ODF zips named by their ``mimetype`` entry) and JPEG/PNG/WebP/GIF pictures. ``filetype``
sniffs the first bytes; each container is then opened and checked for what the kind
must hold.

Hostile files:

- a PDF holding JavaScript or a launch action (``/JS``, ``/JavaScript``, ``/Launch``, in
  any object, object streams included) is **refused**, not cleaned: a cleaned file would
  no longer be the agency's signed original;
- a zip whose entries would unpack to more than ``MAX_UNPACKED_BYTES`` or at a ratio
  above ``MAX_RATIO`` (a zip bomb) is refused from its directory, before anything is
  unpacked; text extraction reads at most ``documents.text`` limits;
- a polyglot (a PDF that is also a zip, a zip with something before its first entry) is
  refused: it is one file to this check and another to some reader;
- the name is never used for storage (a generated one is), only shown, cleaned of paths.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

# Zip checks: the directory says what unpacking would cost, before anything is unpacked.
MAX_ZIP_ENTRIES = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
# Objects of a PDF looked at for scripts; a real document has far fewer.
MAX_PDF_OBJECTS = 200_000
SNIFF_BYTES = 8192
MAX_NAME_CHARS = 200

PDF, DOC, XLS, DOCX, XLSX, ODT, ODS = "pdf", "doc", "xls", "docx", "xlsx", "odt", "ods"
JPEG, PNG, WEBP, GIF = "jpg", "png", "webp", "gif"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOC: "application/msword",
    XLS: "application/vnd.ms-excel",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ODT: "application/vnd.oasis.opendocument.text",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
    JPEG: "image/jpeg",
    PNG: "image/png",
    WEBP: "image/webp",
    GIF: "image/gif",
}
LABELS = {
    PDF: "PDF",
    DOC: "Word (DOC)",
    XLS: "Excel (XLS)",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    ODT: "OpenDocument văn bản (ODT)",
    ODS: "OpenDocument bảng tính (ODS)",
    JPEG: "Ảnh JPEG",
    PNG: "Ảnh PNG",
    WEBP: "Ảnh WebP",
    GIF: "Ảnh GIF",
}
_PILLOW_KINDS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP, "GIF": GIF}
_ODF = {"application/vnd.oasis.opendocument.text": ODT, CONTENT_TYPES[ODS]: ODS}

MESSAGE_EMPTY = "Tệp rỗng (0 byte). Vui lòng chọn lại tệp."
MESSAGE_TOO_BIG = "Tệp quá lớn ({size}). Dung lượng tối đa là {limit}."
MESSAGE_NOT_ALLOWED = (
    "Không nhận loại tệp này. Chỉ nhận PDF, Word (DOC, DOCX), Excel (XLS, XLSX), "
    "OpenDocument (ODT, ODS) và ảnh JPEG, PNG, WebP, GIF; loại tệp được kiểm tra theo nội "
    "dung, không theo tên tệp."
)
MESSAGE_NOT_WHAT_NAMED = (
    "Tệp “{name}” có đuôi .{claimed} nhưng nội dung không phải {label}. Hãy kiểm tra lại "
    "tệp (có thể tệp bị hỏng hoặc bị đổi đuôi)."
)
MESSAGE_BROKEN = "Tệp {label} bị hỏng hoặc tải lên chưa hết. Vui lòng lưu lại rồi tải lên lần nữa."
MESSAGE_SCRIPT = (
    "Tệp PDF này có chứa mã JavaScript hoặc lệnh tự chạy chương trình nên không được nhận. "
    "Hãy xuất lại PDF từ tệp gốc (In ra PDF) rồi tải lên."
)
MESSAGE_BOMB = (
    "Tệp nén bên trong tài liệu giải nén ra quá lớn (có thể là “bom zip”) nên không được nhận."
)
MESSAGE_POLYGLOT = (
    "Tệp này đồng thời mang hai định dạng khác nhau (tệp “đa hình”) nên không được nhận. "
    "Hãy lưu lại tài liệu từ phần mềm soạn thảo rồi tải lên."
)


class FileRefused(ValidationError):
    """A file check's refusal; the message is the editor's."""


@dataclass(frozen=True)
class CheckedFile:
    kind: str

    @property
    def extension(self):
        return self.kind

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]

    @property
    def label(self):
        return LABELS[self.kind]

    @property
    def is_image(self):
        return self.kind in (JPEG, PNG, WEBP, GIF)


def max_bytes():
    """Return the largest file accepted, in bytes (ATTACHMENT_MAX_BYTES)."""
    return settings.ATTACHMENT_MAX_BYTES


def display_name(name):
    """Return the file name to show and send back: no folders, no control characters.

    "../../x.pdf" is "x.pdf"; the name is never used to store the file.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, ext = os.path.splitext(name)
        name = stem[: MAX_NAME_CHARS - len(ext)] + ext
    return name or "tep-dinh-kem"


def _claimed_extension(name):
    ext = os.path.splitext(name or "")[1].lower().lstrip(".")
    return {"jpeg": JPEG}.get(ext, ext)


def _read_head(upload):
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _check_zip(upload, head):
    """Return DOCX, XLSX, ODT or ODS for an office zip, after the bomb and polyglot checks."""
    if not head.startswith(b"PK\x03\x04"):
        raise FileRefused(MESSAGE_POLYGLOT, code="polyglot")
    try:
        upload.seek(0)
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileRefused(MESSAGE_BROKEN.format(label="Office"), code="broken") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused(MESSAGE_BOMB, code="zip_bomb")
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRefused(MESSAGE_BOMB, code="zip_bomb")
    names = {e.filename for e in entries}
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if mimetype in _ODF and "content.xml" in names:
            return _ODF[mimetype]
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    raise FileRefused(MESSAGE_NOT_ALLOWED, code="not_allowed")


def _check_ole(upload):
    upload.seek(0)
    try:
        ole = olefile.OleFileIO(upload)
    except (OSError, ValueError, EOFError):
        raise FileRefused(MESSAGE_BROKEN.format(label="Office"), code="broken") from None
    try:
        if ole.exists("WordDocument"):
            return DOC
        if ole.exists("Workbook") or ole.exists("Book"):
            return XLS
    finally:
        ole.close()
    raise FileRefused(MESSAGE_NOT_ALLOWED, code="not_allowed")


_SCRIPT_KEYS = ("/JS", "/JavaScript", "/Launch")


def _has_script(obj):
    from pypdf.generic import DictionaryObject

    if isinstance(obj, DictionaryObject):
        if any(key in obj for key in _SCRIPT_KEYS):
            return True
        return obj.get("/S") in ("/JavaScript", "/Launch")
    return False


def _check_pdf(upload):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import IndirectObject

    upload.seek(0)
    try:
        # A PDF must also not be a zip (a PDF/zip polyglot opens as either).
        if zipfile.is_zipfile(upload):
            raise FileRefused(MESSAGE_POLYGLOT, code="polyglot")
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            # Its objects cannot be read for scripts; readers could not search it either.
            raise FileRefused(
                "Tệp PDF có mật khẩu bảo vệ nên không kiểm tra được. Hãy tải lên bản không "
                "đặt mật khẩu.",
                code="encrypted",
            )
        if len(reader.pages) < 1:
            raise FileRefused(MESSAGE_BROKEN.format(label="PDF"), code="broken")
        checked = 0
        for number, generation in _object_ids(reader):
            checked += 1
            if checked > MAX_PDF_OBJECTS:
                raise FileRefused(MESSAGE_BROKEN.format(label="PDF"), code="broken")
            try:
                obj = reader.get_object(IndirectObject(number, generation, reader))
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
                continue
            if _has_script(obj):
                raise FileRefused(MESSAGE_SCRIPT, code="pdf_script")
        if _has_script(reader.trailer["/Root"].get("/Names", {})):
            raise FileRefused(MESSAGE_SCRIPT, code="pdf_script")
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a broken file
        raise FileRefused(MESSAGE_BROKEN.format(label="PDF"), code="broken") from None
    finally:
        upload.seek(0)
    return PDF


def _object_ids(reader):
    """Return every object number the PDF's cross-reference tables name, streams included."""
    seen = set()
    for generation, numbers in reader.xref.items():
        for number in numbers:
            seen.add((number, generation))
    for number in getattr(reader, "xref_objStm", {}):
        seen.add((number, 0))
    return sorted(seen)


def _check_image(upload):
    upload.seek(0)
    if zipfile.is_zipfile(upload):  # a picture with a zip glued on (a "GIFAR")
        raise FileRefused(MESSAGE_POLYGLOT, code="polyglot")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = _PILLOW_KINDS.get(image.format)
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a broken file
        raise FileRefused(MESSAGE_BROKEN.format(label="ảnh"), code="broken") from None
    finally:
        upload.seek(0)
    if kind is None:
        raise FileRefused(MESSAGE_NOT_ALLOWED, code="not_allowed")
    return kind


def check_file(upload, name=None):
    """Return a CheckedFile for `upload`, or raise ValidationError in Vietnamese."""
    name = display_name(name or getattr(upload, "name", ""))
    size = upload.size
    if not size:
        raise FileRefused(MESSAGE_EMPTY, code="empty")
    if size > max_bytes():
        raise FileRefused(
            MESSAGE_TOO_BIG.format(size=filesizeformat(size), limit=filesizeformat(max_bytes())),
            code="file_too_big",
        )
    head = _read_head(upload)
    sniffed = filetype.guess(head)
    mime = sniffed.mime if sniffed else ""
    claimed = _claimed_extension(name)
    if head.startswith(b"%PDF-"):
        kind = _check_pdf(upload)
    elif (
        mime == "application/zip"
        or head.startswith(b"PK\x03\x04")
        or (sniffed and sniffed.extension in (DOCX, XLSX, ODT, ODS))
    ):
        kind = _check_zip(upload, head)
    elif head.startswith(olefile.MAGIC):
        kind = _check_ole(upload)
    elif mime in ("image/jpeg", "image/png", "image/webp", "image/gif"):
        kind = _check_image(upload)
    else:
        kind = None
    if kind is None or (claimed in CONTENT_TYPES and claimed != kind):
        if claimed in CONTENT_TYPES and not _same_family(claimed, kind):
            raise FileRefused(
                MESSAGE_NOT_WHAT_NAMED.format(name=name, claimed=claimed, label=LABELS[claimed]),
                code="not_what_named",
            )
        if kind is None:
            raise FileRefused(MESSAGE_NOT_ALLOWED, code="not_allowed")
    return CheckedFile(kind)


def _same_family(claimed, kind):
    # A picture saved as .jpg that is really a PNG is still the picture the editor meant.
    images = (JPEG, PNG, WEBP, GIF)
    return kind is not None and claimed in images and kind in images
