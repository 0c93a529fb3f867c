from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

from vetting.accounts.views import admin_login

admin.site.__class__ = OTPAdminSite
# One sign-in page for everyone, which checks both factors and audits every failure.
admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = "Vetting"

urlpatterns = [
    path("", RedirectView.as_view(url="/uk/", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("staff/", include("vetting.accounts.urls")),
    path("staff/admin/", admin.site.urls),
    path("", include("vetting.intake.urls")),
    path("", include("vetting.screening.urls")),
    path("", include("vetting.cases.urls")),
    path("", include("vetting.training.urls")),
    path("", include("vetting.units.urls")),
    path("", include("vetting.selection.urls")),
    path("", include("vetting.capacity.urls")),
)
