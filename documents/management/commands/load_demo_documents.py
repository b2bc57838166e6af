"""Load the demo's documents with small real PDF and DOCX files made here (after load_demo)."""

from datetime import date

import reversion
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from documents.demo.content import DOCUMENTS, FIELDS, ISSUERS, TYPES
from documents.models import Document, DocumentField, DocumentType, IssuingBody, refresh_search
from documents.samples import docx_bytes, pdf_bytes
from documents.uploads import store_upload
from news.demo import sites as demo_sites
from news.models import Article

WRITERS = {"pdf": pdf_bytes, "docx": docx_bytes}


def _day(value):
    return date.fromisoformat(value) if value else None


class Command(BaseCommand):
    help = (
        "Nạp văn bản mẫu (Chỉ thị 10-CT/TW, Hướng dẫn 09-HD/BTCTW và một số văn bản của Thành "
        "phố, phường) kèm tệp PDF, DOCX. Chạy lại vẫn an toàn: chỉ thêm những gì còn thiếu."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        sites = {
            key: Site.objects.filter(domain=domain).first() for key, domain, *_ in demo_sites.SITES
        }
        created = 0
        for spec in DOCUMENTS:
            site = sites.get(spec["site"])
            if site is None:
                self.stderr.write(f"Chưa có trang {spec['site']}: hãy chạy load_demo trước.")
                continue
            if Document.objects.filter(site=site, legacy_id=spec["legacy_id"]).exists():
                continue
            self.create(site, spec)
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Văn bản mẫu: thêm {created} văn bản."))

    def entry(self, model, site, name):
        names = {DocumentType: TYPES, IssuingBody: ISSUERS, DocumentField: FIELDS}[model]
        position = names.index(name) if name in names else 0
        return model.objects.get_or_create(site=site, name=name, defaults={"position": position})[0]

    def create(self, site, spec):
        document = Document(
            site=site,
            legacy_id=spec["legacy_id"],
            number=spec["number"],
            doc_type=self.entry(DocumentType, site, spec["type"]),
            issuer=self.entry(IssuingBody, site, spec["issuer"]),
            field=self.entry(DocumentField, site, spec["field"]) if spec.get("field") else None,
            signer=spec.get("signer", ""),
            issued_on=_day(spec["issued_on"]),
            effective_on=_day(spec.get("effective_on")),
            expires_on=_day(spec.get("expires_on")),
            summary=spec["summary"],
            shared_with_components=spec.get("shared", False),
            status=Document.Status.PUBLISHED,
        )
        with reversion.create_revision():
            reversion.set_comment("Nạp nội dung mẫu.")
            document.save()
            for position, (name, kind, paragraphs) in enumerate(spec.get("files", [])):
                title = f"{spec['type']} số {spec['number']}: {spec['summary']}"
                content = WRITERS[kind](title, [spec["summary"], *paragraphs])
                store_upload(
                    SimpleUploadedFile(name, content), document=document, position=position
                )
        related = Article.objects.filter(legacy_id__in=spec.get("related", []))
        document.related_articles.add(*related)
        refresh_search([document.pk])
