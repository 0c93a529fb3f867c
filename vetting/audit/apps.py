from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vetting.audit"
    label = "audit"
    verbose_name = "Audit"
