"""Settings of the smallest Django site make bench measures: no app, no middleware.

It answers "ok" (bare/urls.py), so gunicorn + nginx + Django's request handling alone
set the ceiling the portal's hot article page is compared with (bench/run.sh).
"""

import environ

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bare.urls"
DATABASES = {}
USE_TZ = True
