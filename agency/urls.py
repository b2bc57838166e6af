from django.urls import path, register_converter

from portal.pagecache import reader_page

from . import views
from .models import PATH_MAX_LENGTH


class PagePathConverter:
    """A page's address: lower-case slugs joined by "/" ("gioi-thieu/co-cau-to-chuc")."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*"

    def to_python(self, value):
        # Longer than any page's path: not a page (and no slash-appending redirect to one).
        if len(value) > PATH_MAX_LENGTH:
            raise ValueError("Địa chỉ quá dài.")
        return value

    def to_url(self, value):
        return value


register_converter(PagePathConverter, "pagepath")

app_name = "agency"

urlpatterns = [
    path("so-do-trang/", reader_page(views.SiteMapView.as_view()), name="site-map"),
    path("lanh-dao/", reader_page(views.LeaderListView.as_view()), name="leader-list"),
    path(
        "lanh-dao/<slug:slug>/",
        reader_page(views.LeaderDetailView.as_view()),
        name="leader-detail",
    ),
    path("xem-truoc-trang/<int:pk>/", views.PagePreviewView.as_view(), name="page-preview"),
    path(
        "xem-truoc-trang/<int:pk>/en/",
        views.PagePreviewView.as_view(english=True, template_name="agency/en/page_detail.html"),
        name="page-preview-en",
    ),
    path("en/", reader_page(views.EnglishHomeView.as_view()), name="english-home"),
    path(
        "en/leaders/",
        reader_page(
            views.LeaderListView.as_view(english=True, template_name="agency/en/leader_list.html")
        ),
        name="leader-list-en",
    ),
    path(
        "en/leaders/<slug:slug>/",
        reader_page(
            views.LeaderDetailView.as_view(
                english=True, template_name="agency/en/leader_detail.html"
            )
        ),
        name="leader-detail-en",
    ),
    path(
        "en/<pagepath:slug>/",
        reader_page(
            views.PageDetailView.as_view(english=True, template_name="agency/en/page_detail.html")
        ),
        name="page-detail-en",
    ),
    # Last: any other address made of slugs may be a page.
    path("<pagepath:slug>/", reader_page(views.PageDetailView.as_view()), name="page-detail"),
]
