from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "vetting.selection"
    label = "selection"
    verbose_name = _("Field selection visits")

    def ready(self) -> None:
        # A spelling mapped to a place gives it to the visits planned to that spelling; the
        # case queue's triage ranks by the visits to come.
        from vetting.cases.selectors import on_visit_calendar
        from vetting.places.actions import on_mapping
        from vetting.selection.actions import place_old_visits
        from vetting.selection.selectors import upcoming_visits

        on_mapping(place_old_visits)
        on_visit_calendar(upcoming_visits)
