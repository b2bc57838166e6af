"""RSS for readers and aggregators: all news, and one feed per category.

Each feed lists the latest FEED_SIZE published articles with their full lead. Items give
``item_pubdate`` (and ``item_updateddate``), so the feed carries Last-Modified; the URLs
wrap the feeds in ``conditional_page`` for 304 answers to conditional GETs.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse

from .models import Article, Category

FEED_SIZE = 50


class LatestArticlesFeed(Feed):
    """The newest published articles of the whole portal."""

    language = "vi"

    def get_object(self, request):
        # The feed's object is its site: one Feed instance serves every site and thread.
        return request.site

    def title(self, obj=None):
        return f"{obj.name} – Tin mới nhất"

    def link(self, obj=None):
        return reverse("news:home")

    def description(self, obj=None):
        return f"Tin bài mới nhất của {obj.name}."

    def feed_url(self, obj=None):
        return reverse("news:feed")

    def articles(self, obj=None):
        """Return the published articles this feed covers, unsliced."""
        return Article.objects.published().filter(site=obj)

    def items(self, obj=None):
        return (
            self.articles(obj)
            .select_related("category")
            .only("title", "slug", "lead", "publish_at", "updated_at", "category__name")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.content_modified_at

    def item_categories(self, item):
        return (item.category.name,)


class CategoryFeed(LatestArticlesFeed):
    """The newest published articles of one category and its subcategories."""

    def get_object(self, request, slug):
        category = Category.objects.filter(site=request.site).family(slug)
        if category is None:
            raise Http404("Không có chuyên mục này.")
        category.site = request.site
        return category

    def title(self, obj=None):
        return f"{obj.name} – {obj.site.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.description or f"Tin bài mới nhất chuyên mục {obj.name}."

    def feed_url(self, obj=None):
        return reverse("news:category-feed", kwargs={"slug": obj.slug})

    def articles(self, obj=None):
        return Article.objects.published().filter(category_id__in=obj.covered_ids)
