"""Settings for the portal: every knob comes from the environment (see .env.example)."""

from datetime import timedelta
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

# The demo's component sites answer on <name>.tphcm.localhost with DEBUG (make run).
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", ".localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "reversion",
    "reversion_compare",
    "tinymce",
    "imagekit",
    "portal.apps.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "portal.apps.PortalConfig",
    "multisite",
    "news",
    "counters",
    "medialib",
    "agency",
    "engagement",
    "documents",
]

MIDDLEWARE = [
    # Outermost: gives every request its id and writes its log line (portal/middleware.py).
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside RefuseNulMiddleware and the rest, so that every response carries it.
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    # Before anything that may look a request value up in PostgreSQL (portal/middleware.py).
    "portal.middleware.RefuseNulMiddleware",
    # request.site, from the host: a province portal and its component sites (multisite/).
    "multisite.middleware.CurrentSiteMiddleware",
    # Readers' pages from the cache, counted, per-request parts filled in
    # (portal/pagecache.py). A page taken from the cache skips everything below.
    "portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Reads its table only for a 404: old portal addresses answer 301 (news/redirects.py).
    "news.redirects.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so its process_exception sees a lost database first: Vietnamese 503 page.
    "portal.middleware.DatabaseUnavailableMiddleware",
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
            # {% url %} reversing each URL without arguments once per process.
            "builtins": ["portal.templatetags.fixed_urls"],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# PostgreSQL only: search (full text, unaccent), the counters' upserts and the importer are
# written for it. `make run` and `make test` find or start one and set DATABASE_URL
# (scripts/postgres.py); everywhere else it must be set.
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "Chưa đặt DATABASE_URL. Cổng thông tin chỉ chạy trên PostgreSQL, ví dụ "
        "DATABASE_URL=postgres://portal:mat-khau@127.0.0.1:5432/portal "
        "(`make run` và `make test` tự tìm hoặc tự tạo PostgreSQL)."
    )
DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL phải trỏ tới PostgreSQL (postgres://...); cổng thông tin không chạy "
        f"trên {DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}."
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# django-environ lower-cases ?key_prefix=...&timeout=... for Django's RedisCache, which then
# ignores them: give them back the names Django reads (KEY_PREFIX lets portals share Redis).
for _option in ("key_prefix", "timeout", "version", "key_function"):
    if _option in CACHES["default"]:
        CACHES["default"][_option.upper()] = CACHES["default"].pop(_option)
# Redis through Django's backend with its client reused (portal/cache.py).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "portal.cache.RedisCache"
# The local-memory default keeps 300 entries, about 50 pages: too few for a portal's
# readers. 2,000 entries of at most a few dozen KB each per worker.
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "portal" / "locale"]
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
            else "portal.storage.StaticFilesStorage"
        )
    },
}

# Cover uploads: anything larger is refused with a message before Pillow decodes it.
COVER_MAX_BYTES = env.int("COVER_MAX_BYTES", default=10 * 1024 * 1024)
COVER_MAX_PIXELS = env.int("COVER_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Files attached to documents and articles (documents app): the largest accepted, and
# their own folder, outside MEDIA_ROOT (served only through the download view, by nginx
# with X-Accel-Redirect when ATTACHMENT_ACCEL_PREFIX is set: deploy/nginx.conf).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=50 * 1024 * 1024)
ATTACHMENT_ROOT = Path(env.str("ATTACHMENT_ROOT", default=str(BASE_DIR / "var" / "attachments")))
ATTACHMENT_ACCEL_PREFIX = env.str("ATTACHMENT_ACCEL_PREFIX", default="")
# The article editor's upload endpoint (news.editor_views) stores files that are not
# pictures with this function, and inserts a link to them.
EDITOR_FILE_UPLOAD = "documents.uploads.editor_upload"
FILE_UPLOAD_HANDLERS = [
    "documents.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

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
        "undo redo | blocks | bold italic | alignleft aligncenter alignright alignjustify"
        " | bullist numlist | blockquote | link image table | removeformat code"
    ),
    # Alignment as the classes news.text keeps (readers' CSP allows no style attribute).
    "formats": {
        f"align{a}": [
            {
                "selector": "p,h2,h3,h4,h5,h6,div,blockquote,li,td,th,figcaption",
                "classes": f"text-{a}",
            },
            *(
                [
                    # A captioned picture is a figure TinyMCE keeps non-editable.
                    {
                        "selector": "figure.image",
                        "classes": f"image-{a}",
                        "collapsed": False,
                        "ceFalseOverride": True,
                    },
                    {"selector": "img", "classes": f"image-{a}", "collapsed": False},
                ]
                if a != "justify"
                else []
            ),
        ]
        for a in ("left", "center", "right", "justify")
    },
    "content_style": (
        "img{max-width:100%;height:auto}"
        ".text-left{text-align:left}.text-center{text-align:center}"
        ".text-right{text-align:right}.text-justify{text-align:justify}"
        ".image-left{float:left;margin:0 1em .5em 0}.image-right{float:right;margin:0 0 .5em 1em}"
        "img.image-center{display:block;margin:0 auto}"
        "figure.image-center{display:table;margin:1em auto}"
        "figure.image{display:table}figure.image figcaption{font-style:italic;text-align:center}"
    ),
    # static/js/admin/tinymce_upload.js: a new caption reads Vietnamese, not "Caption".
    "setup": "portalEditorSetup",
    "block_formats": "Đoạn văn=p; Tiêu đề 2=h2; Tiêu đề 3=h3; Tiêu đề 4=h4",
    "image_caption": True,
    "image_advtab": False,
    "automatic_uploads": True,
    "images_file_types": "jpeg,jpg,png,webp,gif",
    # Defined in static/js/admin/tinymce_upload.js: sends the CSRF token with the upload.
    "images_upload_handler": "portalImageUploadHandler",
    # The link dialog's "browse" button uploads a document (PDF, Word, Excel...) to the same
    # endpoint and links to it (static/js/admin/tinymce_upload.js).
    "file_picker_types": "file",
    "file_picker_callback": "portalFilePicker",
    "relative_urls": False,
    "remove_script_host": True,
    "link_default_protocol": "https",
    "entity_encoding": "raw",
}

