from django.apps import AppConfig


class AgencyConfig(AppConfig):
    """Who the agency is and how to reach it: pages, leaders, agency information."""

    name = "agency"
    verbose_name = "Giới thiệu cơ quan"

    def ready(self):
        from . import receivers  # noqa: F401
        from .chrome import register_chrome_part

        register_chrome_part()
