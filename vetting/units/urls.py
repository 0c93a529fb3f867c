from django.urls import path

from vetting.units import views

app_name = "units"

urlpatterns = [
    path("staff/units/", views.subdivisions, name="subdivisions"),
    path("staff/units/new/", views.subdivision_new, name="subdivision-new"),
    path("staff/units/<int:pk>/commanders/", views.commanders, name="commanders"),
    path("staff/units/<int:pk>/roster/", views.roster, name="roster"),
    path("staff/units/<int:pk>/briefings/", views.briefing, name="briefing"),
    path("staff/personnel/", views.volunteers, name="volunteers"),
    path("staff/personnel/<int:pk>/", views.volunteer, name="volunteer"),
    path("staff/personnel/<int:pk>/assign/", views.assign, name="assign"),
    path("staff/personnel/<int:pk>/status/", views.status, name="status"),
    path("staff/personnel/<int:pk>/consent/", views.consent, name="consent"),
    path("staff/personnel/<int:pk>/mentions/", views.mention, name="mention"),
    path(
        "staff/personnel/<int:pk>/mentions/<int:mention_pk>/approve/",
        views.mention_approve,
        name="mention-approve",
    ),
]
