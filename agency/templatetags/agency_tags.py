"""Tags for the agency's part of every page: footer, menu pages, language switch, JSON-LD.

No tag here reads the database beyond agency.chrome, which comes with the rest of the
site's chrome in one round trip per request (news.siteparts).
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse

from multisite.sites import site_url
from news.templatetags.seo_tags import absolute_url, json_ld_script

from ..chrome import chrome

register = template.Library()

HOME = "news:home"
ENGLISH_HOME = "agency:english-home"


@register.filter
def within(path, url):
    """Return whether `path` is the address `url` or one below it."""
    return bool(url) and path.startswith(url)


@register.simple_tag(takes_context=True)
def agency_chrome(context):
    """Return the Chrome of the page's site: agency information, menu pages, flags."""
    request = context.get("request")
    return chrome(request) if request is not None else None


@register.simple_tag(takes_context=True)
def english_twin(context):
    """Return the address of this page's English version, or "" when it has none.

    A view names it (`english_url`); the Vietnamese home's twin is /en/ once anything of
    the site has an English version.
    """
    url = context.get("english_url")
    if url:
        return url
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == HOME and chrome(request).has_english:
        return reverse(ENGLISH_HOME)
    return ""


def _organization(request, info, name):
    data = {"@type": "Organization", "name": name, "url": site_url(request.site, "/", request)}
    if info is None:
        return data
    data["logo"] = absolute_url(request, static("img/emblem.svg"))
    if info.full_name_en:
        data["alternateName"] = info.full_name_en
    if info.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": info.address}
    for key, value in (
        ("telephone", info.phone),
        ("faxNumber", info.fax),
        ("email", info.email),
        ("hasMap", info.map_url),
    ):
        if value:
            data[key] = value
    return data


@register.simple_tag(takes_context=True)
def organization_json_ld(context):
    """Return a <script type="application/ld+json"> with the site's schema.org Organization.

    A component site names its province portal as ``parentOrganization``; a site without
    one names its cơ quan chủ quản, if given. Escaped as seo_tags' NewsArticle is.
    """
    request = context.get("request")
    if request is None or getattr(request, "site", None) is None:
        return ""
    found = chrome(request)
    info = found.info
    data = {
        "@context": "https://schema.org",
        **_organization(request, info, info.full_name if info else request.site.name),
    }
    if found.parent_site is not None:
        parent_info = found.parent_info
        # By name only: a component's pages carry no address of its province portal's
        # (tests/multisite/test_isolation.py keeps every site's pages to its own host).
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": parent_info.full_name if parent_info else found.parent_site.name,
        }
    elif info is not None and info.parent_body:
        data["parentOrganization"] = {"@type": "Organization", "name": info.parent_body}
    return json_ld_script(data)
