from django.urls import path, re_path

from vetting.screening import views

app_name = "screening"

urlpatterns = [
    path("staff/screening/hits/", views.hit_queue, name="hit-queue"),
    re_path(
        r"^staff/screening/hits/export\.(?P<fmt>csv|xlsx)$", views.hit_export, name="hit-export"
    ),
    path("staff/screening/repeats/", views.repeats, name="repeats"),
    re_path(
        r"^staff/screening/repeats/export\.(?P<fmt>csv|xlsx)$",
        views.repeats_export,
        name="repeats-export",
    ),
    path("staff/screening/hits/<int:pk>/decide/", views.hit_decide, name="hit-decide"),
    path(
        "staff/screening/duplicates/<int:pk>/decide/",
        views.duplicate_decide,
        name="duplicate-decide",
    ),
    path("staff/screening/holds/<int:pk>/lift/", views.hold_lift, name="hold-lift"),
    path("staff/screening/watchlists/", views.watchlists, name="watchlists"),
]
