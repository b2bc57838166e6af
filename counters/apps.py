from django.apps import AppConfig


class CountersConfig(AppConfig):
    name = "counters"
    verbose_name = "Thống kê truy cập"

    def ready(self):
        # Imported totals (news.importer) become baselines: see counters/receivers.py.
        from django.conf import settings
        from django.core import checks
        from django.core.signals import request_finished

        from . import downloads, receivers  # noqa: F401
        from .reader import trusted_proxy_ranges

        checks.register(trusted_proxy_ranges, checks.Tags.security)

        from .counting import register_total_part

        register_total_part()

        if settings.COUNTER_SPOOL:
            from .spool import _after_request

            # Spooled counts are applied after the response has been sent (counters.spool).
            request_finished.connect(_after_request, dispatch_uid="counters-spool-flush")
