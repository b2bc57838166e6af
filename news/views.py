"""Public pages for readers: home, category, article, staff preview, error pages.

Views read what they show and nothing more; whole pages are cached around them
(portal.pagecache), so nothing here caches by itself.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist, loader
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from multisite.access import may_edit
from multisite.sites import site_url, tree

from .models import ARTICLE_DETAIL, Article, instances, select_sql, slug_url
from .permissions import ARTICLES
from .siteparts import article_statements, keep_article_parts, with_site_parts
from .templatetags.news_tags import menu_categories

LATEST_COUNT = 10
COMPONENT_NEWS_COUNT = 10
CATEGORY_BLOCK_COUNT = 4
CATEGORY_PAGE_SIZE = 20
NEWER_COUNT = 5
OLDER_COUNT = 10
# Columns the "newer"/"older" link lists show; the rest of the row stays in the database.
LINK_LIST_FIELDS = ("title", "slug", "publish_at", "category_id")
ARTICLE = "news.article"


class PublishedArticleMixin:
    """Restrict a view to the articles readers may see now."""

    def get_queryset(self):
        return Article.objects.published()


# Per block, one ordered, limited scan of the category index for each category it covers
# (LATERAL), merged; blocks glued with UNION ALL, so the cost stays a few index probes per
# category at any size. "category_id = ANY(...) ORDER BY publish_at" read and sorted every
# article of a parent category and its children instead: 15 ms for one block of 5,000
# articles. Written out: compiling ten ORM querysets cost 10 ms.
_BLOCK_SQL = """(SELECT a.id, a.title, a.slug, a.publish_at, %s AS block
 FROM unnest(%s::bigint[]) AS covered(id) CROSS JOIN LATERAL (
   SELECT id, title, slug, publish_at FROM {table}
   WHERE {published} AND category_id = covered.id
   ORDER BY publish_at DESC, id DESC LIMIT %s) AS a
 ORDER BY a.publish_at DESC, a.id DESC LIMIT %s)"""
_PUBLISHED_POSITIONAL = (
    "status = %s AND publish_at <= %s AND (unpublish_at IS NULL OR unpublish_at > %s)"
)


def latest_per_category(blocks, per_block=CATEGORY_BLOCK_COUNT, now=None):
    """Return {top category id: [its newest `per_block` published articles, as ArticleLink]}.

    `blocks` maps a top-level category id to the ids it covers (itself and its children).
    One query.
    """
    result = {top_id: [] for top_id in blocks}
    if not blocks:
        return result
    now = now or timezone.now()
    part = _BLOCK_SQL.format(table=Article._meta.db_table, published=_PUBLISHED_POSITIONAL)
    params = []
    for top_id, ids in blocks.items():
        params += [top_id, list(ids), Article.Status.PUBLISHED, now, now, per_block, per_block]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(blocks)), params)
        for *link, block in cursor.fetchall():
            result[block].append(ArticleLink(*link))  # each block comes newest first
    return result


# One ordered, limited scan of each site's index (LATERAL over the site ids), merged:
# "site_id IN (...) ORDER BY publish_at" would sort every published article of every site,
# and a UNION ALL of a subquery per site is planned per site: 40 ms for 99 components.
_SITES_LATEST_SQL = """SELECT a.id, a.title, a.slug, a.publish_at, a.site_id
 FROM unnest(%s::int[]) AS component(id) CROSS JOIN LATERAL (
   SELECT id, title, slug, publish_at, site_id FROM {table}
   WHERE {published} AND site_id = component.id
   ORDER BY publish_at DESC, id DESC LIMIT %s) AS a
 ORDER BY a.publish_at DESC, a.id DESC LIMIT %s"""


def latest_from_sites(site_ids, count=COMPONENT_NEWS_COUNT, now=None):
    """Return the `count` newest published articles of these sites, as (ArticleLink, site id).

    One query, a few index probes per site.
    """
    if not site_ids:
        return []
    now = now or timezone.now()
    sql = _SITES_LATEST_SQL.format(table=Article._meta.db_table, published=_PUBLISHED_POSITIONAL)
    params = [list(site_ids), Article.Status.PUBLISHED, now, now, count, count]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(ArticleLink(*row[:4]), row[4]) for row in rows]


class HomeView(PublishedArticleMixin, TemplateView):
    """The featured story, the latest news and a block per menu category; on a province
    portal, the latest news of its component sites and the list of those sites."""

    template_name = "news/home.html"

    def get_queryset(self):
        return super().get_queryset().filter(site=self.request.site)

    def components(self):
        """Return the site's component sites in their order (none for a component site)."""
        known = tree()
        return [known.sites[i] for i in known.children.get(self.request.site.pk, [])]

    def component_news(self, components):
        """Return "Tin từ cơ sở": [(article link, its absolute URL, its site)], newest first."""
        by_id = {site.pk: site for site in components}
        return [
            (link, site_url(by_id[site_id], link.get_absolute_url(), self.request),
             by_id[site_id])
            for link, site_id in latest_from_sites(list(by_id))
        ]  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        components = self.components()
        context.update(
            components=[(site, site_url(site, "/", self.request)) for site in components],
            component_news=self.component_news(components),
        )
        listing = self.get_queryset().for_listing()
        featured = listing.filter(featured=True).first()
        latest = list(listing[: LATEST_COUNT + 1])
        if featured is None and latest:
            featured = latest[0]
        if featured is not None:
            latest = [a for a in latest if a.pk != featured.pk]
        categories = menu_categories(self.request)
        per_category = latest_per_category({c.pk: c.covered_ids for c in categories})
        context.update(
            featured=featured,
            latest=latest[:LATEST_COUNT],
            category_blocks=[
                (category, per_category[category.pk])
                for category in categories
                if per_category[category.pk]
            ],
        )
        return context


