"""manage.py import_legacy PATH --site HOST [--media-dir DIR] [--files-dir DIR]: bring in an
old portal's export.

Everything goes to one site: the ward, commune or province portal that took over the old
portal's territory (--site: its host name or id; optional when there is only one site).

The format and what a run does are described in docs/import.md.
"""

import time
from pathlib import Path

from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError

from news.importer import BATCH_SIZE, REPORTED_REJECTS, LegacyImporter, default_files_dir

# Without a terminal, one progress line at most this often.
PLAIN_PROGRESS_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Nhập chuyên mục, tin bài, số lượt truy cập và các loại dòng khác (văn bản...) từ tệp "
        "JSON Lines của cổng cũ."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp JSON Lines xuất từ cổng cũ")
        parser.add_argument(
            "--media-dir", help="thư mục chứa ảnh; trường “image” là đường dẫn trong đó"
        )
        parser.add_argument(
            "--files-dir",
            help=(
                "thư mục chứa tệp đính kèm; trường “files” là đường dẫn trong đó "
                "(mặc định: thư mục <tên tệp>_files cạnh tệp nhập)"
            ),
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--site", help="trang nhận nội dung: tên miền hoặc số thứ tự (xem trang quản trị)"
        )

    def _site(self, wanted):
        sites = Site.objects.order_by("pk")
        if wanted:
            found = sites.filter(domain__iexact=wanted).first()
            if found is None and wanted.isdigit():
                found = sites.filter(pk=int(wanted)).first()
            if found is None:
                raise CommandError(f"Không có trang {wanted!r}. Các trang: {_listing(sites)}.")
            return found
        if sites.count() != 1:
            raise CommandError(f"Hãy chọn trang nhận nội dung bằng --site: {_listing(sites)}.")
        return sites.get()

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        media_dir = options["media_dir"]
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"Không tìm thấy thư mục ảnh {media_dir}.")
        files_dir = options["files_dir"]
        if files_dir and not Path(files_dir).is_dir():
            raise CommandError(f"Không tìm thấy thư mục tệp {files_dir}.")
        if not 1 <= options["batch_size"] <= 10_000:
            raise CommandError("--batch-size phải từ 1 đến 10000.")
        site = self._site(options["site"])
        self.stdout.write(f"Nhập vào trang {site.name} ({site.domain}).")
        if not files_dir and default_files_dir(path).is_dir():
            self.stdout.write(f"Tệp đính kèm lấy từ {default_files_dir(path)}.")

        started = time.monotonic()
        make = lambda: LegacyImporter(  # noqa: E731
            path,
            site=site,
            media_dir=media_dir,
            files_dir=files_dir,
            batch_size=options["batch_size"],
        )
        if self.stdout.isatty():
            summary = self._run_with_bar(path, make)
        else:
            summary = self._run_plain(make)
        elapsed = time.monotonic() - started

        for number, reason in summary.first_rejects:
            self.stderr.write(f"Dòng {number}: {reason}")
        if summary.rejected > len(summary.first_rejects):
            self.stderr.write(
                f"... và {summary.rejected - REPORTED_REJECTS} dòng bị loại khác "
                f"(xem {summary.rejects_path})."
            )
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Xong trong {elapsed:.1f} giây."))

    def _run_plain(self, make):
        last = [0.0]

        def progress(done, total, summary):
            now = time.monotonic()
            if done < total and now - last[0] < PLAIN_PROGRESS_SECONDS:
                return
            last[0] = now
            articles = summary.articles
            self.stdout.write(
                f"{done * 100 // max(total, 1)}%: {articles.created} bài mới, "
                f"{articles.updated} cập nhật, {articles.unchanged} không đổi, "
                f"{summary.rejected} dòng bị loại"
            )

        importer = make()
        importer.progress = progress
        return importer.run()

    def _run_with_bar(self, path, make):
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        console = Console(file=self.stdout._out)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("Đang nhập", total=path.stat().st_size)

            def progress(done, total, summary):
                articles = summary.articles
                bar.update(
                    task,
                    completed=done,
                    description=(
                        f"{articles.created + articles.updated + articles.unchanged} bài, "
                        f"{summary.rejected} bị loại"
                    ),
                )

            importer = make()
            importer.progress = progress
            return importer.run()


def _listing(sites):
    return ", ".join(f"{site.domain} ({site.pk})" for site in sites) or "chưa có trang nào"
