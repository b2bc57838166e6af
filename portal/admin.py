"""The admin as the project assembles it: each app's ModelAdmin plus what other apps add."""

from django.contrib import admin

from counters.admin import ArticleViewsColumn
from engagement.admin import ArticleRatingsColumn
from news.admin import ArticleAdmin
from news.models import Article


@admin.register(Article)
class PortalArticleAdmin(ArticleRatingsColumn, ArticleViewsColumn, ArticleAdmin):
    """Articles as editors see them: the news app's admin plus the counters' "Lượt xem" and
    the readers' ratings."""
