"""Public pages about the agency: pages, leaders, the site map, and their English versions.

Views read what they show and nothing more; whole pages are cached around them
(portal.pagecache, through reader_page() in agency/urls.py).
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from multisite.access import may_edit
from news.models import fetch
from news.templatetags.news_tags import menu_categories

from .models import Leader, Page
from .permissions import PAGES

PUBLISHED = Page.Status.PUBLISHED
LEADER_ORDER = '"order", name, id'
PAGE_ORDER = "position, title, id"


def page_tree(pages):
    """Return the top-level pages of `pages`, each with `subpages` (its listed children)."""
    by_pk = {p.pk: p for p in pages}
    for page in pages:
        page.subpages = []
    tops = []
    for page in pages:
        parent = by_pk.get(page.parent_id)
        (parent.subpages if parent is not None else tops).append(page)
    return tops


def relatives(page):
    """Return (ancestors top first, published children) of `page`. One query."""
    parts = page.path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts))]
    rows = fetch(
        Page,
        "site_id = %s AND status = %s AND (path = ANY(%s) OR parent_id = %s)",
        [page.site_id, PUBLISHED, prefixes, page.pk],
        PAGE_ORDER,
    )
    ancestors = sorted((p for p in rows if p.path in prefixes), key=lambda p: len(p.path))
    children = [p for p in rows if p.parent_id == page.pk]
    return ancestors, children


def site_leaders(site_id, english=False):
    """Return the site's leaders in their order (with an English version only, if asked)."""
    where = "site_id = %s" + (" AND position_en <> ''" if english else "")
    return fetch(Leader, where, [site_id], LEADER_ORDER)


class PageDetailView(TemplateView):
    """A page of the agency, with its place in the tree and what it brings along."""

    template_name = "agency/page_detail.html"
    english = False
    preview = False

    def get_page(self):
        found = fetch(
            Page,
            "site_id = %s AND path = %s AND status = %s",
            [self.request.site.pk, self.kwargs["slug"], PUBLISHED],
        )
        if not found or (self.english and not found[0].has_english):
            raise Http404("Không có trang này.")
        return found[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.get_page()
        ancestors, children = relatives(page)
        if self.english:
            children = [c for c in children if c.has_english]
        leaders = []
        if page.block == Page.Block.LEADERS:
            leaders = site_leaders(page.site_id, self.english)
        context.update(
            page=page,
            ancestors=ancestors,
            children=children,
            leaders=leaders,
            preview=self.preview,
        )
        if not self.preview:
            # The twin, for hreflang and the language switch (a preview has no twin).
            context["english_url"] = page.get_english_url()
            context["vietnamese_url"] = page.get_absolute_url()
        return context


@method_decorator(never_cache, name="dispatch")
class PagePreviewView(PermissionRequiredMixin, PageDetailView):
    """A page, draft or published, shown to staff as readers will see it."""

    permission_required = "agency.change_page"
    login_url = reverse_lazy("admin:login")
    preview = True

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()

    def get_page(self):
        page = get_object_or_404(Page, pk=self.kwargs["pk"])
        if not may_edit(self.request.user, page.site_id):
            raise Http404("Không có trang này.")
        if not PAGES.may_see(self.request.user, page):
            raise PermissionDenied
        return page

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


class LeaderListView(TemplateView):
    """The agency's leaders with their photos, in their order."""

    template_name = "agency/leader_list.html"
    english = False

    def get_context_data(self, **kwargs):
        leaders = site_leaders(self.request.site.pk, self.english)
        context = super().get_context_data(leaders=leaders, **kwargs)
        if self.english or any(leader.has_english for leader in leaders):
            context["english_url"] = reverse("agency:leader-list-en")
            context["vietnamese_url"] = reverse("agency:leader-list")
        return context


class LeaderDetailView(TemplateView):
    """One leader: photo, position, biography, duties, public contacts."""

    template_name = "agency/leader_detail.html"
    english = False

    def get_context_data(self, **kwargs):
        found = fetch(
            Leader, "site_id = %s AND slug = %s", [self.request.site.pk, self.kwargs["slug"]]
        )
        if not found or (self.english and not found[0].has_english):
            raise Http404("Không có lãnh đạo này.")
        leader = found[0]
        return super().get_context_data(
            leader=leader,
            english_url=leader.get_english_url(),
            vietnamese_url=leader.get_absolute_url(),
            **kwargs,
        )


class SiteMapView(TemplateView):
    """ "Sơ đồ trang": the menu's categories with their subcategories, and the page tree."""

    template_name = "agency/site_map.html"

    def get_context_data(self, **kwargs):
        categories = menu_categories(self.request, all_levels=True)
        tops = [c for c in categories if c.parent_id is None and c.show_in_menu]
        for top in tops:
            top.subcategories = [c for c in categories if c.parent_id == top.pk]
        pages = fetch(
            Page, "site_id = %s AND status = %s", [self.request.site.pk, PUBLISHED], PAGE_ORDER
        )
        return super().get_context_data(categories=tops, pages=page_tree(pages), **kwargs)


class EnglishHomeView(TemplateView):
    """/en/: the agency's pages that have an English version, and its leaders."""

    template_name = "agency/en/home.html"

    def get_context_data(self, **kwargs):
        site_id = self.request.site.pk
        pages = [
            p
            for p in fetch(Page, "site_id = %s AND status = %s", [site_id, PUBLISHED], PAGE_ORDER)
            if p.has_english
        ]
        # A page whose parent has no English version is listed at the top.
        return super().get_context_data(
            pages=page_tree(pages),
            leaders=site_leaders(site_id, english=True),
            vietnamese_url=reverse("news:home"),
            **kwargs,
        )
