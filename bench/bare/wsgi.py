"""WSGI entry point: gunicorn -c gunicorn.conf.py --pythonpath bench bare.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare.settings")

application = get_wsgi_application()
