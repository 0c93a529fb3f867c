from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The screening API for the partner services' own systems: yente's `/match/{dataset}`
    over our watchlists, with per-service tokens issued under four eyes."""

    name = "vetting.api"
    label = "api"
    verbose_name = "Screening API"
