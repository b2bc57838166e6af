"""Apply the counts left in spool files by stopped or killed processes.

Running workers apply their own spool files and adopt those of dead siblings every few
seconds; this command does the same at once, e.g. after stopping the service, before a
backup or before comparing stored totals with a load test's responses. Files of running
processes are left to them (their lock is held). Safe to run at any time, as often as
wanted: every line is applied exactly once.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from counters import spool


class Command(BaseCommand):
    help = "Ghi vào cơ sở dữ liệu các lượt đếm còn trong tệp đếm của tiến trình đã dừng."

    def handle(self, *args, **options):
        try:
            directory = spool.spool_dir()
        except Exception as exc:  # noqa: BLE001 - ImproperlyConfigured, said plainly
            raise CommandError(str(exc)) from exc
        adopted = 0
        for path in sorted(directory.glob("*" + spool.SUFFIX)):
            try:
                if spool.adopt_file(path):
                    adopted += 1
            except DatabaseError as exc:
                raise CommandError(f"Không ghi được tệp {path.name}: {exc}") from exc
        left = len(list(directory.glob("*" + spool.SUFFIX)))
        self.stdout.write(
            f"Đã ghi {adopted} tệp đếm của tiến trình đã dừng; "
            f"{left} tệp của tiến trình đang chạy để lại cho chúng (thư mục {directory})."
        )
