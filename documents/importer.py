"""The ``"type": "document"`` lines of ``import_legacy`` (news.importer; docs/import.md).

Registered into news.importer.LINE_TYPES by DocumentsConfig.ready(). A document is keyed by
its ``legacy_id`` within the site: a second run updates what changed and adds what is
missing, never a duplicate; a file already attached under the same name is not read or
stored again. Files come from the importer's files folder and pass the same checks as an
editor's upload (documents.files). A line is imported whole or not at all: a missing or
refused file, a bad date, an unknown related article reject the line (with its number,
into the importer's rejects file) and nothing of it is stored.

Everything is written through the models, in one transaction and one revision per line,
so the page cache and the history see the import as they see an editor's save.
"""

import re
from contextlib import ExitStack
from datetime import date, datetime, time

import reversion
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from news.importer import LEGACY_ID_MAX_LENGTH, Rejected, text_field
from portal.content import DATE_RANGE

from . import files
from .models import (
    END_DAY,
    FIRST_DAY,
    Attachment,
    Document,
    DocumentField,
    DocumentType,
    IssuingBody,
    attachment_storage,
)
from .uploads import prepare, store

NUMBER_MAX_LENGTH = Document._meta.get_field("number").max_length
NAME_MAX_LENGTH = DocumentType._meta.get_field("name").max_length
SIGNER_MAX_LENGTH = Document._meta.get_field("signer").max_length
# Files of one document; a real one has a handful.
MAX_FILES = 50
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LISTS = {"doc_type": DocumentType, "issuer": IssuingBody, "field": DocumentField}


