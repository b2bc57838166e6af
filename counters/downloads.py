"""Count file downloads (documents' ``file_served`` signal) with the rules views follow.

A download counts when it is a GET (not HEAD) of the whole file or its first bytes, from
a browser (not a bot, crawlerdetect), not a prefetch, and not of the same file by the same
browser within ``COUNTER_REPEAT_WINDOW_MINUTES`` (remembered in the signed cookie
``luot_tai``, as ``luot_xem`` remembers views); at most ``COUNTER_MAX_PER_IP_PER_MINUTE``
counts per client address. Each count is one atomic upsert (exact under concurrency).
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.dispatch import receiver

from documents.signals import file_served

from . import guard
from .models import DownloadTotal
from .reader import ReaderState, client_ip, is_bot, is_prefetch, now_seconds

logger = logging.getLogger(__name__)

_TOTAL = DownloadTotal._meta.db_table
_UPSERT = f"""
INSERT INTO {_TOTAL} AS t (attachment_id, downloads) VALUES (%s, 1)
ON CONFLICT (attachment_id) DO UPDATE SET downloads = t.downloads + 1
RETURNING downloads
"""


class DownloadState(ReaderState):
    """The files this browser was counted downloading recently (its own cookie)."""

    cookie_name = "luot_tai"


def record_download(attachment_id):
    """Count one download of a file; return its new total."""
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [attachment_id])
        return cursor.fetchone()[0]


def document_downloads(document_id):
    """Return the downloads of all a document's files."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(t.downloads), 0) FROM {_TOTAL} t"
            " JOIN documents_attachment a ON a.id = t.attachment_id WHERE a.document_id = %s",
            [document_id],
        )
        return int(cursor.fetchone()[0])


def _countable(request):
    range_header = request.META.get("HTTP_RANGE", "")
    return (
        settings.COUNTERS_ENABLED
        and request.method == "GET"
        and (not range_header or range_header.replace(" ", "").startswith("bytes=0-"))
        and not is_prefetch(request)
        and not is_bot(request)
    )


@receiver(file_served, dispatch_uid="counters-count-download")
def count_download(sender, request, response, attachment, **kwargs):
    if not _countable(request):
        return
    window = 60 * settings.COUNTER_REPEAT_WINDOW_MINUTES
    now = now_seconds()
    state = DownloadState.from_request(request, max_age=window)
    if not state.view_due(attachment.pk, now, window):
        return
    if not guard.allow(client_ip(request), now):
        return
    try:
        total = record_download(attachment.pk)
    except DatabaseError:
        logger.exception("Không ghi được lượt tải")
        return
    state.mark_article(attachment.pk, now, total)
    state.mark_seen(now)
    state.write(response, request, now, window, window)


TOP_DOCUMENTS = 10


def top_documents(site_ids, limit=TOP_DOCUMENTS):
    """Return (document id, number, summary, downloads) of these sites' most downloaded."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, d.number, d.summary, SUM(t.downloads) AS n FROM {_TOTAL} t"
            " JOIN documents_attachment a ON a.id = t.attachment_id"
            " JOIN documents_document d ON d.id = a.document_id"
            " WHERE d.site_id = ANY(%s) GROUP BY d.id ORDER BY n DESC, d.id LIMIT %s",
            [list(site_ids), limit],
        )
        return cursor.fetchall()
