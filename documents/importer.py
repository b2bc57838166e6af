"""Import documents from the old portal's export (the JSON Lines of news.importer).

Lines with ``"type": "document"`` are read (docs/import.md); every other line belongs to
``import_legacy`` and is passed over. A document is keyed by its ``legacy_id`` within the
site: a second run updates what changed and adds what is missing, never a duplicate; a
file already attached under the same name is not stored again. Files come from a folder
beside the export (``--files-dir``) and pass the same checks as an editor's upload
(documents.files): a refused file is reported, its document still imported. A bad line is
reported with its number and reason, the others go on.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from portal.content import clean_text
from portal.pagecache import content_changed

from . import files
from .models import Document, DocumentField, DocumentType, IssuingBody, refresh_search
from .uploads import store_upload

MAX_LINE_BYTES = 1024 * 1024


class Rejected(Exception):
    pass


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    files: int = 0
    problems: list = field(default_factory=list)


def _text(record, name, *, required=False, max_length=None):
    value = record.get(name)
    if value is None or value == "":
        if required:
            raise Rejected(f"thiếu “{name}”")
        return ""
    if not isinstance(value, str | int):
        raise Rejected(f"“{name}” phải là chuỗi")
    value = clean_text(str(value).strip(), multiline=name == "summary")
    if max_length and len(value) > max_length:
        raise Rejected(f"“{name}” dài quá {max_length} ký tự")
    return value


def _day(record, name, *, required=False):
    value = record.get(name)
    if not value:
        if required:
            raise Rejected(f"thiếu “{name}”")
        return None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Rejected(f"“{name}” không phải ngày dạng YYYY-MM-DD") from None
    if not 1900 <= day.year <= 2099:
        raise Rejected(f"“{name}” nằm ngoài khoảng năm 1900 đến 2099")
    return day


class DocumentImporter:
    def __init__(self, path, *, site, files_dir=None):
        self.path = Path(path)
        self.site = site
        self.files_dir = Path(files_dir).resolve() if files_dir else None
        self.summary = Summary()
        self.lists = {}

    def entry(self, model, name):
        key = (model, name)
        if key not in self.lists:
            self.lists[key], _ = model.objects.get_or_create(site=self.site, name=name)
        return self.lists[key]

    def run(self):
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    self.line(number, line)
                except Rejected as exc:
                    self.summary.problems.append((number, str(exc)))
        content_changed(site_ids=[self.site.pk])
        return self.summary

    def line(self, number, line):
        if len(line) > MAX_LINE_BYTES:
            raise Rejected("dòng dài quá 1 MB")
        try:
            record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Rejected("không phải một đối tượng JSON UTF-8") from None
        if not isinstance(record, dict) or record.get("type") != "document":
            return  # import_legacy's line
        fields = {
            "number": _text(record, "number", required=True, max_length=100),
            "summary": _text(record, "summary", required=True),
            "signer": _text(record, "signer", max_length=200),
            "issued_on": _day(record, "issued_on", required=True),
            "effective_on": _day(record, "effective_on"),
            "expires_on": _day(record, "expires_on"),
        }
        legacy_id = _text(record, "legacy_id", required=True, max_length=64)
        fields["doc_type"] = self.entry(
            DocumentType, _text(record, "doc_type", required=True, max_length=200)
        )
        fields["issuer"] = self.entry(
            IssuingBody, _text(record, "issuer", required=True, max_length=200)
        )
        field_name = _text(record, "field", max_length=200)
        fields["field"] = self.entry(DocumentField, field_name) if field_name else None
        names = record.get("files") or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise Rejected("“files” phải là danh sách tên tệp")
        with transaction.atomic():
            self.store(number, legacy_id, fields, names)

    def store(self, number, legacy_id, fields, names):
        document = Document.objects.filter(site=self.site, legacy_id=legacy_id).first()
        if document is None:
            document = Document(
                site=self.site,
                legacy_id=legacy_id,
                status=Document.Status.PUBLISHED,
                publish_at=datetime.combine(fields["issued_on"], datetime.min.time()).astimezone(),
                **fields,
            )
            document.save()
            self.summary.created += 1
        else:
            changed = [k for k, v in fields.items() if getattr(document, k) != v]
            if changed:
                for name in changed:
                    setattr(document, name, fields[name])
                document.save()
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1
        known = set(document.attachments.values_list("name", flat=True))
        for position, name in enumerate(names):
            shown = files.display_name(name)
            if shown in known:
                continue
            path = self.file_path(name)
            if path is None:
                self.summary.problems.append((number, f"không tìm thấy tệp “{name}”"))
                continue
            try:
                store_upload(
                    SimpleUploadedFile(shown, path.read_bytes()),
                    document=document,
                    position=position,
                )
                self.summary.files += 1
            except ValidationError as exc:
                self.summary.problems.append((number, f"tệp “{name}”: {' '.join(exc.messages)}"))
        refresh_search([document.pk])

    def file_path(self, name):
        """Return the file `name` inside --files-dir, or None (never a path outside it)."""
        if self.files_dir is None:
            return None
        path = (self.files_dir / name).resolve()
        if not path.is_relative_to(self.files_dir) or not path.is_file():
            return None
        return path
