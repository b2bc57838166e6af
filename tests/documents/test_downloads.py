"""Download counts: the fairness rules of views, "Lượt tải: N", exact under concurrency."""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings

from counters.downloads import document_downloads
from documents.samples import pdf_bytes
from tests.counters.helpers import BROWSER_UA
from tests.factories import make_attachment, make_document

BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _file():
    document = make_document()
    return document, make_attachment(pdf_bytes("T", ["x"]), document=document)


@pytest.mark.django_db
def test_a_new_reader_adds_one_download_and_a_repeat_does_not():
    """The first download counts; the same browser again within the window does not."""
    document, attachment = _file()
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    client.get(attachment.get_absolute_url())
    client.get(attachment.get_absolute_url())
    assert document_downloads(document.pk) == 1
    Client(HTTP_USER_AGENT=BROWSER_UA).get(attachment.get_absolute_url())
    assert document_downloads(document.pk) == 2


@pytest.mark.django_db
def test_bots_head_and_prefetch_do_not_count():
    """A crawler, a HEAD and a prefetch download nothing that counts."""
    document, attachment = _file()
    url = attachment.get_absolute_url()
    Client(HTTP_USER_AGENT=BOT_UA).get(url)
    Client(HTTP_USER_AGENT=BROWSER_UA).head(url)
    Client(HTTP_USER_AGENT=BROWSER_UA).get(url, HTTP_SEC_PURPOSE="prefetch")
    assert document_downloads(document.pk) == 0


@pytest.mark.django_db
def test_document_page_shows_download_count():
    """ "Lượt tải: N" on the document page, also when the page comes from the cache."""
    document, attachment = _file()
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    assert (
        "Lượt tải: <strong>0</strong>" in client.get(document.get_absolute_url()).content.decode()
    )
    Client(HTTP_USER_AGENT=BROWSER_UA).get(attachment.get_absolute_url())
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Lượt tải: <strong>1</strong>" in page


@pytest.mark.django_db
def test_admin_list_shows_downloads(admin_client):
    """The documents' admin list has a "Lượt tải" column."""
    document, attachment = _file()
    Client(HTTP_USER_AGENT=BROWSER_UA).get(attachment.get_absolute_url())
    page = admin_client.get("/quan-tri/documents/document/").content.decode()
    assert "Lượt tải" in page or "lượt tải" in page.lower()
    assert document.number in page


@pytest.mark.django_db
def test_admin_report_lists_most_downloaded_documents(admin_client):
    """The counters' report has "Văn bản tải nhiều" with the document and its downloads."""
    document, attachment = _file()
    Client(HTTP_USER_AGENT=BROWSER_UA).get(attachment.get_absolute_url())
    page = admin_client.get("/quan-tri/counters/sitedailystats/").content.decode()
    assert "Văn bản tải nhiều" in page and document.number in page


THREADS = 8
PER_THREAD = 25


@pytest.mark.django_db(transaction=True)
@override_settings(COUNTER_MAX_PER_IP_PER_MINUTE=0)
def test_concurrent_new_readers_are_counted_exactly():
    """8 threads x 25 cookieless downloads of one file: exactly 200."""
    document, attachment = _file()
    url = attachment.get_absolute_url()
    barrier = threading.Barrier(THREADS)
    errors = []

    def work():
        try:
            barrier.wait(timeout=30)
            client = Client(HTTP_USER_AGENT=BROWSER_UA)
            for _ in range(PER_THREAD):
                client.cookies.clear()
                assert client.get(url).status_code == 200
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[0] if errors else None
    assert document_downloads(document.pk) == THREADS * PER_THREAD
