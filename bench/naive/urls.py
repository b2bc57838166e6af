"""The article page at any path whose last segment is the slug, e.g. /tin-tuc/<slug>/.

So the naive site answers the very paths make bench sends the portal, whatever shape the
portal's article URLs take.
"""

from django.urls import re_path

from .views import ArticleDetailView

urlpatterns = [
    re_path(r"^(?:[-\w]+/)*(?P<slug>[-\w]+)/$", ArticleDetailView.as_view(), name="article"),
]
