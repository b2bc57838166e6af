"""Text inside uploaded PDF and DOCX files, for search: bounded, and never a reason to refuse.

``extract_text(path_or_file, kind)`` returns (text, status). It reads at most MAX_PAGES
pages or DOCX paragraphs, keeps at most MAX_CHARS characters and stops after
MAX_SECONDS (checked between pages: one pathological page can still take its own time,
bounded by pypdf). Anything that goes wrong gives ("", FAILED): the file is published all
the same, only its inside is not searchable.
"""

import logging
import time
import zipfile

from portal.content import clean_text

from . import files

logger = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARS = 200_000
MAX_SECONDS = 10.0
# A DOCX whose main part unpacks to more than this is not read (its zip passed the
# bomb check, but python-docx would hold it all in memory).
MAX_DOCX_XML_BYTES = 30 * 1024 * 1024

DONE, FAILED, NONE = "done", "failed", "none"


def _pdf_text(file, deadline):
    from pypdf import PdfReader

    reader = PdfReader(file, strict=False)
    parts, length = [], 0
    for index, page in enumerate(reader.pages):
        if index >= MAX_PAGES or length >= MAX_CHARS or time.monotonic() > deadline:
            break
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


def _docx_text(file, deadline):
    import docx

    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        if archive.getinfo("word/document.xml").file_size > MAX_DOCX_XML_BYTES:
            raise ValueError("word/document.xml quá lớn")
    file.seek(0)
    document = docx.Document(file)
    parts, length = [], 0
    for index, paragraph in enumerate(document.paragraphs):
        if index % 100 == 0 and time.monotonic() > deadline:
            break
        parts.append(paragraph.text)
        length += len(paragraph.text)
        if length >= MAX_CHARS:
            break
    for table in document.tables[:50]:
        for row in table.rows[:500]:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


EXTRACTORS = {files.PDF: _pdf_text, files.DOCX: _docx_text}


def extract_text(file, kind):
    """Return (text, status) for a stored file of `kind`; NONE for kinds not read."""
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        return "", NONE
    deadline = time.monotonic() + MAX_SECONDS
    try:
        file.seek(0)
        text = extractor(file, deadline)
    except Exception as exc:  # noqa: BLE001 - any parser failure leaves the file unsearched
        logger.warning("Không đọc được chữ trong tệp (%s: %s)", type(exc).__name__, exc)
        return "", FAILED
    finally:
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    return clean_text(" ".join(text.split())[:MAX_CHARS]), DONE
