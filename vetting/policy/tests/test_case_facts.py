"""A rule that asks what an app above the policy knows of a case (screening: whether a match
holds it) refuses when no app answers, rather than let the case pass."""

import pytest

from vetting.cases.tests.factories import new_case
from vetting.policy import rules
from vetting.screening.selectors import match_refusal

pytestmark = pytest.mark.django_db


def test_screening_answers_whether_a_match_holds_the_case() -> None:
    assert rules.CASE_FACTS["match_refusal"] is match_refusal


def test_an_acceptance_asking_a_fact_nobody_provides_is_refused_not_let_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = new_case()
    monkeypatch.delitem(rules.CASE_FACTS, "match_refusal")
    with pytest.raises(rules.FactUnknown):
        rules.no_match_holds_the_case(case, {"outcome": "accept"})
    # A refusal needs no such fact: it is not an acceptance.
    assert rules.no_match_holds_the_case(case, {"outcome": "reject"}) is None
