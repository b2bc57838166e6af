"""What readers may rate: a registry of item kinds, each with how to find a public item and
how the report names it.

A kind is a model label ("news.article"). Its `find(object id, site id)` returns the
``Target`` a reader of that site can see now, or None; its `describe(ids)` returns, for the
report, {id: Described} of the items that still exist; its `views(ids, start, end)`, where
the kind has view counts, {id: views in the period}. Another public model joins by adding
a Kind here; ratings point at items through contenttypes. The apps rated are imported
inside the functions: engagement knows them, they do not know engagement.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Target:
    label: str  # "news.article"
    pk: int
    site_id: int
    title: str
    url: str
    # Its English version, for a rating given on it (agency pages and leaders), or "".
    english_title: str = ""
    english_url: str = ""

    @property
    def noun(self):
        """Return what readers call the item in a sentence: "bài", "trang"."""
        return RATEABLE[self.label].noun


@dataclass(frozen=True)
class Described:
    title: str
    url: str
    admin_url: str


@dataclass(frozen=True)
class Kind:
    name: str  # the report's filter and column: "Bài viết"
    noun: str  # in readers' sentences: "Ý kiến của bạn về bài …"
    find: object
    describe: object
    views: object = None


def _admin(prefix, item):
    return reverse(f"admin:{prefix}_change", args=[item.pk])


def published_article(object_id, site_id):
    """Return the article as a Target if readers of the site can see it now, else None."""
    from news.models import Article

    article = (
        Article.objects.published()
        .filter(pk=object_id, site_id=site_id)
        .only("title", "slug", "site_id")
        .first()
    )
    if article is None:
        return None
    return Target("news.article", article.pk, article.site_id, article.title,
                  article.get_absolute_url())  # fmt: skip


def describe_articles(ids):
    from news.models import Article

    articles = Article.objects.filter(pk__in=ids).only("title", "slug")
    return {
        a.pk: Described(a.title, a.get_absolute_url(), _admin("news_article", a)) for a in articles
    }


def article_views(ids, start, end):
    from django.db.models import Sum

    from counters.models import ArticleDailyViews

    return dict(
        ArticleDailyViews.objects.filter(article_id__in=ids, day__range=(start, end))
        .values("article_id")
        .annotate(total=Sum("views"))
        .values_list("article_id", "total")
    )


def published_page(object_id, site_id):
    """Return the agency page as a Target if readers of the site can see it, else None."""
    from agency.models import Page

    page = (
        Page.objects.published()
        .filter(pk=object_id, site_id=site_id)
        .only("title", "title_en", "path", "site_id")
        .first()
    )
    if page is None:
        return None
    return Target("agency.page", page.pk, page.site_id, page.title, page.get_absolute_url(),
                  page.title_en, page.get_english_url())  # fmt: skip


def describe_pages(ids):
    from agency.models import Page

    pages = Page.objects.filter(pk__in=ids).only("title", "path")
    return {p.pk: Described(p.title, p.get_absolute_url(), _admin("agency_page", p)) for p in pages}


def public_leader(object_id, site_id):
    """Return the leader's page as a Target (every leader of a site is public), or None."""
    from agency.models import Leader

    leader = (
        Leader.objects.filter(pk=object_id, site_id=site_id)
        .only("name", "position", "position_en", "slug", "site_id")
        .first()
    )
    if leader is None:
        return None
    english = f"{leader.name} – {leader.position_en}" if leader.has_english else ""
    return Target("agency.leader", leader.pk, leader.site_id, str(leader),
                  leader.get_absolute_url(), english, leader.get_english_url())  # fmt: skip


def describe_leaders(ids):
    from agency.models import Leader

    leaders = Leader.objects.filter(pk__in=ids).only("name", "position", "slug")
    return {
        p.pk: Described(str(p), p.get_absolute_url(), _admin("agency_leader", p)) for p in leaders
    }


RATEABLE = {
    "news.article": Kind("Bài viết", "bài", published_article, describe_articles, article_views),
    # An English page rates the same item as its Vietnamese twin: one page, one result.
    "agency.page": Kind("Trang giới thiệu", "trang", published_page, describe_pages),
    "agency.leader": Kind("Lãnh đạo", "trang", public_leader, describe_leaders),
}


def find(label, object_id, site_id):
    """Return the public Target `label` #`object_id` on the site, or None if there is none."""
    kind = RATEABLE.get(label)
    if kind is None:
        return None
    return kind.find(object_id, site_id)
