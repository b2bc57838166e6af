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
# keeps them from all restarting at the same moment. A new worker costs about 0.5 s of
# CPU (importing Django and the portal, first requests): at 5,000 requests, under load
# every worker restarted every 16 s, 7% of the CPU (py-spy, docs/performance.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))

# Logs go to stdout/stderr, where systemd's journal (or any supervisor) collects them.
# The access log is the portal's own: portal.middleware.RequestLogMiddleware writes one JSON
# line per request to stdout with what gunicorn cannot know (request id, staff user id,
# duration inside Django), and health checks only at DEBUG. gunicorn's own text line would
# repeat it and break one-JSON-object-per-line, so it is off unless asked for: GUNICORN_ACCESS_LOG=-
# (stdout) or a file path.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket defaults to one path per user, which a second gunicorn on the
# same machine (a test, the bench, a second site) would take over. systemd's signals do
# what we need (reload: HUP, stop: TERM); GUNICORN_CONTROL_SOCKET=/path turns it on.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET")
if _control_socket:
    control_socket = _control_socket
control_socket_disable = not _control_socket

# Only nginx on this machine may tell us the client's scheme and address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# In production (DEBUG off, or LOG_FORMAT=json) gunicorn's own lines (start-up, worker
# timeouts, crashes) are JSON too, like the portal's: one log format for the collector.
_debug = os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
_json_logs = (os.environ.get("LOG_FORMAT") or ("text" if _debug else "json")) == "json"

if _json_logs:
    from gunicorn.glogging import Logger

    class JsonLogger(Logger):
        """gunicorn's logger with the portal's JSON formatter on its error log."""

        def setup(self, cfg):
            super().setup(cfg)
            from portal.logging import JsonFormatter

            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())

    logger_class = JsonLogger


def worker_exit(server, worker):
    """Apply the worker's spooled view counts before it exits (counters/spool.py).

    Runs on graceful stops, reloads and max_requests recycling. A worker killed outright
    never gets here: its spool file is adopted by a sibling or `manage.py flush_counters`.
    """
    try:
        from counters.spool import spool

        spool.close()
    except Exception:  # noqa: BLE001 - a worker that never booted has nothing to apply
        server.log.exception("Không ghi hết lượt đếm khi dừng tiến trình %s", worker.pid)
