"""news.urls with the cached article view (the namespace stays "news", so it is counted)."""

from django.urls import path
from variant_views import CachedArticleDetailView

from news import urls as shipped

app_name = "news"

urlpatterns = [
    path("tin-tuc/<slug:slug>/", CachedArticleDetailView.as_view(), name="article-detail")
    if getattr(pattern, "name", None) == "article-detail"
    else pattern
    for pattern in shipped.urlpatterns
]
