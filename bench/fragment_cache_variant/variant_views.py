"""The article view of the experiment: cached lookup, related lists built only on demand."""

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404

from news.models import Article
from news.views import LINK_LIST_FIELDS, NEWER_COUNT, OLDER_COUNT, ArticleDetailView

ARTICLE_CACHE_SECONDS = 60


class CachedArticleDetailView(ArticleDetailView):
    def get_object(self, queryset=None):
        key = f"bench-variant:article:{self.kwargs['slug']}"
        article = cache.get(key)
        if article is None:
            article = super().get_object(queryset)
            cache.set(key, article, ARTICLE_CACHE_SECONDS)
        # The publishing window is checked on every request, cached or not.
        if not article.is_published():
            raise Http404
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        at, pk = article.publish_at, article.pk

        def siblings():
            return (
                Article.objects.published()
                .filter(category_id=article.category_id)
                .exclude(pk=pk)
                .only(*LINK_LIST_FIELDS)
            )

        # Callables: the template calls them only when the cached fragment is missing.
        def newer():
            return list(
                siblings()
                .filter(Q(publish_at__gte=at), Q(publish_at__gt=at) | Q(pk__gt=pk))
                .order_by("publish_at", "id")[:NEWER_COUNT]
            )

        def older():
            return list(
                siblings()
                .filter(Q(publish_at__lte=at), Q(publish_at__lt=at) | Q(pk__lt=pk))
                .order_by("-publish_at", "-id")[:OLDER_COUNT]
            )

        return {
            "object": article,
            "article": article,
            "view": self,
            "newer": newer,
            "older": older,
            "preview": self.preview,
            "category": article.category,
        }
