"""The whole URL map: admin, editor tools, public news pages."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from news.editor_views import upload_image
from portal import views

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = "Quản trị cổng thông tin"
admin.site.index_title = "Bảng điều khiển"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("tinymce/", include("tinymce.urls")),
    path("bien-tap/tai-anh/", upload_image, name="editor-upload-image"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "news.views.page_not_found"
handler500 = "news.views.server_error"
