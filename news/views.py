"""Public pages for readers: home, category, article, staff preview, error pages."""

import hashlib

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist, loader
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from .cache import request_scheduled_key
from .models import Article, Category
from .pagecache import ArticlePageResponse
from .permissions import may_see
from .templatetags.news_tags import menu_categories

LATEST_COUNT = 10
CATEGORY_BLOCK_COUNT = 4
CATEGORY_PAGE_SIZE = 20
CATEGORY_COUNT_KEY = "news:category-count:v1"
# The key already changes with every save and scheduled change; the timeout only bounds
# how long another worker's local-memory cache may miss a save (as for the fragments).
CATEGORY_COUNT_SECONDS = 60
NEWER_COUNT = 5
OLDER_COUNT = 10
# Columns the "newer"/"older" link lists show; the rest of the row stays in the database.
LINK_LIST_FIELDS = ("title", "slug", "publish_at", "category_id")
ARTICLE_CACHE_KEY = "news:article-by-slug:v1"
# Saving changes the key at once (news.cache); the timeout bounds staleness with a
# per-process (local-memory) cache and several workers, and the memory a burst of old
# articles holds. At the traffic where caching matters, a minute still means ~100% hits.
ARTICLE_CACHE_SECONDS = 60


class PublishedArticleMixin:
    """Restrict a view to the articles readers may see now."""

    def get_queryset(self):
        return Article.objects.published()


def latest_per_category(blocks, per_block=CATEGORY_BLOCK_COUNT, *, use_union=None):
    """Return {top category id: [its newest `per_block` published articles]} in one query.

    `blocks` maps a top-level category id to the ids it covers (itself and its children).
    On PostgreSQL each block is its own `ORDER BY ... LIMIT` walking the partial category
    index, glued with UNION ALL, so the cost stays a few index probes per block at any
    size. Databases that cannot put LIMIT inside a UNION (SQLite, for `make run`) number
    the rows with ROW_NUMBER() per top category instead and keep the first ones.
    """
    result = {top_id: [] for top_id in blocks}
    if not blocks:
        return result
    if use_union is None:
        use_union = connection.features.supports_slicing_ordering_in_compound
    base = Article.objects.published().for_listing()
    if use_union:
        parts = [
            base.filter(category_id__in=ids)
            .annotate(block_id=Coalesce(F("category__parent_id"), F("category_id")))
            .order_by("-publish_at", "-id")[:per_block]
            for ids in blocks.values()
        ]
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    else:
        top = Coalesce(F("category__parent_id"), F("category_id"))
        rows = (
            base.filter(category_id__in=[cid for ids in blocks.values() for cid in ids])
            .annotate(
                block_id=top,
                row_number=Window(
                    RowNumber(),
                    partition_by=[top],
                    order_by=[F("publish_at").desc(), F("id").desc()],
                ),
            )
            .filter(row_number__lte=per_block)
        )
    for article in rows:
        result[article.block_id].append(article)
    for articles in result.values():
        articles.sort(key=lambda a: (a.publish_at, a.id), reverse=True)
    return result


class HomeView(PublishedArticleMixin, TemplateView):
    """The featured story, the latest news and a block per menu category."""

    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Lazy: the template reads them only when its cached fragment is missing, so a
        # cached home page runs no query for them.
        lists = SimpleLazyObject(self.home_lists)
        context.update(
            featured=SimpleLazyObject(lambda: lists["featured"]),
            latest=SimpleLazyObject(lambda: lists["latest"]),
            category_blocks=SimpleLazyObject(lambda: lists["category_blocks"]),
        )
        return context

    def home_lists(self):
        """Return the featured story, the latest news and the category blocks."""
        listing = self.get_queryset().for_listing()
        featured = listing.filter(featured=True).first()
        latest = list(listing[: LATEST_COUNT + 1])
        if featured is None and latest:
            featured = latest[0]
        if featured is not None:
            latest = [a for a in latest if a.pk != featured.pk]
        categories = menu_categories()
        per_category = latest_per_category({c.pk: c.covered_ids for c in categories})
        return {
            "featured": featured,
            "latest": latest[:LATEST_COUNT],
            "category_blocks": [
                (category, per_category[category.pk])
                for category in categories
                if per_category[category.pk]
            ],
        }


