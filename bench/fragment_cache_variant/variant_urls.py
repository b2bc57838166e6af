"""The portal's URLs with the article page served by the variant view."""

from django.urls import include, path

from portal import urls as shipped

urlpatterns = [p for p in shipped.urlpatterns if getattr(p, "app_name", None) != "news"]
urlpatterns.append(path("", include("variant_news_urls")))
handler404 = shipped.handler404
handler500 = shipped.handler500
