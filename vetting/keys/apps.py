from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "vetting.keys"
    label = "keys"
    verbose_name = "Keys"
