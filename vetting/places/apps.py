from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlacesConfig(AppConfig):
    name = "vetting.places"
    label = "places"
    verbose_name = pgettext_lazy("the list of sites", "Places")
