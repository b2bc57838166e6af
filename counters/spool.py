"""Counted views are appended to a file of this process first, applied to PostgreSQL in batches.

Why: one upsert per view costs about 0.37 ms of CPU (Python and PostgreSQL), a fifth of a
cached page's whole budget; appending a line costs one ``write()`` (docs/performance.md).

How it stays exact and durable:

- Each process (gunicorn worker) appends one line per counted event to its own file,
  opened with ``O_APPEND``: ``"<site> <article id or 0> <day ordinal> <visit 0/1>\n"``. The
  ``write()`` returns once the kernel has the line, before the page showing the count is
  sent; the kernel keeps it if the process is then killed. Only a crash of the whole
  machine loses the last ``COUNTER_FLUSH_SECONDS`` or so (docs/operations.md).
- The process holds an exclusive ``flock`` on its file while it lives. A file whose lock
  can be taken belongs to a dead process: a sibling (every ``ADOPT_EVERY_SECONDS``) or
  ``manage.py flush_counters`` applies what is left and deletes it.
- A flush applies the lines after the file's committed offset together with the new
  offset (``counters_spoolprogress``) in one transaction (``services.apply_batch``), so a
  line is applied exactly once whatever fails in between.

What a reader is shown: the total this process last read from PostgreSQL (refreshed by
each flush touching the article, or after ``KNOWN_TOTAL_SECONDS``), or the one the page's
render read with the article, here or on another server (``learn_total``; the page cache
keeps it with the page), plus this process's lines not applied yet; counting
(counters.counting) keeps it from going back for a reader. A site's "Số lượt truy cập"
likewise: read every ``KNOWN_SITE_SECONDS``, plus what this process counted since.

Flushes run after responses (``request_finished``), at most every ``COUNTER_FLUSH_SECONDS``
(0: after every request, as in the tests), from a small thread when a worker sits idle
with lines pending, and at exit (``gunicorn.conf.py`` ``worker_exit``).
"""

import atexit
import contextlib
import errno
import fcntl
import functools
import logging
import os
import secrets
import socket
import threading
import time
from collections import Counter, OrderedDict
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

SUFFIX = ".spool"
# A worker's file is replaced by a fresh one once this much of it has been applied.
ROTATE_BYTES = 1 << 20
# How often a worker looks for spool files of dead workers to adopt.
ADOPT_EVERY_SECONDS = 10.0
# How long a total read from PostgreSQL is trusted before it is read again (other workers
# and servers count the same article meanwhile).
KNOWN_TOTAL_SECONDS = 30.0
KNOWN_TOTAL_ENTRIES = 5000
KNOWN_SITE_SECONDS = 5.0
# The idle thread flushes a worker that served no request for this long.
IDLE_FLUSH_SECONDS = 5.0
# At most this many bytes are applied in one transaction (about 100,000 lines).
MAX_BATCH_BYTES = 2 << 20


def spool_dir():
    """Return the spool folder from ``COUNTER_SPOOL_DIR``, created if missing."""
    path = Path(getattr(settings, "COUNTER_SPOOL_DIR", "") or "")
    if not str(path) or str(path) == ".":
        raise ImproperlyConfigured("COUNTER_SPOOL_DIR chưa được đặt.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Không tạo được thư mục đếm lượt xem COUNTER_SPOOL_DIR={path}: {exc}"
        ) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise ImproperlyConfigured(f"Không ghi được vào COUNTER_SPOOL_DIR={path}.")
    return path


def flush_interval():
    return float(getattr(settings, "COUNTER_FLUSH_SECONDS", 1.0))


def _today():
    """Return today in the portal's time zone, worked out once a second (each counted view
    asks)."""
    return _local_date(int(time.time()), timezone.get_default_timezone())


@functools.lru_cache(maxsize=4)
def _local_date(epoch_second, zone):
    return datetime.fromtimestamp(epoch_second, zone).date()


def encode(site_id, article_id, day, visit):
    """Return one spool line: site, article id (0 for a visit only), day ordinal, visit."""
    return b"%d %d %d %d\n" % (site_id, article_id or 0, day.toordinal(), 1 if visit else 0)


def parse(data):
    """Return (views, sites, bad) aggregated from complete lines.

    ``views`` counts (article id, day) pairs; ``sites`` maps (site id, day) to (visits,
    article views). A malformed line (it cannot come from ``encode``, but a disk can be
    damaged) is skipped and counted in ``bad``.
    """
    views = Counter()
    visits, site_views = Counter(), Counter()
    bad = 0
    for line in data.split(b"\n"):
        if not line:
            continue
        try:
            site, article, ordinal, visit = (int(part) for part in line.split(b" "))
            day = date.fromordinal(ordinal)
        except ValueError:
            bad += 1
            continue
        if site <= 0 or article < 0 or visit not in (0, 1):
            bad += 1
            continue
        if article:
            views[(article, day)] += 1
            site_views[(site, day)] += 1
        if visit:
            visits[(site, day)] += 1
    sites = {key: (visits[key], site_views[key]) for key in visits.keys() | site_views.keys()}
    return views, sites, bad