class CategoryPaginator(Paginator):
    """Numbered pages of a category's published articles, as fast on page 500 as on page 1.

    A page's rows come from one query: the page's ids, found by walking the covering index
    (category, publish_at, id, unpublish_at) of each category in order, merged (UNION ALL of
    per-category ordered scans, each stopping after the rows up to this page), then those
    ids' rows. Skipping 10,000 entries of an index-only scan takes about a millisecond, so
    page numbers stay, deep pages stay cheap and no page of the archive is out of reach.
    """

    def __init__(self, object_list, per_page, *, category_ids, now, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.category_ids, self.now = category_ids, now

    def _ids(self):
        return Article.objects.published(self.now).order_by("-publish_at", "-id")

    @cached_property
    def count(self):
        return self._ids().filter(category_id__in=self.category_ids).count()

    def page(self, number):
        number = self.validate_number(number)
        return self._get_page(self._rows(number), number, self)

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
        categories = menu_categories(request, all_levels=True)
        self.category = next((c for c in categories if c.slug == self.kwargs["slug"]), None)
        if self.category is None:
            raise Http404("Không có chuyên mục này.")
        self.subcategories = [c for c in categories if c.parent_id == self.category.pk]
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
            category_ids=self.category.covered_ids,
            now=timezone.now(),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, subcategories=self.subcategories, **kwargs
        )


class ArticleDetailView(DetailView):
    """One article, with the newer and older articles of its category."""

    model = Article
    template_name = "news/article_detail.html"
    context_object_name = "article"
    preview = False

    def get_object(self, queryset=None):
        # By slug, then is_published(): the same rule as published(), and a third cheaper
        # than filtering by it in SQL (docs/performance.md).
        # In the round trip of the site's chrome (news.siteparts).
        rows = with_site_parts(
            self.request,
            select_sql(Article, "site_id = %s AND slug = %s"),
            [self.request.site.pk, self.kwargs["slug"]],
        )
        found = instances(Article, rows)
        if not found or not found[0].is_published():
            raise Http404("Không có bài viết này.")
        article = found[0]
        # Its category and the category's parent come from the menu's query.
        categories = {c.pk: c for c in menu_categories(self.request, all_levels=True)}
        article.category = categories[article.category_id]
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["newer"], context["older"] = related_articles(article)
        context["preview"] = self.preview
        context["category"] = article.category
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # What the page shows, for whoever counts views (the counters app).
        response.shown_object = (ARTICLE, self.object.pk)
        return response


# One statement for both lists, written out: compiling the two ordered ORM querysets cost
# more than all the rest of an uncached article page (docs/performance.md). Ordered on
# (publish_at, id) so articles sharing a timestamp neither vanish from both lists nor show
# in both. The row comparison is an index condition (half the planning of the equivalent
# ORs, docs/performance.md); the redundant publish_at bound makes PostgreSQL choose the
# ordered scan of the category index from this article instead of sorting the category.
_RELATED_SQL = """
(SELECT id, title, slug, publish_at, true AS newer FROM {table}
 WHERE {published} AND category_id = %(category)s
   AND publish_at >= %(at)s AND (publish_at, id) > (%(at)s, %(id)s)
 ORDER BY publish_at, id LIMIT %(newer)s)
UNION ALL
(SELECT id, title, slug, publish_at, false AS newer FROM {table}
 WHERE {published} AND category_id = %(category)s
   AND publish_at <= %(at)s AND (publish_at, id) < (%(at)s, %(id)s)
 ORDER BY publish_at DESC, id DESC LIMIT %(older)s)
"""
_PUBLISHED_SQL = (
    "status = %(published)s AND publish_at <= %(now)s"
    " AND (unpublish_at IS NULL OR unpublish_at > %(now)s)"
)


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """An article as the "TIN MỚI HƠN" / "TIN ĐÃ ĐƯA" lists show it: a titled, dated link."""

    pk: int
    title: str
    slug: str
    publish_at: datetime

    def get_absolute_url(self):
        return slug_url(ARTICLE_DETAIL, self.slug)


def related_articles(article, now=None):
    """Return (newer, older): the category's published articles just after and before it.

    NEWER_COUNT newer ones, oldest first, then OLDER_COUNT older ones, newest first, as
    ArticleLink.
    """
    sql = _RELATED_SQL.format(table=Article._meta.db_table, published=_PUBLISHED_SQL)
    params = {
        "published": Article.Status.PUBLISHED,
        "now": now or timezone.now(),
        "category": article.category_id,
        "id": article.pk,
        "at": article.publish_at,
        "newer": NEWER_COUNT,
        "older": OLDER_COUNT,
    }
    # The parts other apps show under the article come in the same round trip.
    with connection.cursor() as cursor:
        cursor.execute(";\n".join([sql, *article_statements()]), params)
        rows = cursor.fetchall()
        keep_article_parts(article, cursor)
    # Rows come ordered within each list: newer ones first, then older ones.
    newer = [ArticleLink(*row[:4]) for row in rows if row[4]]
    older = [ArticleLink(*row[:4]) for row in rows if not row[4]]
    return newer, older


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

    def get_object(self, queryset=None):
        article = get_object_or_404(
            Article.objects.select_related("category", "category__parent"), pk=self.kwargs["pk"]
        )
        # Staff preview only the sites they work on: another site's draft is not there.
        if not may_edit(self.request.user, article.site_id):
            raise Http404("Không có bài viết này.")
        if not ARTICLES.may_see(self.request.user, article):
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
