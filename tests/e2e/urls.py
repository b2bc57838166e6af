"""The portal's URL map plus uploaded media, for browser tests only.

Outside DEBUG the portal leaves /media/ to the web server (deploy/nginx.conf), which the
live test server does not have: without this, covers would be broken images in the
browser and in the screenshots.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from portal.urls import handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *portal_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
