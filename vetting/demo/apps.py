from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data made through every app's own actions: it sits above all of them."""

    name = "vetting.demo"
