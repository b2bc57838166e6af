from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("danh-gia/", views.rate, name="rate"),
]
