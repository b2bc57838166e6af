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

from .models import Article, Category, slug_url

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
        """Return the first id of every page (none for an empty map)."""
        ids = self.queryset.order_by().values_list("id", flat=True)
        with connection.cursor() as cursor:
            sql, params = ids.query.sql_with_params()
            cursor.execute(
                "SELECT id FROM (SELECT ids.id, row_number() OVER (ORDER BY ids.id) AS n"
                f" FROM ({sql}) AS ids) AS numbered WHERE n %% %s = 1 ORDER BY id",
                [*params, self.per_page],
            )
            return [row[0] for row in cursor.fetchall()]

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


class HomeSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.filter(site=self.site).order_by("pk").only("slug")


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_PAGE
    changefreq = "weekly"
    priority = 0.8
    keyset = True

    def items(self):
        # (slug, updated_at) tuples: a page builds no model instance.
        return Article.objects.published().filter(site=self.site).values_list("slug", "updated_at")

    @property
    def paginator(self):
        return KeysetPaginator(self.items(), self.limit)

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
    """Return /sitemap.xml: every page of every section, as Django's index view lists them.

    At a million articles it lists a thousand pages, found by one index-only scan; the page
    cache keeps the text (portal.pagecache).
    """
    domain = f"{request.scheme}://{request.get_host()}"
    entries = []
    for section, sitemap_class in sitemaps.items():
        url = domain + reverse("sitemap-section", kwargs={"section": section})
        sitemap = sitemap_class(request.site)
        if getattr(sitemap, "keyset", False):
            entries.extend(
                f"{url}?{PAGE_PARAMETER}={start}" for start in sitemap.paginator.starts()
            )
        else:
            entries.append(url)
    body = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in entries)
    return _xml_response(f'{XML_HEAD}<sitemapindex xmlns="{NAMESPACE}">{body}</sitemapindex>\n')


def _url_xml(url):
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(f"<lastmod>{timezone.localdate(url['lastmod']).isoformat()}</lastmod>")
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
