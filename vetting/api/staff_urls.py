from django.urls import path

from vetting.api import staff_views

app_name = "api-tokens"

urlpatterns = [
    path("api-tokens/", staff_views.tokens, name="tokens"),
    path("api-tokens/propose/", staff_views.propose, name="propose"),
    path("api-tokens/<int:pk>/issue/", staff_views.issue, name="issue"),
    path("api-tokens/<int:pk>/refuse/", staff_views.refuse, name="refuse"),
    path("api-tokens/<int:pk>/revoke/", staff_views.revoke, name="revoke"),
]
