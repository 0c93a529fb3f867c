from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vetting.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
