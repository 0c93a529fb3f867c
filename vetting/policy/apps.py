from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "vetting.policy"
    label = "policy"
    verbose_name = "Who may do what"

    def ready(self) -> None:
        from vetting.policy import checks  # noqa: F401  (registers the system checks)
