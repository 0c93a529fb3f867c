from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "vetting.units"
    label = "units"
    verbose_name = _("Subdivisions and personnel")

    def ready(self) -> None:
        # An acceptance that takes effect makes the applicant a volunteer with a call sign.
        from vetting.cases.actions import on_acceptance
        from vetting.units.actions import enlist

        on_acceptance(enlist)