def _apply(name, start, data):
    """Apply complete lines of ``data`` (read at ``start``) and commit the new offset.

    Return (article totals after the batch, bytes applied). Raises DatabaseError (the
    transaction is rolled back, nothing applied), services.SpoolConflict among them.
    """
    cut = data.rfind(b"\n") + 1
    if not cut:
        return {}, 0
    views, sites, bad = parse(data[:cut])
    if bad:
        logger.error("Bỏ qua %d dòng hỏng trong tệp đếm %s", bad, name)
    totals = services.apply_batch(views, sites, progress=(name, start, start + cut))
    return totals, cut


def _read_from(fd, start, end):
    return os.pread(fd, min(end - start, MAX_BATCH_BYTES), start)


class Spool:
    """This process's spool file, its unflushed counts and the totals it last read."""

    def __init__(self):
        self._lock = threading.RLock()
        self._pid = None
        self._fd = None
        self._name = None
        self._path = None
        self._offset = None  # committed offset of our file, None = ask PostgreSQL
        self._pending = Counter()  # article id -> views written, not yet applied
        self._known = OrderedDict()  # article id -> (total, monotonic time read)
        self._site_pending = Counter()  # site id -> visits written, not yet applied
        self._site_applied = Counter()  # site id -> visits applied since last read
        self._known_sites = {}  # site id -> (visits, monotonic time read)
        # The first flush comes one interval after start, like every later one.
        self._last_flush = time.monotonic()
        self._last_adopt = 0.0

    # -- writing -----------------------------------------------------------------------

    def _open(self):
        """Create, lock and publish this process's spool file (after a fork: a new one)."""
        directory = spool_dir()
        host = socket.gethostname().replace(".", "-") or "host"
        name = f"{host}-{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}"
        temporary = directory / (name + ".new")
        fd = os.open(temporary, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o640)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(temporary, directory / name)
        self._fd, self._name, self._path = fd, name, directory / name
        self._offset = 0
        if self._pid != os.getpid():
            # A forked child starts afresh: its parent's pending counts are the parent's.
            self._pid = os.getpid()
            self._forget_counts()
            self._start_idle_thread()

    def _ensure_open(self):
        if self._fd is None or self._pid != os.getpid():
            # A forked child must not write to (or hold the lock of) its parent's file.
            if self._pid != os.getpid():
                self._fd = None
            self._open()
        return self._fd

    def _forget_counts(self):
        self._pending.clear()
        self._known.clear()
        self._site_pending.clear()
        self._site_applied.clear()
        self._known_sites.clear()

    def record(self, site_id, article_id=None, visit=False, day=None):
        """Spool one counted view of ``article_id`` (or none) and/or one visit of the site.

        Returns the total to show for the article (None without an article). Raises
        OSError if the line could not be written (the caller counts directly instead).
        """
        self._write(encode(site_id, article_id, day or _today(), visit))
        with self._lock:
            if visit:
                self._site_pending[site_id] += 1
            if not article_id:
                return None
            self._add_pending(article_id, 1)
            try:
                return self._shown(article_id)
            except DatabaseError:
                return None  # counted all the same; the page reads the total itself

    def _write(self, line):
        with self._lock:
            fd = self._ensure_open()
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(errno.ENOSPC, "ghi thiếu dòng vào tệp đếm")

    # -- reading -----------------------------------------------------------------------

    def _shown(self, article_id):
        known = self._known.get(article_id)
        if known is None or time.monotonic() - known[1] > KNOWN_TOTAL_SECONDS:
            total = services.article_total(article_id)
            self._remember(article_id, total)
        else:
            total = known[0]
        return total + self._pending.get(article_id, 0)

    def _remember(self, article_id, total, read=None):
        self._known[article_id] = (total, time.monotonic() if read is None else read)
        self._known.move_to_end(article_id)
        while len(self._known) > KNOWN_TOTAL_ENTRIES:
            self._known.popitem(last=False)

    def known_total(self, article_id):
        """Return (stored total, epoch second it was read) as this process knows it, or None
        if it knows none younger than KNOWN_TOTAL_SECONDS (what a cached page carries)."""
        with self._lock:
            known = self._known.get(article_id)
            if known is None or self._pid != os.getpid():
                return None
            age = time.monotonic() - known[1]
            if age > KNOWN_TOTAL_SECONDS:
                return None
            return known[0], time.time() - age

    def learn_total(self, article_id, total, read_at):
        """Take a stored total read at epoch second `read_at`, by this process or another
        server, unless this process knows a younger one.

        Then this process shows that total plus its own lines not applied yet, without a
        query. A younger reading of its own is kept: it includes the lines this process has
        applied since `read_at` (each flush reads the totals it touched).
        """
        age = time.time() - read_at
        if not 0 <= age < KNOWN_TOTAL_SECONDS:
            return  # too old, or from a server whose clock runs ahead
        with self._lock:
            if self._pid != os.getpid():
                return  # a forked child that has counted nothing yet: its parent's state
            read = time.monotonic() - age
            known = self._known.get(article_id)
            if known is None or known[1] < read:
                self._remember(article_id, total, read)

    def shown_total(self, article_id):
        """Return the article's total as this process shows it (stored + its own pending)."""
        with self._lock:
            if self._pid != os.getpid():
                return services.article_total(article_id)
            return self._shown(article_id)

    def shown_site_visits(self, site_id):
        """Return the site's visits as this process shows them: last read, plus its own."""
        with self._lock:
            known = self._known_sites.get(site_id)
            if known is None or time.monotonic() - known[1] > KNOWN_SITE_SECONDS:
                known = (services.site_totals([site_id]).visits, time.monotonic())
                self._known_sites[site_id] = known
                self._site_applied.pop(site_id, None)
            if self._pid != os.getpid():
                return known[0]  # a forked child that has counted nothing yet
            return known[0] + self._site_applied[site_id] + self._site_pending[site_id]

    def pending(self):
        """Return the number of this process's spooled views not yet applied (for tests)."""
        with self._lock:
            return sum(self._pending.values())

    # -- flushing ----------------------------------------------------------------------

    def flush(self, force=False):
        """Apply this process's unflushed lines if the interval has passed (or ``force``).

        Returns the number of bytes applied. Never raises on database errors: the lines
        stay in the file and the next flush applies them.
        """
        with self._lock:
            if self._fd is None or self._pid != os.getpid():
                return 0
            now = time.monotonic()
            if not force and now - self._last_flush < flush_interval():
                return 0
            self._last_flush = now
            applied = 0
            try:
                while True:
                    end = os.fstat(self._fd).st_size
                    if self._offset is None:
                        self._offset = services.spool_offset(self._name)
                    if end <= self._offset:
                        break
                    data = _read_from(self._fd, self._offset, end)
                    totals, cut = _apply(self._name, self._offset, data)
                    if not cut:
                        break
                    self._offset += cut
                    applied += cut
                    self._after_apply(data[:cut], totals)
            except DatabaseError:
                # Not applied (rolled back) or applied by a commit whose answer was lost:
                # ask PostgreSQL for the committed offset before trying again.
                self._offset = None
                logger.warning(
                    "Chưa ghi được lượt đếm vào cơ sở dữ liệu, sẽ thử lại", exc_info=True
                )
                _drop_broken_connection()
                return applied
            if self._offset is not None and self._offset >= ROTATE_BYTES:
                self._rotate()
            return applied

    def _add_pending(self, article_id, n):
        # Views written and not applied yet.
        left = self._pending.get(article_id, 0) + n
        if left:
            self._pending[article_id] = left
        else:
            self._pending.pop(article_id, None)

    def _after_apply(self, data, totals):
        views, sites, _bad = parse(data)
        for (article_id, _day), n in views.items():
            self._add_pending(article_id, -n)
        for article_id, total in totals.items():
            self._remember(article_id, total)
        for (site_id, _day), (visits, _site_views) in sites.items():
            # Never below zero: lines this process no longer counts as pending (its
            # offset read back from a rolled-back transaction applies them twice) would
            # otherwise show the site fewer visits than stored, or a negative number.
            self._site_pending[site_id] = max(0, self._site_pending[site_id] - visits)
            self._site_applied[site_id] += visits

    def _rotate(self):
        """Start a new file once the current one is fully applied, and delete the old one."""
        if os.fstat(self._fd).st_size != self._offset:
            return
        self._retire()

    def _retire(self):
        # The file goes first, its progress row after: a progress row without a file is
        # harmless, a file without its row would be applied again from the start.
        name, fd = self._name, self._fd
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()
        os.close(fd)
        self._fd = self._name = self._path = None
        self._offset = None
        with contextlib.suppress(DatabaseError):
            services.forget_spool(name)

    def close(self):
        """Apply everything pending and delete this process's file (at exit)."""
        with self._lock:
            if self._fd is None or self._pid != os.getpid():
                return
            self.flush(force=True)
            if self._offset is not None and os.fstat(self._fd).st_size == self._offset:
                self._retire()
            # Otherwise the file stays, unlocked once we exit, and is adopted.

    # -- dead workers' files -------------------------------------------------------------

    def adopt_orphans(self, force=False):
        """Apply and delete spool files left by dead processes. Returns files adopted."""
        now = time.monotonic()
        if not force and now - self._last_adopt < ADOPT_EVERY_SECONDS:
            return 0
        self._last_adopt = now
        adopted = 0
        try:
            directory = spool_dir()
        except ImproperlyConfigured:
            return 0
        own = self._name if self._pid == os.getpid() else None
        for path in sorted(directory.glob("*" + SUFFIX)):
            if path.name == own:
                continue
            try:
                if adopt_file(path):
                    adopted += 1
            except DatabaseError:
                logger.warning("Chưa nhận được tệp đếm %s, sẽ thử lại", path.name, exc_info=True)
                _drop_broken_connection()
        return adopted

    # -- idle flushing -------------------------------------------------------------------

    def _start_idle_thread(self):
        if flush_interval() <= 0:
            return
        threading.Thread(target=self._idle_loop, name="counters-spool", daemon=True).start()

    def _idle_loop(self):
        pid = os.getpid()
        while self._pid == pid:
            time.sleep(IDLE_FLUSH_SECONDS)
            if self._fd is None or time.monotonic() - self._last_flush < IDLE_FLUSH_SECONDS:
                continue
            try:
                self.flush(force=True)
            except Exception:  # noqa: BLE001 - the thread must outlive any error
                logger.exception("Lỗi khi ghi lượt đếm lúc rảnh")
            finally:
                # This thread's own connection is not kept between its rare flushes.
                with contextlib.suppress(Exception):
                    connection.close()

    def drop(self):
        """Forget this process's file and counts without applying them.

        For the test suite only, whose transactions roll back what a flush applied.
        """
        with self._lock:
            if self._fd is not None and self._pid == os.getpid():
                with contextlib.suppress(FileNotFoundError):
                    self._path.unlink()
                os.close(self._fd)
            self._fd = self._name = self._path = None
            self._offset = None
            self._forget_counts()
            self._last_flush = self._last_adopt = 0.0


