"""Public pages of documents (/van-ban/), the staff preview, and file downloads.

List and detail are readers' pages (wrapped by reader_page() in documents/urls.py); the
download is not cached: it answers with the file (nginx sends it, with X-Accel-Redirect,
when ATTACHMENT_ACCEL_PREFIX is set) and tells ``file_served`` listeners (the counters).
"""

import json
from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from multisite.access import may_edit
from multisite.sites import tree
from news.models import Article
from news.search import clean_query

from .models import Attachment, Document, DocumentField, DocumentType, IssuingBody
from .numbers import number_key
from .permissions import DOCUMENTS
from .signals import file_served

PAGE_SIZE = 20
COUNT_CAP = 10_000  # documents a list counts exactly (BoundedPaginator)
DOCUMENT = "documents.document"
FIRST_YEAR = 1945
SEARCH_QUERY = "plainto_tsquery('simple', news_vi_fold(%s))"


def shown_site_ids(site):
    """Return (site id, ancestor ids): whose documents this site lists."""
    return site.pk, tuple(tree().ancestors(site.pk))


def visible_documents(site, now=None):
    """Return the published documents readers of `site` see: its own, its province's shared."""
    site_id, ancestors = shown_site_ids(site)
    return Document.objects.published(now).shown_on(site_id, ancestors)


def matching(queryset, words):
    """Return `queryset` narrowed to documents matching a reader's words or number."""
    key = number_key(words)
    condition = RawSQL(
        f"documents_document.search_folded @@ {SEARCH_QUERY}", [words], output_field=BooleanField()
    )
    query = Q(condition)
    if key:
        query |= Q(number_key=key) | Q(number_key__startswith=key + "-")
    return queryset.filter(query)


class FilterForm(forms.Form):
    q = forms.CharField(label="Từ khóa hoặc số/ký hiệu", required=False)
    loai = forms.ChoiceField(label="Loại văn bản", required=False)
    co_quan = forms.ChoiceField(label="Cơ quan ban hành", required=False)
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", required=False)
    # A number box, not a list of eighty years: rendering each option of a select through
    # Django's widget templates cost more than the page's queries.
    nam = forms.IntegerField(
        label="Năm ban hành",
        required=False,
        min_value=FIRST_YEAR,
        max_value=2099,
        widget=forms.NumberInput(attrs={"placeholder": "Ví dụ: 2017", "inputmode": "numeric"}),
    )

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = lists
        for name, (label, entries) in lists.items():
            self.fields[name].choices = [("", label)] + [(e.slug, e.name) for e in entries]

    def chosen(self, name):
        slug = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return [e.pk for e in self.lists[name][1] if e.slug == slug] if slug else None


def filter_lists(site_ids):
    """Return the three lists' entries of these sites, in one query each."""
    return {
        "loai": ("Tất cả loại văn bản", list(DocumentType.objects.filter(site_id__in=site_ids))),
        "co_quan": ("Tất cả cơ quan", list(IssuingBody.objects.filter(site_id__in=site_ids))),
        "linh_vuc": ("Tất cả lĩnh vực", list(DocumentField.objects.filter(site_id__in=site_ids))),
    }


class BoundedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP documents.

    Counting every match of a broad list cost more than the rest of the page at 100,000
    documents (a scan of all of them); past the cap the list says "hơn 10.000" and its
    last page is the one holding the cap's document: readers narrow by year or type.
    """

    @cached_property
    def count(self):
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self):
        return self.count > COUNT_CAP


class DocumentListView(ListView):
    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator

    def get(self, request, *args, **kwargs):
        site_id, ancestors = shown_site_ids(request.site)
        self.form = FilterForm(request.GET or None, lists=filter_lists([site_id, *ancestors]))
        if self.form.is_bound:
            self.form.is_valid()  # an invalid filter is ignored, the others apply
        self.words = clean_query(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        documents = visible_documents(self.request.site)
        for name, column in (("loai", "doc_type"), ("co_quan", "issuer"), ("linh_vuc", "field")):
            ids = self.form.chosen(name)
            if ids is not None:
                documents = documents.filter(**{f"{column}_id__in": ids})
        year = getattr(self.form, "cleaned_data", {}).get("nam")
        if year:
            documents = documents.filter(
                issued_on__gte=date(year, 1, 1), issued_on__lt=date(year + 1, 1, 1)
            )
        if self.words:
            documents = matching(documents, self.words)
        return (
            documents.select_related("doc_type", "issuer")
            .defer("search_folded", "legacy_id")
            .newest_first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.form,
            words=self.words,
            query_string=query.urlencode(),
            count_cap=f"{COUNT_CAP:,}".replace(",", "."),
        )
        return context


class DocumentDetailView(DetailView):
    template_name = "documents/document_detail.html"
    context_object_name = "document"
    preview = False

    def get_object(self, queryset=None):
        found = (
            visible_documents(self.request.site)
            .filter(slug=self.kwargs["slug"])
            .select_related("doc_type", "issuer", "field", "site")
            .prefetch_related(*self.prefetches())
            .first()
        )
        if found is None:
            raise Http404("Không có văn bản này.")
        return found

    def prefetches(self):
        return (
            Prefetch("attachments", queryset=Attachment.objects.defer("text")),
            # Only this site's articles: a province document shown on a ward links to the
            # ward's own articles, whose addresses answer on this host.
            Prefetch(
                "related_articles",
                queryset=Article.objects.published()
                .filter(site_id=self.request.site.pk)
                .only("title", "slug", "publish_at")
                .order_by("-publish_at"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        context["structured_data"] = structured_data(self.object, self.request)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.shown_object = (DOCUMENT, self.object.pk)
        return response


def structured_data(document, request):
    """Return the schema.org description of a document (JSON-LD), safe inside <script>."""
    base = f"{request.scheme}://{request.get_host()}"
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": f"{document.doc_type.name} {document.number}",
        "legislationIdentifier": document.number,
        "legislationType": document.doc_type.name,
        "abstract": document.summary,
        "legislationDate": document.issued_on.isoformat(),
        "inLanguage": "vi",
        "url": base + document.get_absolute_url(),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
    }
    if document.effective_on:
        data["legislationDateVersion"] = document.effective_on.isoformat()
    if document.expires_on:
        data["expires"] = document.expires_on.isoformat()
    files = [
        {
            "@type": "DataDownload",
            "name": a.name,
            "encodingFormat": a.content_type,
            "contentSize": str(a.size),
            "contentUrl": base + a.get_absolute_url(),
        }
        for a in document.attachments.all()
    ]
    if files:
        data["encoding"] = files
    text = json.dumps(data, ensure_ascii=False)
    # "</script>" or "<!--" in a summary must not end the script element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@method_decorator(never_cache, name="dispatch")
class DocumentPreviewView(PermissionRequiredMixin, DocumentDetailView):
    permission_required = "documents.change_document"
    login_url = reverse_lazy("admin:login")
    preview = True

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()

    def get_object(self, queryset=None):
        document = get_object_or_404(
            Document.objects.select_related("doc_type", "issuer", "field").prefetch_related(
                *self.prefetches()
            ),
            pk=self.kwargs["pk"],
        )
        if not may_edit(self.request.user, document.site_id):
            raise Http404("Không có văn bản này.")
        if not DOCUMENTS.may_see(self.request.user, document):
            raise PermissionDenied
        return document

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


def _readable(request, attachment):
    """Return whether this request may have the file: readers only published owners'."""
    now = timezone.now()
    if attachment.document_id:
        document = attachment.document
        site_id, ancestors = shown_site_ids(request.site)
        shown = document.site_id == site_id or (
            document.site_id in ancestors and document.shared_with_components
        )
        if shown and document.is_published(now):
            return True
    elif attachment.article_id:
        if attachment.article.site_id == request.site.pk and attachment.article.is_published(now):
            return True
    elif attachment.site_id == request.site.pk:
        # Uploaded from the article editor: linked from a body, public like body pictures.
        return True
    user = request.user
    return user.is_authenticated and user.is_staff and may_edit(user, attachment.site_id)


@never_cache
@require_safe
def download(request, pk):
    """Return the file as an attachment under its own name, never as a page of the site."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("document", "article").defer("text"), pk=pk
    )
    if not _readable(request, attachment):
        raise Http404("Không có tệp này.")
    prefix = settings.ATTACHMENT_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + attachment.file.name
    else:
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404("Tệp không còn trên máy chủ.") from None
        response = FileResponse(handle, content_type=attachment.content_type)
        response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Robots-Tag"] = "noindex"
    file_served.send(sender=Attachment, request=request, response=response, attachment=attachment)
    return response


def download_url(attachment):
    return reverse("documents:download", args=[attachment.pk])
