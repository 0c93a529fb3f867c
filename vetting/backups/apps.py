from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "vetting.backups"
    verbose_name = "Backups"
