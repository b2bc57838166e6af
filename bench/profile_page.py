"""Measure the CPU time one page costs inside Django, away from the network and wrk.

Usage: python bench/profile_page.py <path> [--requests N] [--profile]

Calls the WSGI application in this process as gunicorn's worker does (no sockets, no test
client, whose template instrumentation costs more than some pages), without cookies, as
wrk's readers, and prints the CPU milliseconds per request.
The figure does not depend on what else the machine runs, unlike requests/s, so it is
the one to compare pages with on a busy machine. --profile prints a pyinstrument call
tree (pip install pyinstrument into the venv; it is not a project dependency).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

import io  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

WARMUP_REQUESTS = 20
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1"
    application = get_wsgi_application()
    path, _, query = args.path.partition("?")

    def hit():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "HTTP_HOST": host,
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": BROWSER_UA,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
        }
        status = []
        body = b"".join(application(environ, lambda s, h, e=None: status.append(s)))
        if not status[0].startswith("200") or not body:
            raise SystemExit(f"{args.path} trả mã {status[0]}")

    for _ in range(WARMUP_REQUESTS):
        hit()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for _ in range(args.requests):
        hit()
    cpu = time.process_time() - started_cpu
    wall = time.perf_counter() - started_wall
    if profiler:
        profiler.stop()
        sys.stdout.write(profiler.output_text(unicode=True, color=False, show_all=False))
    sys.stdout.write(
        f"{args.path}: {1000 * cpu / args.requests:.2f} ms CPU, "
        f"{1000 * wall / args.requests:.2f} ms wall per request ({args.requests} requests)\n"
    )


if __name__ == "__main__":
    main()
