"""Every public page of the portal as it stands, for tests that must find none broken."""

from django.urls import reverse

from agency.models import Leader, Page
from news.models import Article, Category
from portal.sitemaps import SITEMAPS


def public_urls():
    """Return the URL of every page a reader or a crawler can reach now."""
    urls = [
        reverse("news:home"),
        reverse("news:feed"),
        reverse("news:search") + "?q=hoi+nghi",
        reverse("sitemap-index"),
        reverse("robots"),
        *(reverse("sitemap-section", kwargs={"section": name}) for name in SITEMAPS),
    ]
    for slug in Category.objects.values_list("slug", flat=True):
        urls.append(reverse("news:category-detail", kwargs={"slug": slug}))
        urls.append(reverse("news:category-feed", kwargs={"slug": slug}))
    urls.extend(article.get_absolute_url() for article in Article.objects.published().only("slug"))
    urls += [reverse("agency:site-map"), reverse("agency:leader-list")]
    for page in Page.objects.published():
        urls.append(page.get_absolute_url())
        if page.has_english:
            urls.append(page.get_english_url())
    for leader in Leader.objects.all():
        urls.append(leader.get_absolute_url())
        if leader.has_english:
            urls.append(leader.get_english_url())
    return urls
