"""manage.py import_documents export.jsonl --files-dir folder [--site domain]"""

from pathlib import Path

from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError

from documents.importer import DocumentImporter


class Command(BaseCommand):
    help = (
        "Nhập văn bản (dòng “type”: “document”) từ tệp JSON Lines của cổng cũ, kèm tệp trong "
        "--files-dir. Chạy lại vẫn an toàn: văn bản được nhận ra theo legacy_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp JSON Lines xuất từ cổng cũ")
        parser.add_argument("--files-dir", help="thư mục chứa tệp văn bản")
        parser.add_argument("--site", help="trang nhận văn bản: tên miền hoặc số thứ tự")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        if options["files_dir"] and not Path(options["files_dir"]).is_dir():
            raise CommandError(f"Không tìm thấy thư mục {options['files_dir']}.")
        sites = Site.objects.order_by("pk")
        wanted = options["site"]
        if wanted:
            site = sites.filter(domain__iexact=wanted).first() or (
                sites.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            )
            if site is None:
                raise CommandError(f"Không có trang {wanted!r}.")
        elif sites.count() == 1:
            site = sites.get()
        else:
            raise CommandError("Hãy chọn trang nhận văn bản bằng --site.")
        summary = DocumentImporter(path, site=site, files_dir=options["files_dir"]).run()
        for number, reason in summary.problems[:50]:
            self.stderr.write(f"Dòng {number}: {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Văn bản: thêm {summary.created}, cập nhật {summary.updated}, giữ nguyên "
                f"{summary.unchanged}; {summary.files} tệp mới; {len(summary.problems)} lỗi."
            )
        )
