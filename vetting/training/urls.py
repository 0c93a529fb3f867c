from django.urls import path, re_path

from vetting.training import views

app_name = "training"

urlpatterns = [
    path("staff/training/", views.courses, name="courses"),
    path("staff/training/courses/", views.course_new, name="course-new"),
    path("staff/training/courses/<int:pk>/cohorts/", views.cohort_new, name="cohort-new"),
    path("staff/training/cohorts/<int:pk>/", views.cohort, name="cohort"),
    re_path(
        r"^staff/training/cohorts/(?P<pk>[0-9]+)/roster\.(?P<fmt>csv|xlsx)$",
        views.cohort_export,
        name="cohort-export",
    ),
    path("staff/training/cohorts/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("staff/training/cohorts/<int:pk>/sessions/", views.session_new, name="session-new"),
    path(
        "staff/training/cohorts/<int:pk>/sessions/<int:session_pk>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path(
        "staff/training/cohorts/<int:pk>/results/<int:enrollment_pk>/",
        views.result,
        name="result",
    ),
]
