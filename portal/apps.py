"""App configs of the project itself, and of apps the portal adjusts for its users."""

import re

from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import timezone, translation

# Django names the default permissions in English when it creates them ("Can add user");
# the group and user forms list them by that name.
_DEFAULT_PERMISSION = re.compile(r"Can (add|change|delete|view) ")
PERMISSION_VERBS = {"add": "thêm", "change": "sửa", "delete": "xóa", "view": "xem"}


def name_permissions_in_vietnamese(sender, using="default", **kwargs):
    """Rename the default permissions of the app just migrated: "Có thể thêm người dùng"."""
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.using(using).filter(
        content_type__app_label=sender.label, name__startswith="Can "
    )
    with translation.override("vi"):
        for permission in permissions.select_related("content_type"):
            match = _DEFAULT_PERMISSION.match(permission.name)
            model = permission.content_type.model_class()
            if match is None or model is None:
                continue
            permission.name = f"Có thể {PERMISSION_VERBS[match[1]]} {model._meta.verbose_name}"
            permission.save(update_fields=["name"])


class PortalConfig(AppConfig):
    """The project package: page cache, per-request parts, the admin as assembled."""

    name = "portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
        # After django.contrib.auth's own receiver, which creates the permissions.
        post_migrate.connect(
            name_permissions_in_vietnamese, dispatch_uid="portal.vietnamese_permissions"
        )


def _when(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S %d/%m/%Y") if moment else ""


class AxesConfig(BaseAxesConfig):
    """django-axes under a Vietnamese name in admin (its strings: portal/locale)."""

    verbose_name = "Khóa đăng nhập sai"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # axes writes these names in English f-strings; they title its admin pages.
        AccessLog.__str__ = lambda log: (
            f"Đăng nhập của {log.username} lúc {_when(log.attempt_time)}"
        )
        AccessAttempt.__str__ = lambda attempt: (
            f"Lần thử đăng nhập lúc {_when(attempt.attempt_time)}"
        )
        AccessFailureLog.__str__ = lambda failure: (
            f"Đăng nhập sai của {failure.username} lúc {_when(failure.attempt_time)}"
            f" từ {failure.ip_address}" + (" (bị khóa)" if failure.locked_out else "")
        )
