from django.urls import path

from vetting.screening import views

app_name = "screening"

urlpatterns = [
    path("staff/screening/hits/", views.hit_queue, name="hit-queue"),
    path("staff/screening/hits/<int:pk>/decide/", views.hit_decide, name="hit-decide"),
    path(
        "staff/screening/duplicates/<int:pk>/decide/",
        views.duplicate_decide,
        name="duplicate-decide",
    ),
    path("staff/screening/watchlists/", views.watchlists, name="watchlists"),
]
