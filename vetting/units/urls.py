from django.urls import path, re_path

from vetting.units import views

app_name = "units"

urlpatterns = [
    path("staff/units/", views.subdivisions, name="subdivisions"),
    path("staff/units/new/", views.subdivision_new, name="subdivision-new"),
    path("staff/units/<int:pk>/commanders/", views.commanders, name="commanders"),
    path("staff/units/<int:pk>/roster/", views.roster, name="roster"),
    re_path(
        r"^staff/units/(?P<pk>[0-9]+)/roster\.(?P<fmt>csv|xlsx)$",
        views.roster_export,
        name="roster-export",
    ),
    path("staff/units/<int:pk>/briefings/", views.briefing, name="briefing"),
    path("staff/personnel/", views.volunteers, name="volunteers"),
    re_path(
        r"^staff/personnel/export\.(?P<fmt>csv|xlsx)$",
        views.volunteers_export,
        name="volunteers-export",
    ),
    path("staff/personnel/<int:pk>/", views.volunteer, name="volunteer"),
    path("staff/personnel/call-sign-words/", views.call_sign_words, name="call-sign-words"),
    path("staff/personnel/<int:pk>/assign/", views.assign, name="assign"),
    path("staff/personnel/<int:pk>/call-sign/", views.call_sign, name="call-sign"),
    path("staff/personnel/<int:pk>/status/", views.status, name="status"),
    path(
        "staff/personnel/<int:pk>/status/<int:status_pk>/approve/",
        views.status_approve,
        name="status-approve",
    ),
    path("staff/personnel/<int:pk>/consent/", views.consent, name="consent"),
    path("staff/personnel/<int:pk>/mentions/", views.mention, name="mention"),
    path(
        "staff/personnel/<int:pk>/mentions/<int:mention_pk>/approve/",
        views.mention_approve,
        name="mention-approve",
    ),
]
