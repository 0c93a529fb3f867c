from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlacesConfig(AppConfig):
    name = "vetting.places"
    label = "places"
    verbose_name = pgettext_lazy("the list of sites", "Places")

    def ready(self) -> None:
        # A received application gets the place its written site means.
        from vetting.intake.actions import on_arrival
        from vetting.places.actions import place_applications

        on_arrival(place_applications)
