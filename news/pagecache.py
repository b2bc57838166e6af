"""Whole article pages from the cache, with the few parts that differ per request filled in.

Readers all get the same article page except for three small parts: the view count
("Số lượt người xem: N", which includes the reader's own view), the site's visit counter
and the request's CSP nonce (on the JSON-LD ``<script>``). Rendering the rest again on
every request, even from cached fragments, cost more CPU than everything else a cached
page needs (docs/performance.md), so ``ArticlePageResponse`` keeps the whole page:

- On a miss it renders the template as usual, then renders each per-request part alone
  (``PARTS``: the same template tags the page uses, with the same context; the nonce
  as django-csp gives it) and finds its output in the page; if every part is found, the
  page is cached as static text around the parts' places. If a part is missing or the
  places overlap, the page is simply not cached.
- On a hit it renders only the parts, for this request, and puts them in their places.
  Counting still happens before (the counter middleware sees a ``TemplateResponse``).

The key carries ``news.cache.scheduled_key`` (every editor's save and the next scheduled
publish/unpublish change it, as for the fragments), the scheme and host (the page holds
absolute URLs), and the stylesheet's hashed URL (a deploy with new static files changes
it). A staff preview is never cached nor served from the cache; only GETs are.
"""

import hashlib
import logging
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.template import Context, Template
from django.template.response import TemplateResponse
from django.templatetags.static import static

from .cache import request_scheduled_key

logger = logging.getLogger(__name__)

PAGE_CACHE_KEY = "news:page"
PAGE_CACHE_SECONDS = 60
# The per-request parts of templates/news/article_detail.html (and base.html), in the
# words of the templates themselves; plus the CSP nonce (news.templatetags.seo_tags).
PARTS = {
    "article_views": "{% load counters %}{% article_views article %}",
    "visit_counter": "{% load counters %}{% visit_counter %}",
}
NONCE = "csp_nonce"
_compiled = {}


@lru_cache(maxsize=4)
def _stylesheet_url(static_url):
    # A manifest lookup costs more than the rest of a cached page's key: once a process.
    return static("css/site.css")


def _part_template(name):
    compiled = _compiled.get(name)
    if compiled is None:
        compiled = _compiled[name] = Template(PARTS[name])
    return compiled


def render_parts(context_data, request):
    """Return {part name: its markup for this request} (empty markup: not on the page)."""
    context = Context({**context_data, "request": request}, autoescape=True)
    parts = {name: _part_template(name).render(context) for name in PARTS}
    # django-csp's lazy nonce: reading it here puts it in this response's header too.
    nonce = getattr(request, "csp_nonce", None)
    parts[NONCE] = str(nonce) if nonce is not None else ""
    return parts


def split_page(html, parts):
    """Return (texts, names): the page as static texts around the parts' places.

    ``texts`` has one more item than ``names``; a part may have several places, and
    parts whose markup is empty have none. Returns None when a non-empty part is not
    on the page or two places overlap.
    """
    places = []
    for name, markup in parts.items():
        if not markup:
            continue
        start = html.find(markup)
        if start < 0:
            return None
        while start >= 0:
            places.append((start, start + len(markup), name))
            start = html.find(markup, start + len(markup))
    places.sort()
    texts, names, position = [], [], 0
    for start, end, name in places:
        if start < position:
            return None  # overlapping parts: not a page this cache understands
        texts.append(html[position:start])
        names.append(name)
        position = end
    texts.append(html[position:])
    return texts, names


def join_page(texts, names, parts):
    """Return the cached page with this request's parts in their places, or None.

    None when a part that renders now had no place in the cached page (the page was
    cached while it rendered nothing, e.g. with the counters switched off).
    """
    if any(markup for name, markup in parts.items() if name not in names):
        return None
    pieces = [texts[0]]
    for name, text in zip(names, texts[1:], strict=True):
        pieces.append(parts[name])
        pieces.append(text)
    return "".join(pieces)


class ArticlePageResponse(TemplateResponse):
    """A TemplateResponse that renders the article page from the whole-page cache."""

    def page_key(self):
        request = self._request
        context = self.context_data or {}
        article = context.get("article")
        if request.method != "GET" or context.get("preview") or article is None:
            return None
        stylesheet = _stylesheet_url(settings.STATIC_URL)
        vary = f"{article.pk}:{request.scheme}:{request.get_host()}:{stylesheet}"
        digest = hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()
        return f"{request_scheduled_key(request, PAGE_CACHE_KEY)}:article:{digest}"

    @property
    def rendered_content(self):
        key = self.page_key()
        if key is None:
            return super().rendered_content
        context_data = self.context_data or {}
        cached = cache.get(key)
        parts = render_parts(context_data, self._request)
        if cached is not None:
            html = join_page(*cached, parts)
            if html is not None:
                return html
        html = super().rendered_content
        page = split_page(html, parts)
        if page is None:
            logger.warning("Không tách được phần riêng của trang bài viết; không lưu đệm trang")
        else:
            cache.set(key, page, PAGE_CACHE_SECONDS)
        return html
