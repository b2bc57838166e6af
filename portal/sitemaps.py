"""The sections of every site's /sitemap.xml: the news app's and the agency's."""

from agency.sitemaps import SITEMAPS as AGENCY_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS

SITEMAPS = {**NEWS_SITEMAPS, **AGENCY_SITEMAPS}
