"""The sections of every site's /sitemap.xml: the news app's, the agency's, the documents'."""

from agency.sitemaps import SITEMAPS as AGENCY_SITEMAPS
from documents.sitemaps import DocumentSitemap
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS

SITEMAPS = {**NEWS_SITEMAPS, **AGENCY_SITEMAPS, "van-ban": DocumentSitemap}
