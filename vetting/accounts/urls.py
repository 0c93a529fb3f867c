from django.urls import path

from vetting.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("enrol/", views.enrol, name="enrol"),
    path("logout/", views.logout, name="logout"),
]
