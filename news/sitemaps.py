"""Sitemaps for search engines: each site's /sitemap.xml is an index of its section maps.

Article pages are keyset pages of the site's published articles in id order: the index
names each page by the id it starts from (``?tu=``), found by one index-only scan of the
site's (site, id) index, and a page is one range scan of that index from its start, however
big the archive (an OFFSET into a million rows took seconds). A page keeps its URLs between
crawls: a new article lands on the last page. Only published() articles ever appear.

ARTICLES_PER_PAGE keeps a page to a few milliseconds, cold (search engines take 50,000
pages per index). The XML is written directly, not through Django's sitemap templates:
those cost ~0.1 ms a URL (seconds for a 10,000-URL page), this about 2 µs. The output is
the same as django.contrib.sitemaps' views': the same elements, lastmod as a local date,
the same X-Robots-Tag header.
"""

from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from multisite.sites import tree

from .models import CONTENT_MODIFIED_AT, Article, Category, fetch, link_families, slug_url
from .views import CATEGORY_PAGE_SIZE, COMPONENT_NEWS_COUNT, LATEST_COUNT

ARTICLES_PER_PAGE = 1_000
# The query parameter of an article map page: the id it starts from ("từ").
PAGE_PARAMETER = "tu"


class KeysetPage:
    def __init__(self, object_list, number):
        self.object_list, self.number = object_list, number


class KeysetPaginator:
    """Pages of `per_page` rows of `queryset` in id order; a page's "number" is its first id."""

    def __init__(self, queryset, per_page):
        self.queryset, self.per_page = queryset, per_page

    def starts(self):
        """Return (first id, last change) of every page (none for an empty map).

        `queryset` yields (id, change) rows; a page's last change is the latest of its rows'.
        """
        with connection.cursor() as cursor:
            sql, params = self.queryset.order_by().query.sql_with_params()
            cursor.execute(
                "SELECT min(id), max(changed) FROM (SELECT rows.id, rows.changed,"
                " (row_number() OVER (ORDER BY rows.id) - 1) / %s AS page"
                f" FROM ({sql}) AS rows(id, changed)) AS numbered GROUP BY page ORDER BY 1",
                [self.per_page, *params],
            )
            return cursor.fetchall()

    def page(self, number):
        try:
            first = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("Số trang không hợp lệ.") from exc
        if first < 1:
            raise EmptyPage("Không có trang này.")
        rows = self.queryset.filter(pk__gte=first).order_by("pk")[: self.per_page]
        return KeysetPage(rows, first)


class SiteSitemap(Sitemap):
    """A section's map of one site."""

    def __init__(self, site):
        self.site = site


# The newest published articles a list shows, by one ordered, limited scan of a
# (..., publish_at DESC, id DESC) index per id it covers, merged (as news.views' blocks).
_SHOWN_SQL = """(SELECT a.changed FROM unnest(%s::bigint[]) AS covered(id) CROSS JOIN LATERAL (
   SELECT GREATEST(publish_at, updated_at) AS changed, publish_at, id FROM {table}
   WHERE status = %s AND publish_at <= %s AND (unpublish_at IS NULL OR unpublish_at > %s)
   AND {where} ORDER BY publish_at DESC, id DESC LIMIT %s) AS a
 ORDER BY a.publish_at DESC, a.id DESC LIMIT %s)"""


BY_CATEGORY = "category_id = covered.id"
BY_SITE = "site_id = covered.id"
FEATURED_OF_SITE = "site_id = covered.id AND featured"


def last_changes(lists, now=None):
    """Return {key: when the articles a list shows last changed, or None} for `lists`.

    `lists` maps a key to (where, ids, count): the list shows the newest `count`
    published articles meeting `where` (BY_CATEGORY, BY_SITE, FEATURED_OF_SITE) for one
    of `ids`, as a category page or a home page does. A change is a publication or a
    content change (Article.content_modified_at). One query: a few index probes per id.
    """
    if not lists:
        return {}
    now = now or timezone.now()
    keys, parts, params = list(lists), [], []
    for position, (where, ids, count) in enumerate(lists.values()):
        part = _SHOWN_SQL.format(table=Article._meta.db_table, where=where)
        parts.append(f"SELECT %s, max(changed) FROM {part} AS shown")
        params += [position, list(ids), Article.Status.PUBLISHED, now, now, count, count]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {keys[position]: changed for position, changed in cursor.fetchall()}


def _latest(changes):
    return max((c for c in changes if c is not None), default=None)


def _categories(site):
    return link_families(fetch(Category, "site_id = %s", [site.pk], "id"))


