from django.apps import AppConfig


class CountersConfig(AppConfig):
    name = "counters"
    verbose_name = "Thống kê truy cập"

    def ready(self):
        # Imported totals (news.importer) become baselines: see counters/receivers.py.
        from . import receivers  # noqa: F401
