"""Tags for search engines and link previews: canonical URLs, feeds, JSON-LD.

No tag here touches the database: everything comes from objects the view already loaded.
"""

import json
from html import escape

from django import template
from django.templatetags.static import static
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from news.models import fixed_url, slug_url
from news.templatetags.news_tags import iso, site_of

register = template.Library()

# Pages whose address, without query string, is the canonical one (page numbers kept).
CANONICAL_ROUTES = {"home", "category-detail", "article-detail", "article-preview"}
HEADLINE_MAX_LENGTH = 110  # schema.org / Google's limit for NewsArticle.headline
# The characters that could end a <script> element or open a comment, as JSON escapes.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def json_ld_script(data):
    """Return `data` as a <script type="application/ld+json"> element.

    json.dumps output with <, > and & escaped, as django's json_script does, so no text can
    close the script element. str.replace(), not str.translate(), which looks each
    character of Vietnamese text up in its table.
    """
    payload = json.dumps(data, ensure_ascii=False)
    for character, escaped in _SCRIPT_ESCAPES:
        payload = payload.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def absolute_url(request, location):
    """Return request.build_absolute_uri(location), the host checked once per request.

    An article page makes half a dozen absolute URLs (canonical, link previews, JSON-LD);
    build_absolute_uri() checks the host against ALLOWED_HOSTS each time.
    """
    if not location.startswith("/") or location.startswith("//"):
        return request.build_absolute_uri(location)
    origin = request.__dict__.get("_absolute_origin")
    if origin is None:
        origin = request.__dict__["_absolute_origin"] = request.build_absolute_uri("/")[:-1]
    return origin + iri_to_uri(location)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return the canonical URL of the current page, or "" where none applies."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CANONICAL_ROUTES:
        return ""
    article = context.get("article")
    if match.url_name == "article-preview" and article is not None:
        path = article.get_absolute_url()
    else:
        path = request.path
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        path += f"?page={page.number}"
    return absolute_url(request, path)


def cover_url(article):
    """Return the URL of the 1200 px JPEG rendition link previews use, or ""."""
    if not article.cover:
        return ""
    return article.cover_urls["w1200_jpeg"]


@register.simple_tag(takes_context=True)
def cover_image_url(context, article):
    """Return the absolute URL of an article's cover for link previews, or ""."""
    url = cover_url(article)
    return absolute_url(context["request"], url) if url else ""


# Words of the lead in link previews (og:description, twitter:description).
PREVIEW_WORDS = 50


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """Return an article's OpenGraph and Twitter <meta> tags, for link previews.

    One Python list, not a template of twenty variables (docs/performance.md).
    """
    request = context["request"]
    image = cover_image_url(context, article)
    description = Truncator(article.lead).words(PREVIEW_WORDS, truncate=" …")
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site_of(request)),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:title", article.title),
    ]
    if description:
        meta.append(("property", "og:description", description))
    meta.append(("property", "og:url", canonical_url(context)))
    if image:
        meta += [("property", "og:image", image), ("property", "og:image:type", "image/jpeg")]
        size = article.social_image_size
        if size:
            meta += [
                ("property", "og:image:width", size[0]),
                ("property", "og:image:height", size[1]),
            ]
        if article.cover_alt:
            meta.append(("property", "og:image:alt", article.cover_alt))
    meta += [
        ("property", "article:published_time", iso(article.publish_at)),
        ("property", "article:modified_time", iso(article.content_modified_at)),
        ("property", "article:section", article.category.name),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", article.title),
    ]
    if description:
        meta.append(("name", "twitter:description", description))
    if image:
        meta.append(("name", "twitter:image", image))
    tags = (f'<meta {kind}="{name}" content="{escape(str(value))}">' for kind, name, value in meta)
    return mark_safe("\n".join(tags))


def _json_ld_data(request, article):
    """Return the schema.org NewsArticle data of `article`."""
    url = absolute_url(request, article.get_absolute_url())
    publisher = {
        "@type": "Organization",
        "name": request.site.name,
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(request, static("img/emblem.svg")),
        },
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:HEADLINE_MAX_LENGTH],
        "description": article.lead,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.content_modified_at.isoformat(),
        "inLanguage": "vi",
        "articleSection": article.category.name,
        "author": {"@type": "Organization", "name": article.byline or request.site.name},
        "publisher": publisher,
    }
    image = cover_url(article)
    if image:
        image = {"@type": "ImageObject", "url": absolute_url(request, image)}
        size = article.social_image_size
        if size:
            image["width"], image["height"] = size
        data["image"] = [image]
    return data


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """Return a <script type="application/ld+json"> with schema.org NewsArticle data.

    A data block is never executed, so the Content-Security-Policy needs no nonce for it
    and the page stays the same per reader.
    """
    return json_ld_script(_json_ld_data(context["request"], article))


@register.simple_tag(takes_context=True)
def feed_links(context, category=None):
    """Return <link rel="alternate"> tags for the site's RSS and the category's, if any."""
    site = site_of(context.get("request"))
    feeds = [(f"{site} – Tin mới nhất", fixed_url("news:feed"))]
    if category is not None and getattr(category, "slug", None):
        feeds.append((f"{category.name} – {site}", slug_url("news:category-feed", category.slug)))
    return mark_safe(
        "\n".join(
            f'<link rel="alternate" type="application/rss+xml" title="{escape(title)}"'
            f' href="{escape(url)}">'
            for title, url in feeds
        )
    )
