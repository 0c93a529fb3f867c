from django.urls import path

from vetting.capacity import views

app_name = "capacity"

urlpatterns = [
    path("staff/capacity/", views.overview, name="overview"),
    path("staff/capacity/<str:figure>.csv", views.figure_csv, name="csv"),
]
