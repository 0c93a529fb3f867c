from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "vetting.screening"
    label = "screening"
    verbose_name = "Screening"
