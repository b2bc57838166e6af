from django.apps import AppConfig


class MedialibConfig(AppConfig):
    """The media library: every picture editors upload, to find and reuse it."""

    name = "medialib"
    verbose_name = "Thư viện ảnh"

    def ready(self):
        from . import receivers  # noqa: F401
