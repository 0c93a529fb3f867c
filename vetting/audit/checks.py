"""System check: every audit event named in the code is declared in `vetting.audit.labels`."""

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core import checks

from vetting.audit.labels import ACTION_LABELS

PACKAGE = Path(__file__).resolve().parent.parent
# The functions that take an event name, and where: record(actor, name, ...), Entry(name, ...).
NAME_ARGUMENT = {"record": 1, "Entry": 0}


def named_events(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """The event names written as string literals (either branch of a conditional included)
    where `record` or `Entry` is called, with their line numbers."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = getattr(function, "id", None) or getattr(function, "attr", None)
        index = NAME_ARGUMENT.get(name or "")
        if index is None or len(node.args) <= index:
            continue
        for value in ast.walk(node.args[index]):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield value.value, node.lineno


@checks.register()
def check_event_names(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.relative_to(PACKAGE).parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name, line in named_events(tree):
            if name not in ACTION_LABELS:
                errors.append(
                    checks.Error(
                        f"audit event {name!r} ({path.relative_to(PACKAGE.parent)}:{line}) "
                        "is not declared",
                        hint="Declare it, with its label, in vetting/audit/labels.py.",
                        id="audit.E001",
                    )
                )
    return errors