# Rendered image sizes are generated when the cover is saved, never on a reader's request;
# a cover whose file is lost is skipped with a warning instead of failing the save.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "portal.media.RenditionStrategy"
IMAGEKIT_SPEC_CACHEFILE_NAMER = "news.images.rendition_name"

# View and visit counting (counters app; docs/operations.md). Proxies listed here are
# believed about X-Forwarded-For: IPs or CIDRs of the load balancer / reverse proxy.
COUNTERS_ENABLED = env.bool("COUNTERS_ENABLED", default=True)
COUNTER_REPEAT_WINDOW_MINUTES = env.int("COUNTER_REPEAT_WINDOW_MINUTES", default=30)
COUNTER_VISIT_WINDOW_MINUTES = env.int("COUNTER_VISIT_WINDOW_MINUTES", default=30)
COUNTER_MAX_PER_IP_PER_MINUTE = env.int("COUNTER_MAX_PER_IP_PER_MINUTE", default=600)
COUNTER_ASYNC_COMMIT = env.bool("COUNTER_ASYNC_COMMIT", default=True)
# Counted views are appended to a per-worker file here, then applied to PostgreSQL in
# batches every COUNTER_FLUSH_SECONDS (counters/spool.py, docs/operations.md). A local
# disk of each app server; deploy/portal.service uses /var/lib/portal/counters.
COUNTER_SPOOL_DIR = env.str("COUNTER_SPOOL_DIR", default=str(BASE_DIR / "var" / "counters"))
COUNTER_FLUSH_SECONDS = env.float("COUNTER_FLUSH_SECONDS", default=1.0)
COUNTER_SPOOL = env.bool("COUNTER_SPOOL", default=True)
# The reverse proxies' own addresses (127.0.0.1 for nginx on this host), never a range of
# clients: each address listed may name any client (docs/operations.md). Empty: none.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# The installation's name, in the admin's header; each site's own name is its Site's.
SITE_NAME = env.str("SITE_NAME", default="Cổng thông tin điện tử")
# A request for a host no site has: "404" (a page naming no site) or "root" (the province
# portal answers, e.g. behind a load balancer that rewrites the host).
UNKNOWN_HOST_SITE = env.str("UNKNOWN_HOST_SITE", default="404")
if UNKNOWN_HOST_SITE not in ("404", "root"):
    raise ImproperlyConfigured('UNKNOWN_HOST_SITE phải là "404" hoặc "root".')
# How long a process keeps the sites, their parents and alias hosts (multisite.sites):
# another process's change to them is seen within this many seconds.
MULTISITE_TREE_SECONDS = env.float("MULTISITE_TREE_SECONDS", default=5.0)
# Functions (request) -> the path an alias host's old address now lives at, or None; the
# request is then sent to that path (else to its own) on the site's canonical host.
ALIAS_REDIRECT_FINDERS = ["news.redirects.find_redirect"]

