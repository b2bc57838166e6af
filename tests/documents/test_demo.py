"""load_demo_documents: the two documents the original article cites, with real files."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Attachment, Document
from tests.factories import FIRST_SITE_ID, make_article, make_category, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    """The demo's sites and original article as load_demo makes them (without its covers,
    which take minutes to draw), then the documents."""
    from django.contrib.sites.models import Site

    from news.demo import sites as demo_sites

    settings.COUNTERS_ENABLED = False
    domains = {key: domain for key, domain, *_ in demo_sites.SITES}
    Site.objects.filter(pk=FIRST_SITE_ID).update(domain=domains[demo_sites.PROVINCE])
    ward = make_site(domains[demo_sites.ARCHIVE_SITE], parent=Site.objects.get(pk=FIRST_SITE_ID))
    make_article(
        legacy_id="1234",
        title="Giao ban chuyên đề “Nâng cao chất lượng sinh hoạt chi bộ”",
        slug="giao-ban-chuyen-de-nang-cao-chat-luong-sinh-hoat-chi-bo",
        category=make_category(site=ward),
    )
    call_command("load_demo_documents", stdout=open("/dev/null", "w"))


def test_demo_has_the_two_cited_documents_with_real_files(demo):
    """Chỉ thị 10-CT/TW (Ban Bí thư) and Hướng dẫn 09-HD/BTCTW with a PDF and a DOCX."""
    directive = Document.objects.get(number="10-CT/TW")
    guide = Document.objects.get(number="09-HD/BTCTW")
    assert directive.issuer.name == "Ban Bí thư"
    assert "sinh hoạt chi bộ" in directive.summary
    assert guide.issuer.name == "Ban Tổ chức Trung ương"
    assert directive.attachments.get().kind == "pdf"
    assert guide.attachments.get().kind == "docx"
    assert all(a.text_status == "done" for a in Attachment.objects.all())


def test_running_it_again_adds_nothing(demo):
    """A second run keeps every document once."""
    before = Document.objects.count()
    call_command("load_demo_documents", stdout=open("/dev/null", "w"))
    assert Document.objects.count() == before


@pytest.mark.parametrize("typed", ["10-CT/TW", "10/ct-tw", "10 CT TW", "phe binh"])
def test_reader_finds_the_directive_by_number_or_a_word_inside_its_pdf(client, demo, typed):
    """Three spellings of the number and a word only in the PDF ("phê bình") find it."""
    directive = Document.objects.get(number="10-CT/TW")
    assert "phê bình" not in directive.summary
    page = client.get(reverse("documents:list"), {"q": typed}).content.decode()
    assert directive.get_absolute_url() in page


def test_ward_shows_the_province_directive_with_its_related_article(client, demo):
    """On Phường Minh Phụng the shared directive links the original article."""
    directive = Document.objects.get(number="10-CT/TW")
    page = client.get(directive.get_absolute_url(), HTTP_HOST="minhphung.tphcm.localhost")
    assert page.status_code == 200
    assert "giao-ban-chuyen-de-nang-cao-chat-luong-sinh-hoat-chi-bo" in page.content.decode()


def _only_in_its_pdf(directive, words):
    """Return whether `words` occur in the directive's PDF and in none of its fields."""
    fields = [directive.number, directive.summary, directive.signer, directive.doc_type.name,
              directive.issuer.name, directive.field.name if directive.field else ""]  # fmt: skip
    in_pdf = words in directive.attachments.get().text
    return in_pdf and not any(words in value for value in fields)


@pytest.mark.parametrize("typed", ["10-CT/TW", "10/CT-TW", "10 ct tw", "phe binh"])
@pytest.mark.parametrize("page_name", ["documents:list", "news:search"])
def test_done_when_a_reader_finds_the_directive_on_both_public_pages(
    client, demo, page_name, typed
):
    """Issue 15's "done when": the number typed three ways, and a word only inside the PDF
    ("phê bình"), find Chỉ thị 10-CT/TW on /van-ban/?q= and on the site search."""
    directive = Document.objects.get(number="10-CT/TW")
    assert _only_in_its_pdf(directive, "phê bình")
    page = client.get(reverse(page_name), {"q": typed}).content.decode()
    assert f'href="{directive.get_absolute_url()}"' in page
