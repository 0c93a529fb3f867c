from django.urls import path, re_path

from vetting.cases import views

app_name = "cases"

urlpatterns = [
    path("staff/cases/", views.queue, name="queue"),
    re_path(r"^staff/cases/export\.(?P<fmt>csv|xlsx)$", views.queue_export, name="queue-export"),
    path("staff/cases/<int:pk>/", views.case_page, name="case"),
    path("staff/cases/<int:pk>/move/", views.move, name="move"),
    path("staff/cases/<int:pk>/hold/", views.hold, name="hold"),
    path("staff/cases/<int:pk>/merge/", views.merge, name="merge"),
    path("staff/cases/<int:pk>/people-named/", views.people_named, name="people-named"),
    path("staff/cases/<int:pk>/interviews/", views.schedule_interview, name="schedule-interview"),
    path(
        "staff/cases/<int:pk>/interviews/<int:interview_pk>/",
        views.record_interview,
        name="record-interview",
    ),
    path("staff/cases/<int:pk>/checks/<str:service>/", views.record_check, name="record-check"),
    path(
        "staff/cases/<int:pk>/claims/<int:claim_pk>/<str:service>/",
        views.assess_claim,
        name="assess-claim",
    ),
    path("staff/cases/<int:pk>/polygraph/", views.assign_polygraph, name="assign-polygraph"),
    path(
        "staff/cases/<int:pk>/polygraph/<int:session_pk>/",
        views.record_polygraph,
        name="record-polygraph",
    ),
    path("staff/cases/<int:pk>/decision/", views.decide, name="decide"),
    path(
        "staff/cases/<int:pk>/decision/<int:decision_pk>/approve/",
        views.approve,
        name="approve",
    ),
    path(
        "staff/cases/<int:pk>/decision/<int:decision_pk>/refuse/",
        views.refuse_acceptance,
        name="refuse-acceptance",
    ),
    path("staff/cases/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
]
