"""The whole URL map: admin, editor tools, public news pages."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from multisite.admin_scope import view_on_site
from news import sitemaps
from news.editor_views import upload_image
from portal import views
from portal.pagecache import reader_page
from portal.sitemaps import SITEMAPS

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = "Quản trị cổng thông tin"
admin.site.index_title = "Bảng điều khiển"

urlpatterns = [
    # Before the admin's own: its "view on site" redirect, for objects the user may see.
    path(
        f"{settings.ADMIN_URL}r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("bien-tap/tai-anh/", upload_image, name="editor-upload-image"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("sitemap.xml", reader_page(sitemaps.index), {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        reader_page(sitemaps.section, query=(sitemaps.PAGE_PARAMETER,)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        reader_page(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots",
    ),
    path("", include("engagement.urls")),
    path("van-ban/", include("documents.urls")),
    path("", include("news.urls")),
    # After the news: its last route is the page tree's catch-all (agency/urls.py).
    path("", include("agency.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "portal.views.bad_request"
handler404 = "news.views.page_not_found"
# A lost database answers 503 even when it fails outside a view (portal.views).
handler500 = "portal.views.server_error"
