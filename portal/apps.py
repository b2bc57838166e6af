"""App configs the portal adjusts for its readers and editors."""

from axes.apps import AppConfig as BaseAxesConfig


class AxesConfig(BaseAxesConfig):
    """django-axes under a Vietnamese name in admin (its strings: portal/locale)."""

    verbose_name = "Khóa đăng nhập sai"
