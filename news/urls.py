from django.urls import path
from django.views.decorators.http import conditional_page

from . import feeds, search, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("xem-truoc/<int:pk>/", views.ArticlePreviewView.as_view(), name="article-preview"),
    path("tim-kiem/", search.SearchView.as_view(), name="search"),
    path("rss/", conditional_page(feeds.LatestArticlesFeed()), name="feed"),
    path(
        "chuyen-muc/<slug:slug>/rss/",
        conditional_page(feeds.CategoryFeed()),
        name="category-feed",
    ),
]
