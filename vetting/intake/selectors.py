"""Reading applications, always through the user's restriction."""

import re
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vetting.accounts.access import NotVisible
from vetting.cases.models import Case
from vetting.intake import receipts
from vetting.intake.models import Application
from vetting.keys.fields import name_query
from vetting.policy.workflow import PUBLIC_STATUS, Stage


class PublicStatus(StrEnum):
    """The coarse status an applicant may see with their receipt code."""

    RECEIVED = "received"
    IN_REVIEW = "in review"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


PUBLIC_STATUS_LABELS = {
    PublicStatus.RECEIVED: _("Received"),
    PublicStatus.IN_REVIEW: _("In review"),
    PublicStatus.DECIDED: _("Decided"),
    PublicStatus.WITHDRAWN: _("Withdrawn"),
}


def applications_for(user: Any) -> QuerySet[Application]:
    """Every application this user may see; none for a role without intake access."""
    if not user.is_authenticated or not user.has_perm("intake.view_application"):
        return Application.objects.none()
    return Application.objects.all()


def application_for(user: Any, pk: int) -> Application:
    """One application, or 404 whether it does not exist or the user may not see it."""
    try:
        return applications_for(user).get(pk=pk)
    except Application.DoesNotExist:
        raise NotVisible(Application, pk) from None


REFERENCE = re.compile(r"^\s*A-?0*(\d{1,12})\s*$", re.IGNORECASE)


def search_applications(
    queryset: QuerySet[Application],
    *,
    text: str = "",
    channel: str = "",
    status: str = "",
    site: str = "",
) -> QuerySet[Application]:
    """Filter a restricted queryset by reference or name, channel, status and detention site."""
    if text := text.strip():
        if match := REFERENCE.match(text):
            queryset = queryset.filter(pk=int(match.group(1)))
        else:
            # Names are sealed: a word matches through the blind index of its skeleton, so
            # any spelling of it finds the name (whole words only).
            for word in text.split()[:4]:
                for token in name_query(word):
                    queryset = queryset.filter(name_index__contains=token)
    if channel:
        queryset = queryset.filter(channel=channel)
    if status:
        queryset = queryset.filter(applicant_status=status)
    if site:
        queryset = queryset.filter(detention_site=site)
    return queryset


def application_by_receipt(code: str) -> Application | None:
    """The application a receipt code belongs to, if the code is one of ours."""
    if not receipts.looks_like_code(code):
        return None
    return Application.objects.filter(receipt_digest=receipts.digest(code)).first()


def public_status(application: Application) -> PublicStatus:
    """What the applicant sees: never more than received, in review, decided or withdrawn."""
    if application.is_withdrawn:
        return PublicStatus.WITHDRAWN
    case = Case.objects.filter(application=application).only("stage").first()
    if case is None:
        return PublicStatus.RECEIVED
    return PublicStatus(PUBLIC_STATUS[Stage(case.stage)])


def detention_sites() -> list[str]:
    """The detention sites named in applications, for filters."""
    return list(
        Application.objects.exclude(detention_site="")
        .order_by("detention_site")
        .values_list("detention_site", flat=True)
        .distinct()[:500]
    )
