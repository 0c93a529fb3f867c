from django.apps import AppConfig


class AuditorConfig(AppConfig):
    """The auditor's workspace: the audit log filtered and paged, the chain's state, the CSV
    export. The log itself (entries, chain, checkpoints) is the audit app's."""

    name = "vetting.auditor"
    label = "auditor"
    verbose_name = "Auditor's workspace"
