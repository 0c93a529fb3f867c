from django.urls import path

from vetting.places import views

app_name = "places"

urlpatterns = [
    path("staff/places/", views.place_list, name="places"),
    path("staff/places/new/", views.place_new, name="new"),
    path("staff/places/<int:pk>/aliases/", views.alias_add, name="alias"),
    path("staff/places/spellings/<int:pk>/map/", views.spelling_map, name="map"),
]