def _day(record, name, *, required=False):
    value = record.get(name)
    if value is None or value == "":
        if required:
            raise Rejected(f"thiếu trường “{name}”")
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise Rejected(f"“{name}” không phải ngày dạng YYYY-MM-DD: {str(value)[:40]!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Rejected(f"“{name}” không phải ngày có thật: {value!r}") from None
    if not FIRST_DAY <= day < END_DAY:
        raise Rejected(f"“{name}” ngoài khoảng năm {FIRST_DAY.year}–{END_DAY.year - 1}: {value!r}")
    return day


def _list(record, name, *, item):
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(item(v) for v in value):
        raise Rejected(f"“{name}” phải là danh sách {'tên tệp' if name == 'files' else 'mã bài'}")
    return value


def _is_legacy_id(value):
    return isinstance(value, str | int) and not isinstance(value, bool)


def _is_file_name(value):
    return isinstance(value, str) and value.strip() != ""


def parse(record):
    """Return (legacy_id, fields, related legacy ids, file names) of a line, or raise."""
    legacy_id = text_field(record, "legacy_id", required=True, max_length=LEGACY_ID_MAX_LENGTH)
    fields = {
        "number": text_field(record, "number", required=True, max_length=NUMBER_MAX_LENGTH),
        "summary": text_field(record, "summary", required=True, multiline=True),
        "signer": text_field(record, "signer", max_length=SIGNER_MAX_LENGTH),
        "issued_on": _day(record, "issued_on", required=True),
        "effective_on": _day(record, "effective_on"),
        "expires_on": _day(record, "expires_on"),
    }
    for name in LISTS:
        fields[name] = text_field(
            record, name, required=name != "field", max_length=NAME_MAX_LENGTH
        )
    if fields["effective_on"] and fields["expires_on"]:
        if fields["expires_on"] <= fields["effective_on"]:
            raise Rejected("“expires_on” phải sau “effective_on”")
    if "shared_with_components" in record:
        shared = record["shared_with_components"]
        if not isinstance(shared, bool):
            raise Rejected("“shared_with_components” phải là true hoặc false")
        fields["shared_with_components"] = shared
    related = [str(v).strip() for v in _list(record, "related_articles", item=_is_legacy_id)]
    names = _list(record, "files", item=_is_file_name)
    if len(names) > MAX_FILES:
        raise Rejected(f"“files” có quá {MAX_FILES} tệp")
    return legacy_id, fields, related, names


class DocumentLines:
    """Import one run's document lines; made by news.importer for each run."""

    def __init__(self, importer):
        self.importer = importer
        self.site = importer.site
        self.documents = importer.summary.tally("Văn bản")
        self.files = importer.summary.tally("Tệp của văn bản")
        self.first_lines = {}  # legacy id -> the line that brought it

    def import_line(self, number, record):
        legacy_id, fields, related, names = parse(record)
        first = self.first_lines.setdefault(legacy_id, number)
        if first != number:
            raise Rejected(f"“legacy_id” lặp lại (đã có ở dòng {first})")
        article_ids = self.importer.article_ids(related) if related else {}
        for legacy in related:
            if legacy not in article_ids:
                raise Rejected(
                    f"không có bài viết “legacy_id” {legacy!r} để liên kết (bài phải ở dòng "
                    "trên hoặc đã có trên trang)"
                )
        document = Document.objects.filter(site=self.site, legacy_id=legacy_id).first()
        attached = set(document.attachments.values_list("name", flat=True)) if document else set()
        with ExitStack() as open_files:
            new_files = self._checked_files(names, attached, open_files)
            created, changed = self._write(number, document, legacy_id, fields, new_files,
                                           [article_ids[r] for r in related])  # fmt: skip
        if created:
            self.documents.created += 1
        elif changed:
            self.documents.updated += 1
        else:
            self.documents.unchanged += 1
        self.files.created += len(new_files)
        self.files.unchanged += len(names) - len(new_files)

    def _checked_files(self, names, attached, open_files):
        """Return [(prepared Attachment, file)] of the files not attached yet, all checked."""
        checked, shown_names = [], set()
        for position, name in enumerate(names):
            shown = files.display_name(name)
            if shown in shown_names:
                raise Rejected(f"hai tệp cùng tên “{shown}” trong “files”")
            shown_names.add(shown)
            if shown in attached:
                continue
            path = self.importer.file_path(name)
            upload = File(open_files.enter_context(path.open("rb")), name=shown)
            attachment = Attachment(site=self.site, position=position)
            try:
                prepare(attachment, upload)
            except ValidationError as exc:
                raise Rejected(f"tệp {name!r}: {' '.join(exc.messages)}") from None
            checked.append((attachment, upload))
        return checked

    def _entry(self, model, name):
        entry = model.objects.filter(site=self.site, name=name).first()
        return entry or model.objects.create(site=self.site, name=name)

    def _write(self, number, document, legacy_id, fields, new_files, article_ids):
        """Create or update the document with its new files and links; return (created,
        changed)."""
        stored = []
        try:
            with transaction.atomic(), reversion.create_revision():
                source = f"{self.importer.path.name}, dòng {number}"
                reversion.set_comment(f"Nhập từ cổng cũ ({source}).")
                values = dict(fields)
                for name, model in LISTS.items():
                    entry_name = values.pop(name)
                    values[f"{name}_id"] = self._entry(model, entry_name).pk if entry_name else None
                created = document is None
                if created:
                    document = Document(
                        site=self.site,
                        legacy_id=legacy_id,
                        status=Document.Status.PUBLISHED,
                        publish_at=_publish_at(fields["issued_on"]),
                        **values,
                    )
                    document.save()
                    changed = True
                else:
                    changed = [k for k, v in values.items() if getattr(document, k) != v]
                    for name in changed:
                        setattr(document, name, values[name])
                    if changed:
                        document.save()
                for attachment, upload in new_files:
                    attachment.document = document
                    store(attachment, upload)
                    stored.append(attachment.file.name)
                linked = set(document.related_articles.values_list("pk", flat=True))
                missing = [pk for pk in article_ids if pk not in linked]
                if missing:
                    # Links are only added: an editor's own related articles stay.
                    document.related_articles.add(*missing)
                    changed = True
        except BaseException:
            for name in stored:  # the rows are rolled back: their files go too
                attachment_storage().delete(name)
            raise
        return created, bool(changed or new_files)


def _publish_at(day):
    """Return when an imported document is published: the start of its day of issue."""
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return max(moment, DATE_RANGE[0])
