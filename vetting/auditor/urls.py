from django.urls import path

from vetting.auditor import views

app_name = "audit"

urlpatterns = [
    path("staff/audit/", views.log, name="log"),
    path("staff/audit/entries.csv", views.export, name="export"),
]
