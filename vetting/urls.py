from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView

# No Django admin: every change to data, staff accounts included, goes through an action that
# the policy checks and the audit records (the staff pages for accounts: accounts.urls).
urlpatterns = [
    path("", RedirectView.as_view(url="/uk/", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    # The screening API for the partner services' systems: tokens, not sessions; no language.
    path("api/", include("vetting.api.urls")),
]
urlpatterns += i18n_patterns(
    path("staff/", include("vetting.accounts.urls")),
    path("staff/", include("vetting.api.staff_urls")),
    path("", include("vetting.intake.urls")),
    path("", include("vetting.places.urls")),
    path("", include("vetting.screening.urls")),
    path("", include("vetting.cases.urls")),
    path("", include("vetting.training.urls")),
    path("", include("vetting.units.urls")),
    path("", include("vetting.selection.urls")),
    path("", include("vetting.capacity.urls")),
    path("", include("vetting.papers.urls")),
    path("", include("vetting.auditor.urls")),
)
