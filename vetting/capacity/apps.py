from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "vetting.capacity"
    label = "capacity"
    verbose_name = _("Backlog and capacity")