class CategoryPaginator(Paginator):
    """Numbered pages of a category's published articles, as fast on page 500 as on page 1.

    The count is cached under the content version and the next scheduled change
    (news.cache.scheduled_key), so it is exact and computed once per change, not on every
    request: a million-article portal counts a big category in tens of milliseconds.

    A page's rows come from one query: the page's ids, found by walking the covering index
    (category, publish_at, id, unpublish_at) of each category in order, merged (UNION ALL of
    per-category ordered scans, each stopping after the rows up to this page), then those
    ids' rows. Skipping 10,000 entries of an index-only scan takes about a millisecond, so
    page numbers stay, deep pages stay cheap and no page of the archive is out of reach.
    """

    def __init__(self, object_list, per_page, *, category_ids, count_key, now, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.category_ids, self.count_key, self.now = category_ids, count_key, now

    def _ids(self):
        return Article.objects.published(self.now).order_by("-publish_at", "-id")

    @cached_property
    def count(self):
        count = cache.get(self.count_key)
        if count is None:
            count = self._ids().filter(category_id__in=self.category_ids).count()
            cache.set(self.count_key, count, CATEGORY_COUNT_SECONDS)
        return count

    def page(self, number):
        number = self.validate_number(number)
        # Lazy: a page whose list comes from the fragment cache builds no query at all.
        return self._get_page(SimpleLazyObject(lambda: self._rows(number)), number, self)

    def _rows(self, number):
        """Return the articles of page `number` (validated), newest first."""
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top <= bottom:  # an empty category's first page
            return []
        parts = []
        for category_id in self.category_ids:
            part = self._ids().filter(category_id=category_id).values("id", "publish_at")[:top]
            parts.append(part.query.sql_with_params())
        sql = (
            "SELECT id FROM ("
            + " UNION ALL ".join(f"({part_sql})" for part_sql, _params in parts)
            + ") AS page ORDER BY publish_at DESC, id DESC LIMIT %s OFFSET %s"
        )
        params = [p for _sql, part_params in parts for p in part_params]
        return list(self.object_list.filter(pk__in=RawSQL(sql, (*params, top - bottom, bottom))))


class CategoryDetailView(PublishedArticleMixin, ListView):
    """A category's articles, newest first, its subcategories' articles included."""

    template_name = "news/category_detail.html"
    context_object_name = "articles"
    paginate_by = CATEGORY_PAGE_SIZE
    paginator_class = CategoryPaginator

    def get(self, request, *args, **kwargs):
        # One query brings the category and its children, whose articles it also lists.
        slug = self.kwargs["slug"]
        rows = list(
            Category.objects.select_related("parent").filter(Q(slug=slug) | Q(parent__slug=slug))
        )
        self.category = next((c for c in rows if c.slug == slug), None)
        if self.category is None:
            raise Http404("Không có chuyên mục này.")
        self.category_ids = [c.pk for c in rows]
        self.subcategories = [c for c in rows if c.parent_id == self.category.pk]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # The paginator picks the page's rows; this is what each row brings.
        return Article.objects.for_listing()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            category_ids=self.category_ids,
            count_key=request_scheduled_key(
                self.request, f"{CATEGORY_COUNT_KEY}:{self.category.pk}"
            ),
            now=timezone.now(),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, subcategories=self.subcategories, **kwargs
        )


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """One article, with the newer and older articles of its category."""

    template_name = "news/article_detail.html"
    context_object_name = "article"
    preview = False
    # Readers' pages come whole from the cache, their per-request parts filled in.
    response_class = ArticlePageResponse

    def get_queryset(self):
        return super().get_queryset().select_related("category", "category__parent")

    def get_object(self, queryset=None):
        # Readers' lookups come from the cache: saving the article changes the key
        # (news.cache), and the publishing window is checked on every request below, so
        # an article still disappears at its unpublish_at to the second. The key shares
        # the request's version and schedule reads with the page cache and fragments.
        key = request_scheduled_key(
            self.request,
            f"{ARTICLE_CACHE_KEY}:"
            f"{hashlib.md5(self.kwargs['slug'].encode(), usedforsecurity=False).hexdigest()}",
        )
        article = cache.get(key)
        if article is None:
            article = super().get_object(queryset)
            cache.set(key, article, ARTICLE_CACHE_SECONDS)
        if not article.is_published():
            raise Http404("Không có bài viết này.")
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        # Lazy: the template reads them only when its cached fragment is missing, so a
        # cached page builds no queryset and runs no query for them.
        context["newer"] = SimpleLazyObject(lambda: newer_articles(article))
        context["older"] = SimpleLazyObject(lambda: older_articles(article))
        context["preview"] = self.preview
        context["category"] = article.category
        return context


def _siblings(article):
    return (
        Article.objects.published()
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)
        .only(*LINK_LIST_FIELDS)
    )


# Ordered on (publish_at, id) so articles sharing a timestamp neither vanish from both
# lists nor show in both. The redundant __gte/__lte bound lets PostgreSQL start the index
# scan at this article instead of filtering the category from its far end (1 s at 1M rows).
def newer_articles(article):
    """Return the NEWER_COUNT published articles of the category just after `article`."""
    at, pk = article.publish_at, article.pk
    return list(
        _siblings(article)
        .filter(Q(publish_at__gte=at), Q(publish_at__gt=at) | Q(pk__gt=pk))
        .order_by("publish_at", "id")[:NEWER_COUNT]
    )


def older_articles(article):
    """Return the OLDER_COUNT published articles of the category just before `article`."""
    at, pk = article.publish_at, article.pk
    return list(
        _siblings(article)
        .filter(Q(publish_at__lte=at), Q(publish_at__lt=at) | Q(pk__lt=pk))
        .order_by("-publish_at", "-id")[:OLDER_COUNT]
    )


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """An article, draft or scheduled, shown to staff exactly as readers will see it.

    Editors preview any article, contributors their own (news.permissions).
    """

    permission_required = "news.change_article"
    login_url = reverse_lazy("admin:login")
    preview = True

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()

    def get_queryset(self):
        return Article.objects.select_related("category", "category__parent")

    def get_object(self, queryset=None):
        # Never from the readers' cache: editors see drafts and their latest save.
        article = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not may_see(self.request.user, article):
            raise PermissionDenied
        return article

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


def page_not_found(request, exception=None):
    """Return the Vietnamese 404 page, with the menu and a way home."""
    return HttpResponseNotFound(render(request, "404.html").content)


def server_error(request):
    """Return the Vietnamese 500 page; it reads no database and needs no request context."""
    try:
        template = loader.get_template("500.html")
    except TemplateDoesNotExist:
        return HttpResponseServerError(
            "<h1>Lỗi máy chủ</h1>", content_type="text/html; charset=utf-8"
        )
    # No inline <style>: the Content-Security-Policy allows only our own stylesheets.
    try:
        stylesheet = static("css/site.css")
    except ValueError:  # a manifest without the file: the page stays readable unstyled
        stylesheet = None
    return HttpResponseServerError(
        template.render({"site_name": settings.SITE_NAME, "stylesheet": stylesheet})
    )
