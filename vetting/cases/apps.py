from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "vetting.cases"
    label = "cases"
    verbose_name = _("Vetting cases")

    def ready(self) -> None:
        # A received application has its case; an applicant's withdrawal reaches it; linking
        # two applications as one person holds the newer case for a clerk to merge.
        # The sweep reads the people named in a case's notes and findings.
        from vetting.cases.actions import hold_same_person, open_arrived, withdraw_application_case
        from vetting.cases.selectors import unread_case_texts
        from vetting.intake.actions import on_arrival, on_withdrawal
        from vetting.screening.actions import on_same_person
        from vetting.screening.selectors import on_texts

        on_arrival(open_arrived)
        on_withdrawal(withdraw_application_case)
        on_same_person(hold_same_person)
        on_texts(unread_case_texts)
