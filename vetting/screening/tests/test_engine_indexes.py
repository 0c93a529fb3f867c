"""The worker's duplicate indexes keep up with arriving applications without re-reading them."""

import pytest

from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application
from vetting.screening import engine

pytestmark = pytest.mark.django_db

SPELLINGS = [
    "Shishkarev Nikolay",
    "Chichkarev Nicolas",
    "Schischkarew Nikolai",
    "Shyshkarov Mykola",
]


def _apply(latin: str) -> Application:
    return make_application(name_cyrillic="", name_latin=latin)[0]


def test_repeat_applications_are_found_in_every_part_of_the_index(monkeypatch) -> None:
    monkeypatch.setattr(engine, "RECENT_BATCH", 2)
    first = _apply(SPELLINGS[0])
    _apply("Ivanov Petr")
    assert engine.earlier_applications_like(first) == []  # builds the main index

    state = engine._applications
    assert state is not None
    later: list[Application] = []
    for name in SPELLINGS[1:]:  # one by one, then a recent index of two, then one by one
        application = _apply(name)
        found = {pk for pk, _, _ in engine.earlier_applications_like(application)}
        assert {first.pk, *(a.pk for a in later)} <= found, name
        later.append(application)
    assert state is engine._applications and state.recent_index is not None
    assert state.recent_indexed == 2 and len(state.recent) == 3  # one compared one by one


def test_an_application_committed_late_with_a_lower_id_is_still_found(monkeypatch) -> None:
    first = _apply(SPELLINGS[0])
    late = _apply(SPELLINGS[1])
    newest = _apply("Ivanov Petr")
    engine.forget_indexes()
    # The index is built as if `late` had not been committed yet.
    hidden = Application.objects.filter(pk=late.pk)
    real_filter = Application.objects.filter
    monkeypatch.setattr(
        Application.objects,
        "filter",
        lambda *a, **k: real_filter(*a, **k).exclude(pk__in=hidden.values("pk")),
    )
    engine.earlier_applications_like(newest)
    monkeypatch.undo()
    again = _apply(SPELLINGS[2])
    found = {pk for pk, _, _ in engine.earlier_applications_like(again)}
    assert {first.pk, late.pk} <= found
