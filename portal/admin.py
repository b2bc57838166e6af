"""The admin as the project assembles it: each app's ModelAdmin plus what other apps add."""

from django.contrib import admin

from counters.admin import ArticleViewsColumn
from news.admin import ArticleAdmin
from news.models import Article

# Django's app list beside every page left a 1366 px office screen ~720 px for the article
# list and form; the dashboard and breadcrumbs already lead everywhere it did.
admin.site.enable_nav_sidebar = False


@admin.register(Article)
class PortalArticleAdmin(ArticleViewsColumn, ArticleAdmin):
    """Articles as editors see them: the news app's admin plus the counters' "Lượt xem"."""
