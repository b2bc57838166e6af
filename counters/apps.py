from django.apps import AppConfig


class CountersConfig(AppConfig):
    name = "counters"
    verbose_name = "Thống kê truy cập"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
