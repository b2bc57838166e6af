from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from news.importer import register_line_type

        from . import receivers  # noqa: F401
        from .importer import DocumentLines

        register_line_type("document", DocumentLines)

        from .templatetags.documents_tags import register_files_part

        register_files_part()
