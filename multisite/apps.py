from django.apps import AppConfig


class MultisiteConfig(AppConfig):
    name = "multisite"
    verbose_name = "Trang thành phần"

    def ready(self):
        from . import signals  # noqa: F401 - keeps the host map current
