from django.urls import path, re_path

from vetting.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.portal_home, name="portal-home"),
    path("apply/", views.portal_apply, name="portal-apply"),
    path("apply/receipt/", views.portal_receipt, name="portal-receipt"),
    path("status/", views.portal_status, name="portal-status"),
    path("status/withdraw/", views.portal_withdraw, name="portal-withdraw"),
    path("staff/applications/", views.application_list, name="application-list"),
    re_path(
        r"^staff/applications/export\.(?P<fmt>csv|xlsx)$",
        views.application_export,
        name="application-export",
    ),
    path("staff/applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("staff/applications/<int:pk>/scan/", views.application_scan, name="application-scan"),
    path("staff/applications/paper/", views.paper_application_new, name="paper-new"),
    path("staff/import/", views.import_upload, name="import"),
]