# Logs go to stdout: one JSON object per line in production, plain text in development
# (LOG_FORMAT=json|text overrides); the formatters are in portal/logging.py. One line per
# request comes from portal.middleware.RequestLogMiddleware, so Django's own "Not Found"
# warnings are left out; errors keep their traceback.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured('LOG_FORMAT phải là "json" hoặc "text".')
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
_log_to_stdout = {"handlers": ["stdout"], "propagate": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "main": {"()": f"portal.logging.{'Json' if LOG_FORMAT == 'json' else 'Text'}Formatter"}
    },
    "filters": {"as_warning": {"()": "portal.logging.AsWarning"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "main",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {**_log_to_stdout, "level": LOG_LEVEL},
        "django.request": {**_log_to_stdout, "level": "ERROR"},
        "django.server": {**_log_to_stdout, "level": "WARNING"},
        # A bad Host header answers 400; Django logs each at ERROR (portal.logging.AsWarning).
        "django.security.DisallowedHost": {**_log_to_stdout, "filters": ["as_warning"]},
        # runserver's "Watching for file changes" line, in English, on every make run.
        "django.utils.autoreload": {**_log_to_stdout, "level": "WARNING"},
        # django-axes announces itself at INFO in every process, manage.py commands whose
        # stdout is data included; failed sign-ins and lockouts are WARNINGs.
        "axes": {**_log_to_stdout, "level": "WARNING"},
        # fpdf2's font subsetting (the demo's PDFs, documents.samples) logs about 300
        # English INFO lines on a first make run.
        "fontTools": {"level": "WARNING"},
    },
}

# --- Production hardening (docs/deploy.md) -------------------------------------------------
# Secure by default when DEBUG is off; each knob keeps Django's own name and can be turned
# off from the environment, e.g. for a plain-HTTP test run on 127.0.0.1.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer probes each app server over plain HTTP: health checks answer as they are.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
HSTS_ONE_YEAR = 365 * 24 * 60 * 60
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else HSTS_ONE_YEAR)
# Both cover only this host's own subdomains (e.g. *.quan11.example.gov.vn), not siblings;
# "preload" commits to nothing until someone submits the domain to the browsers' list.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# "HEADER,value", as nginx sets it: "HTTP_X_FORWARDED_PROTO,https". Empty: trust no header.
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured(
        'SECURE_PROXY_SSL_HEADER phải có dạng "HEADER,giá trị", ví dụ '
        '"HTTP_X_FORWARDED_PROTO,https".'
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are staff's only (readers have none): one office day, 7:30 to 17:30 with the
# lunch break, so a session opened in the morning ends that evening, not two weeks later.
SESSION_COOKIE_AGE = env.int("ADMIN_SESSION_HOURS", default=10) * 60 * 60
# The Vietnamese page for a form sent without a valid CSRF token (expired, no cookie).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# The video players editors may embed (news.text): the only frames the pages load.
VIDEO_PLAYER_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
# Permissions-Policy (portal.middleware.PermissionsPolicyMiddleware; Django has no setting):
# no page of the portal uses a camera, a microphone, the location or any other device,
# so every such feature is off, for the page and for any frame in it; only the video
# players may go full screen or picture-in-picture.
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
    "fullscreen": ["self", *VIDEO_PLAYER_ORIGINS],
    "picture-in-picture": ["self", *VIDEO_PLAYER_ORIGINS],
}

# Admin lives at a configurable path, "quan-tri/" unless ADMIN_URL says otherwise.
ADMIN_URL = env.str("ADMIN_URL", default="quan-tri/").strip("/") + "/"

# Content-Security-Policy (django-csp): our own scripts only, never inline ones. Video
# players are the ones news.text lets editors embed. CSP_EXTRA_IMG_SRC adds media hosts
# (an S3 bucket or CDN); admin pages widen style-src for TinyMCE (portal/middleware.py).
_csp_img = ["'self'", "data:", *env.list("CSP_EXTRA_IMG_SRC", default=[])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": _csp_img,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [*VIDEO_PLAYER_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one username from one IP, that
# pair is locked out for AXES_COOLOFF_MINUTES. Superusers see and clear lockouts in admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.views.axes_lockout"
AXES_COOLOFF_MESSAGE = "Tài khoản tạm bị khóa vì đăng nhập sai quá nhiều lần. Hãy thử lại sau."
AXES_PERMALOCK_MESSAGE = (
    "Tài khoản bị khóa vì đăng nhập sai quá nhiều lần. Hãy liên hệ quản trị viên để mở khóa."
)
# Behind nginx the client address comes from X-Forwarded-For, believed from TRUSTED_PROXIES
# only: failed sign-ins are counted under the address the counters see, by the same
# function (counters.reader.client_ip), not axes' own reading of the headers.
AXES_CLIENT_IP_CALLABLE = "portal.security.axes_client_ip"

# Media: the server's disk by default (nginx serves MEDIA_ROOT); STORAGE=s3 puts uploads on
# S3-compatible storage through django-storages, configured with its own AWS_* names.
STORAGE = env.str("STORAGE", default="filesystem")
if STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
elif STORAGE != "filesystem":
    raise ImproperlyConfigured('STORAGE phải là "filesystem" hoặc "s3".')
