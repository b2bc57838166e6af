from django.urls import path
from django.views.decorators.http import conditional_page

from portal.pagecache import reader_page

from . import feeds, views

app_name = "documents"

LIST_QUERY = ("q", "loai", "co_quan", "linh_vuc", "nam", "page")

urlpatterns = [
    path("", reader_page(views.DocumentListView.as_view(), query=LIST_QUERY), name="list"),
    path("rss/", reader_page(conditional_page(feeds.LatestDocumentsFeed())), name="feed"),
    path("xem-truoc/<int:pk>/", views.DocumentPreviewView.as_view(), name="preview"),
    path("tep/<int:pk>/", views.download, name="download"),
    path("<slug:slug>/", reader_page(views.DocumentDetailView.as_view()), name="detail"),
]
