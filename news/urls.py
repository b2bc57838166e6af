from django.urls import path
from django.views.decorators.http import conditional_page

from portal.pagecache import RANKING_SECONDS, reader_page

from . import feeds, search, views

app_name = "news"

PAGE = ("page",)
SEARCH = ("q", "chuyen_muc", "tu_ngay", "den_ngay", "page")

urlpatterns = [
    # "Tin xem nhiều" changes without a save: the home page is rendered again each minute.
    path("", reader_page(views.HomeView.as_view(), seconds=RANKING_SECONDS), name="home"),
    path(
        "chuyen-muc/<slug:slug>/",
        reader_page(views.CategoryDetailView.as_view(), query=PAGE),
        name="category-detail",
    ),
    path(
        "tin-tuc/<slug:slug>/",
        reader_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path("xem-truoc/<int:pk>/", views.ArticlePreviewView.as_view(), name="article-preview"),
    path("tim-kiem/", reader_page(search.SearchView.as_view(), query=SEARCH), name="search"),
    path("rss/", reader_page(conditional_page(feeds.LatestArticlesFeed())), name="feed"),
    path(
        "chuyen-muc/<slug:slug>/rss/",
        reader_page(conditional_page(feeds.CategoryFeed())),
        name="category-feed",
    ),
]
