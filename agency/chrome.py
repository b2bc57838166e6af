"""What every public page of a site shows of its agency: the footer, the menu's pages, the
Organization of its structured data. Read once per request with the rest of the site's
chrome (news.siteparts).
"""

import json
from dataclasses import dataclass, field

from multisite.sites import tree
from news.models import slug_url
from news.siteparts import register_site_part, site_part

from .models import PAGE_DETAIL, PAGE_DETAIL_EN, AgencyInfo, Leader, Page

CHROME_PART = "agency"
INFO_FIELDS = [f.attname for f in AgencyInfo._meta.concrete_fields if f.name != "updated_at"]


@dataclass(frozen=True, slots=True)
class MenuPage:
    """A top-level page as the menu and the English menu show it."""

    title: str
    title_en: str
    path: str

    def get_absolute_url(self):
        return slug_url(PAGE_DETAIL, self.path)

    def get_english_url(self):
        return slug_url(PAGE_DETAIL_EN, self.path) if self.title_en else ""


@dataclass(frozen=True)
class Chrome:
    info: AgencyInfo | None = None
    parent_info: AgencyInfo | None = None
    parent_site: object = None
    menu_pages: list = field(default_factory=list)
    contact_path: str = ""
    has_english: bool = False

    @property
    def contact_url(self):
        return slug_url(PAGE_DETAIL, self.contact_path) if self.contact_path else ""

    @property
    def english_menu(self):
        return [p for p in self.menu_pages if p.title_en]


# Four answers in one round trip: the agency rows (the site's and its province portal's),
# the menu's top-level pages, the contact page, whether anything has an English version.
_SQL = f"""
SELECT 'info', row_to_json(i)::text FROM {AgencyInfo._meta.db_table} i WHERE i.site_id = ANY(%s)
UNION ALL
SELECT 'menu', json_build_array(position, title, id, title_en, path)::text
  FROM {Page._meta.db_table}
  WHERE site_id = %s AND parent_id IS NULL AND status = %s AND show_in_menu
UNION ALL
(SELECT 'contact', path FROM {Page._meta.db_table}
  WHERE site_id = %s AND status = %s AND block = %s ORDER BY path LIMIT 1)
UNION ALL
SELECT 'english', (EXISTS (SELECT 1 FROM {Page._meta.db_table}
    WHERE site_id = %s AND status = %s AND title_en <> '')
  OR EXISTS (SELECT 1 FROM {Leader._meta.db_table} WHERE site_id = %s AND position_en <> ''))::text
"""


def _info(data):
    return AgencyInfo(**{name: data.get(name) for name in INFO_FIELDS})


def _params(request):
    site = request.site
    parent_id = tree().parents.get(site.pk)
    published = Page.Status.PUBLISHED
    return [
        [site.pk] if parent_id is None else [site.pk, parent_id],
        site.pk,
        published,
        site.pk,
        published,
        Page.Block.CONTACT,
        site.pk,
        published,
        site.pk,
    ]


def _build(request, rows):
    site = request.site
    known = tree()
    parent_id = known.parents.get(site.pk)
    infos, menu, contact, english = {}, [], "", False
    for kind, value in rows:
        if kind == "info":
            info = _info(json.loads(value))
            infos[info.site_id] = info
        elif kind == "menu":
            menu.append(json.loads(value))
        elif kind == "contact":
            contact = value
        else:
            english = value == "true"
    menu.sort(key=lambda row: (row[0], row[1], row[2]))
    return Chrome(
        info=infos.get(site.pk),
        parent_info=infos.get(parent_id),
        parent_site=known.sites.get(parent_id),
        menu_pages=[MenuPage(title, title_en, path) for _pos, title, _id, title_en, path in menu],
        contact_path=contact,
        has_english=english,
    )


def register_chrome_part():
    """Register the agency's chrome as a part of every page's (AgencyConfig.ready)."""
    register_site_part(CHROME_PART, _SQL, params=_params, build=_build, empty=Chrome)


def chrome(request):
    """Return the request's site's Chrome (an empty one for a page answered for no site)."""
    return site_part(request, CHROME_PART)