def page_changes(site, categories):
    """Return (the home page's last change, {category id: its first page's}): one query.

    The home page lists the site's latest and featured news, a block per category (within
    the first page of that category) and its component sites' latest news.
    """
    lists = {c.pk: (BY_CATEGORY, c.covered_ids, CATEGORY_PAGE_SIZE) for c in categories}
    lists.update(
        latest=(BY_SITE, [site.pk], LATEST_COUNT + 1),
        featured=(FEATURED_OF_SITE, [site.pk], 1),
        components=(BY_SITE, tree().children.get(site.pk, []), COMPONENT_NEWS_COUNT),
    )
    changes = last_changes(lists)
    return _latest(changes.values()), {c.pk: changes[c.pk] for c in categories}


class HomeSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return page_changes(self.site, _categories(self.site))[0]


class CategorySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        categories = _categories(self.site)
        lists = {c.pk: (BY_CATEGORY, c.covered_ids, CATEGORY_PAGE_SIZE) for c in categories}
        changes = last_changes(lists)
        for category in categories:
            category.last_change = changes[category.pk]
        return categories

    def lastmod(self, item):
        return item.last_change


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_PAGE
    changefreq = "weekly"
    priority = 0.8
    keyset = True

    def items(self):
        # (slug, last change) tuples: a page builds no model instance.
        return (
            Article.objects.published()
            .filter(site=self.site)
            .values_list("slug", CONTENT_MODIFIED_AT)
        )

    @property
    def paginator(self):
        return KeysetPaginator(self.items(), self.limit)

    def starts(self):
        """Return (first id, last change) of every page."""
        ids = Article.objects.published().filter(site=self.site)
        return KeysetPaginator(ids.values_list("id", CONTENT_MODIFIED_AT), self.limit).starts()

    def location(self, item):
        return slug_url("news:article-detail", item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        # Django's default takes the max over every item: a million rows for the index.
        return None


SITEMAPS = {"trang-chu": HomeSitemap, "chuyen-muc": CategorySitemap, "bai-viet": ArticleSitemap}


XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ROBOTS = "noindex, noodp, noarchive"


def _xml_response(body, last_modified=None):
    response = HttpResponse(body, content_type="application/xml")
    response.headers["X-Robots-Tag"] = ROBOTS
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def index(request, sitemaps=SITEMAPS):
    """Return /sitemap.xml: every page of every section, as Django's index view lists them,
    each with its last change.

    At a million articles it lists a thousand pages, found by one index-only scan; the page
    cache keeps the text (portal.pagecache).
    """
    domain = f"{request.scheme}://{request.get_host()}"
    home, categories = page_changes(request.site, _categories(request.site))
    changes = {"trang-chu": home, "chuyen-muc": _latest(categories.values())}
    entries = []
    for section, sitemap_class in sitemaps.items():
        url = domain + reverse("sitemap-section", kwargs={"section": section})
        sitemap = sitemap_class(request.site)
        if getattr(sitemap, "keyset", False):
            entries.extend(
                (f"{url}?{PAGE_PARAMETER}={start}", changed) for start, changed in sitemap.starts()
            )
        elif section in changes:
            entries.append((url, changes[section]))
        else:  # another app's small section: its newest item
            entries.append((url, _latest(sitemap.lastmod(item) for item in sitemap.items())))
    body = "".join(_sitemap_xml(url, changed) for url, changed in entries)
    return _xml_response(f'{XML_HEAD}<sitemapindex xmlns="{NAMESPACE}">{body}</sitemapindex>\n')


def _lastmod_xml(moment):
    return f"<lastmod>{timezone.localdate(moment).isoformat()}</lastmod>" if moment else ""


def _sitemap_xml(url, changed):
    return f"<sitemap><loc>{escape(url)}</loc>{_lastmod_xml(changed)}</sitemap>"


def _url_xml(url):
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(_lastmod_xml(url["lastmod"]))
    if url["changefreq"]:
        parts.append(f"<changefreq>{url['changefreq']}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{url['priority']}</priority>")
    parts.append("</url>")
    return "".join(parts)


def section(request, section, sitemaps=SITEMAPS):
    """Return one page (?tu=) of one section's map; a page that does not exist is a 404."""
    sitemap_class = sitemaps.get(section)
    if sitemap_class is None:
        raise Http404(f"Không có sơ đồ trang {section}.")
    sitemap = sitemap_class(request.site)
    page = request.GET.get(PAGE_PARAMETER, 1) if getattr(sitemap, "keyset", False) else 1
    try:
        # RequestSite: the request's own host, port included, as Django's sitemap views do.
        urls = sitemap.get_urls(page=page, site=RequestSite(request), protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("Không có trang này của sơ đồ trang.") from exc
    body = "".join(_url_xml(url) for url in urls)
    return _xml_response(
        f'{XML_HEAD}<urlset xmlns="{NAMESPACE}">{body}</urlset>\n',
        getattr(sitemap, "latest_lastmod", None),
    )
