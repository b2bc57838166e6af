"""Settings for the portal: every knob comes from the environment (see .env.example)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is a development convenience; production sets real environment variables.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Keys that must never sign production cookies: empty, Django's startproject default,
# or the placeholder shipped in .env.example.
INSECURE_KEY_PREFIXES = ("django-insecure", "change-me")
MIN_SECRET_KEY_LENGTH = 40
SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and (
    len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or SECRET_KEY.startswith(INSECURE_KEY_PREFIXES)
):
    raise ImproperlyConfigured(
        "SECRET_KEY phải được đặt thành một chuỗi ngẫu nhiên dài ít nhất "
        f"{MIN_SECRET_KEY_LENGTH} ký tự khi DEBUG tắt (production). Tạo bằng: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "reversion",
    "reversion_compare",
    "tinymce",
    "imagekit",
    "news",
    "counters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "counters.middleware.CounterMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Without DATABASE_URL the portal runs on an SQLite file so `make run` needs no server;
# production and the test suite use PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cover uploads: anything larger is refused with a message before Pillow decodes it.
COVER_MAX_BYTES = env.int("COVER_MAX_BYTES", default=10 * 1024 * 1024)
COVER_MAX_PIXELS = env.int("COVER_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# The body editor: TinyMCE from our own static files (no CDN, no cloud features), in
# Vietnamese, with the tools the sanitizer (news.text.clean_html) lets through.
TINYMCE_DEFAULT_CONFIG = {
    "license_key": "gpl",
    "language": "vi",
    "height": 560,
    "menubar": False,
    "toolbar_mode": "wrap",
    "promotion": False,
    "branding": False,
    "browser_spellcheck": True,
    "plugins": "autolink lists advlist link image table code wordcount",
    "toolbar": (
        "undo redo | blocks | bold italic | bullist numlist | blockquote | link image table"
        " | removeformat code"
    ),
    "block_formats": "Đoạn văn=p; Tiêu đề 2=h2; Tiêu đề 3=h3; Tiêu đề 4=h4",
    "image_caption": True,
    "image_advtab": False,
    "automatic_uploads": True,
    "images_file_types": "jpeg,jpg,png,webp,gif",
    # Defined in static/js/admin/tinymce_upload.js: sends the CSRF token with the upload.
    "images_upload_handler": "portalImageUploadHandler",
    "relative_urls": False,
    "remove_script_host": True,
    "link_default_protocol": "https",
    "entity_encoding": "raw",
}

# Rendered image sizes are generated when the cover is saved, never on a reader's request.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

# View and visit counting (counters app; docs/operations.md). Proxies listed here are
# believed about X-Forwarded-For: IPs or CIDRs of the load balancer / reverse proxy.
COUNTERS_ENABLED = env.bool("COUNTERS_ENABLED", default=True)
COUNTER_REPEAT_WINDOW_MINUTES = env.int("COUNTER_REPEAT_WINDOW_MINUTES", default=30)
COUNTER_VISIT_WINDOW_MINUTES = env.int("COUNTER_VISIT_WINDOW_MINUTES", default=30)
COUNTER_MAX_PER_IP_PER_MINUTE = env.int("COUNTER_MAX_PER_IP_PER_MINUTE", default=600)
COUNTER_ASYNC_COMMIT = env.bool("COUNTER_ASYNC_COMMIT", default=True)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

SITE_NAME = env.str("SITE_NAME", default="Cổng thông tin điện tử Quận 11")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