def _drop_broken_connection():
    """After a database error outside any transaction, drop the connection if it broke."""
    if not connection.in_atomic_block:
        with contextlib.suppress(Exception):
            connection.close_if_unusable_or_obsolete()


def adopt_file(path):
    """Apply what is left of a dead process's spool file, then delete it.

    Returns False when the file's owner is alive (its lock is held) or another process
    adopted it first.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        try:
            if os.stat(path).st_ino != os.fstat(fd).st_ino:
                return False  # adopted and deleted by someone else, the name reused
        except FileNotFoundError:
            return False  # adopted and deleted by someone else while we waited
        name = path.name
        offset = services.spool_offset(name)
        end = os.fstat(fd).st_size
        while offset < end:
            data = _read_from(fd, offset, end)
            _totals, cut = _apply(name, offset, data)
            if not cut:
                # A last line without its newline: the writer died inside write(), which
                # a regular file practically never allows. Nothing complete is left.
                logger.error("Tệp đếm %s kết thúc bằng một dòng dở, bỏ qua", name)
                break
            offset += cut
        path.unlink()
        with contextlib.suppress(DatabaseError):
            services.forget_spool(name)
        logger.info("Đã nhận và ghi tệp đếm của tiến trình đã dừng: %s", name)
        return True
    finally:
        os.close(fd)  # releases the lock


def unflushed_counts():
    """Return counts written to spool files but not yet applied, consistently with the
    stored totals read in the same transaction: {"articles": Counter, "visits": n,
    "views": n}. For benchmarks and checks that compare stored totals with responses.
    """
    result = {"articles": Counter(), "visits": 0, "views": 0}
    directory = spool_dir()
    for path in sorted(directory.glob("*" + SUFFIX)):
        offset = services.spool_offset(path.name)
        try:
            with open(path, "rb") as handle:
                handle.seek(offset)
                data = handle.read()
        except FileNotFoundError:
            continue
        data = data[: data.rfind(b"\n") + 1]
        views, sites, _bad = parse(data)
        for (article_id, _day), n in views.items():
            result["articles"][article_id] += n
        result["visits"] += sum(visits for visits, _views in sites.values())
        result["views"] += sum(site_views for _visits, site_views in sites.values())
    return result


spool = Spool()


def _after_request(**kwargs):
    try:
        spool.flush()
        spool.adopt_orphans()
    except Exception:  # noqa: BLE001 - the response is already sent; never break a worker
        logger.exception("Lỗi khi ghi lượt đếm sau yêu cầu")


def _at_exit():
    try:
        spool.close()
    except Exception:  # noqa: BLE001 - exiting anyway; the file is adopted later
        logger.exception("Không ghi hết lượt đếm khi dừng tiến trình")
    finally:
        with contextlib.suppress(Exception):
            close_old_connections()


atexit.register(_at_exit)
