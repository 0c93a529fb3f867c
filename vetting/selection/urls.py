from django.urls import path, re_path

from vetting.selection import views

app_name = "selection"

urlpatterns = [
    path("staff/visits/", views.visit_list, name="visits"),
    path("staff/visits/new/", views.visit_new, name="visit-new"),
    path("staff/visits/<int:pk>/", views.visit_plan, name="visit"),
    re_path(
        r"^staff/visits/(?P<pk>[0-9]+)/plan\.(?P<fmt>csv|xlsx)$",
        views.visit_plan_export,
        name="visit-export",
    ),
    path("staff/visits/<int:pk>/book/", views.book, name="book"),
    path("staff/visits/<int:pk>/packet/", views.export_packet, name="export"),
    path("staff/visits/<int:pk>/results/", views.import_results, name="import"),
]
