from django.urls import path

from vetting.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("setup/", views.setup, name="setup"),
    path("enrol/", views.enrol, name="enrol"),
    path("logout/", views.logout, name="logout"),
    path("accounts/", views.staff_accounts, name="accounts"),
    path("accounts/propose/", views.propose, name="propose"),
    path("accounts/requests/<int:pk>/approve/", views.approve, name="approve"),
    path("accounts/requests/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("accounts/requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
