"""A stand-in gunicorn worker for the spool tests, run as a separate process.

    python -m tests.counters.spool_worker <article-path> <requests> [--die-sending-last]

Requests the article page <requests> times through Django's full stack (middleware,
spool, template) with a fresh cookie jar each time, as wrk's readers, then exits
normally (its spool is applied at exit) or, with --die-sending-last, kills itself with
SIGKILL as the last page is finished: after its count was spooled, before the reader
received it, like a worker killed by the OOM killer or by gunicorn's timeout.
Prints "shown N" for each total it was shown.
"""

import os
import re
import signal
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()

from django.test import Client  # noqa: E402

from portal import pagecache  # noqa: E402

SHOWN = re.compile(r'class="article-views__number">(\d+)<')
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"


def main():
    path, requests = sys.argv[1], int(sys.argv[2])
    die = "--die-sending-last" in sys.argv
    original_fill = pagecache.fill
    served = 0

    def fill(content, request):
        # The page's count is in the spool file by now; its parts are filled next.
        if die and served == requests - 1:
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        return original_fill(content, request)

    pagecache.fill = fill
    for _ in range(requests):
        response = Client(HTTP_USER_AGENT=BROWSER_UA).get(path)
        assert response.status_code == 200, response.status_code
        total = SHOWN.search(response.content.decode())[1]
        print(f"shown {total}", flush=True)  # noqa: T201
        served += 1


if __name__ == "__main__":
    main()
