"""manage.py import_legacy PATH [--media-dir DIR]: bring in the old portal's export.

The format and what a run does are described in docs/import.md.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from news.importer import BATCH_SIZE, REPORTED_REJECTS, LegacyImporter

# Without a terminal, one progress line at most this often.
PLAIN_PROGRESS_SECONDS = 10


class Command(BaseCommand):
    help = "Nhập tin bài, chuyên mục và số lượt truy cập từ tệp JSON Lines của cổng cũ."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp JSON Lines xuất từ cổng cũ")
        parser.add_argument(
            "--media-dir", help="thư mục chứa ảnh; trường “image” là đường dẫn trong đó"
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        media_dir = options["media_dir"]
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"Không tìm thấy thư mục ảnh {media_dir}.")
        if not 1 <= options["batch_size"] <= 10_000:
            raise CommandError("--batch-size phải từ 1 đến 10000.")

        started = time.monotonic()
        if self.stdout.isatty():
            summary = self._run_with_bar(path, media_dir, options["batch_size"])
        else:
            summary = self._run_plain(path, media_dir, options["batch_size"])
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

    def _run_plain(self, path, media_dir, batch_size):
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

        importer = LegacyImporter(path, media_dir=media_dir, batch_size=batch_size)
        importer.progress = progress
        return importer.run()

    def _run_with_bar(self, path, media_dir, batch_size):
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

            importer = LegacyImporter(path, media_dir=media_dir, batch_size=batch_size)
            importer.progress = progress
            return importer.run()
