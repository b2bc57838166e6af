from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """Notices, reader ratings and the links block: what a portal says to and hears from readers."""

    name = "engagement"
    verbose_name = "Tương tác với bạn đọc"

    def ready(self):
        from . import demo, receivers  # noqa: F401
        from .notices import register_notices_part

        register_notices_part()
