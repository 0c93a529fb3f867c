from django.apps import AppConfig


class GuardConfig(AppConfig):
    """What keeps the public portal and the sign-in page standing under abuse: rate limits,
    the client address behind a trusted proxy, security headers."""

    name = "vetting.guard"
    label = "guard"
    verbose_name = "Guard"
