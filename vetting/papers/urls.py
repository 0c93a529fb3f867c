from django.urls import path

from vetting.papers import views

app_name = "papers"

urlpatterns = [
    path("receipt.pdf", views.receipt, name="receipt"),
    path("staff/cases/<int:pk>/summary.pdf", views.case_summary, name="case-summary"),
    path("staff/cases/<int:pk>/order.pdf", views.acceptance_order, name="acceptance-order"),
    path("staff/units/<int:pk>/roster.pdf", views.roster, name="roster"),
    path("staff/visits/<int:pk>/candidates.pdf", views.visit_candidates, name="visit-candidates"),
]
