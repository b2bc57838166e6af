"""gunicorn settings for production: `gunicorn portal.wsgi` reads this file from the project root.

Every value can be overridden from the environment, so one file serves a laptop, one
server and several app servers behind nginx.
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"

# nginx talks to gunicorn over loopback (or a unix socket: GUNICORN_BIND=unix:/run/portal.sock).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))

# Sync workers: page rendering is CPU-bound and PostgreSQL calls are short. The classic
# (2 x cores) + 1 keeps the CPU busy while some workers wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request slower than this is stuck, not busy: kill the worker and start another.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On reload (SIGHUP) or stop (SIGTERM), workers finish in-flight requests first.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then so a slow leak can never grow without bound; the jitter
# keeps them from all restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

# Logs go to stdout/stderr, where systemd's journal (or any supervisor) collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Only nginx on this machine may tell us the client's scheme and address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
