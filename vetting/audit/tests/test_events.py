"""Audit event names are declared once: `record` refuses any other, and the system check finds
one written in the code."""

import ast

import pytest

from vetting.audit import checks, labels
from vetting.audit.actions import Actor, record
from vetting.audit.labels import UndeclaredEvent
from vetting.audit.models import AuditEvent


@pytest.mark.django_db
def test_recording_an_undeclared_event_is_refused_and_writes_nothing() -> None:
    with pytest.raises(UndeclaredEvent, match="case.decidd"):
        record(Actor(origin="test"), "case.decidd")
    assert not AuditEvent.objects.exists()


def test_the_code_names_only_declared_events() -> None:
    assert checks.check_event_names() == []


def test_the_check_finds_an_event_the_declaration_lost(monkeypatch) -> None:
    without = {k: v for k, v in labels.ACTION_LABELS.items() if k != "case.decided"}
    monkeypatch.setattr(checks, "ACTION_LABELS", without)
    [error] = checks.check_event_names()
    assert error.id == "audit.E001"
    assert "'case.decided' (vetting/cases/actions.py:" in error.msg


def test_both_branches_of_a_conditional_name_are_read() -> None:
    tree = ast.parse('record(actor, "a.yes" if ok else "a.no", x=1)\nEntry("b.c", "t", "1")')
    assert sorted(name for name, _ in checks.named_events(tree)) == ["a.no", "a.yes", "b.c"]
