"""The screening API (outside the language prefixes: a machine reads it)."""

from django.urls import path

from vetting.api import views

app_name = "api"

urlpatterns = [
    path("match/<str:dataset>", views.match, name="match"),
    path("catalog", views.catalog, name="catalog"),
    path("openapi.json", views.openapi, name="openapi"),
]
