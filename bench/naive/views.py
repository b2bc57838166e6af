"""One article by slug, counted with an F() expression UPDATE on every view, no cache."""

from django.db.models import F
from django.views.generic import DetailView

from .models import Article


class ArticleDetailView(DetailView):
    model = Article

    def get_object(self, queryset=None):
        """Return the article after counting this view, as Django's documentation does it.

        "Avoiding race conditions using F()" (ref/models/expressions): assign the
        expression, save that field, read the new value back.
        """
        article = super().get_object(queryset)
        article.views = F("views") + 1
        article.save(update_fields=["views"])
        article.refresh_from_db(fields=["views"])
        return article
