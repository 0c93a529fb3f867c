"""Applications for tests, built through the same actions the product uses."""

import itertools
from datetime import date
from typing import Any

from vetting.audit.actions import Actor
from vetting.intake import actions
from vetting.intake.models import Application

_tokens = itertools.count(1)


def applicant_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name_cyrillic": "Николай Александрович Шишкарёв",
        "name_latin": "Nikolay Shishkarev",
        "birth_date": date(1985, 3, 14),
        "place_of_birth": "Тамбов",
        "citizenship": "Russian Federation",
        "applicant_status": "pow",
        "detention_site": "Detention site No. 1",
        "rank": "младший сержант",
        "unit": "70th Motorized Rifle Brigade",
        "service_number": "Ж-402117",
        "specialty": "grenade launcher operator",
        "contact": "",
        "statement": "Хочу воевать против режима.",
    }
    fields.update(overrides)
    return fields


def make_application(**overrides: Any) -> tuple[Application, str]:
    """A portal application and its receipt code."""
    submission = actions.submit_application(
        applicant_fields(**overrides),
        language="ru",
        consent_text="Я подаю заявление добровольно.",
        submission_token=f"{next(_tokens):032x}",
        actor=Actor(origin="test"),
    )
    assert submission.receipt_code is not None
    return submission.application, submission.receipt_code


def portal_post(**overrides: Any) -> dict[str, Any]:
    """The POST body of a complete portal form."""
    data = {k: ("" if v is None else str(v)) for k, v in applicant_fields().items()}
    data.update(voluntary="on", submission_token=f"{next(_tokens):032x}")
    data.update({k: str(v) for k, v in overrides.items()})
    return data
