"""manage.py site_addresses [--port N]: each site's name and address, province portal first."""

from django.core.management.base import BaseCommand

from multisite.sites import tree


class Command(BaseCommand):
    help = "In tên và địa chỉ của từng trang: cổng gốc trước, rồi các trang thành phần."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, help="cổng máy chủ phát triển, ví dụ 8000")

    def handle(self, *args, port=None, **options):
        known = tree()
        roots = [pk for pk, parent in known.parents.items() if parent is None]
        ordered = []
        for root in sorted(roots) or sorted(known.sites):
            ordered += [root, *known.children.get(root, [])]
        ordered += [pk for pk in sorted(known.sites) if pk not in ordered]
        suffix = f":{port}" if port else ""
        for pk in ordered:
            site = known.sites[pk]
            indent = "  " if known.parents.get(pk) is not None else ""
            self.stdout.write(f"{indent}{site.name}: http://{site.domain}{suffix}/")
