"""The apps of `vetting` import each other along one order, from the libraries without Django
(matching) and the foundations (audit, guard, policy, keys, accounts) up to the pages that read
everything (capacity, papers): an app imports only the apps below it, at the top of a module or
inside a function (an AppConfig.ready, a TYPE_CHECKING block) alike, so no two apps import each
other in a circle.

Where a lower app must set going what a higher one does (an application received opens its case,
an acceptance makes a volunteer), the lower app declares a hook and the higher one registers
itself in its AppConfig.ready; the last tests hold every registration in place."""

import ast
from collections import defaultdict
from pathlib import Path

import vetting

ROOT = Path(vetting.__file__).parent
# Lowest first. An app may import the apps before it.
ORDER = (
    "matching",
    "synthetic",
    "distributed",
    "audit",
    "guard",
    "policy",
    "keys",
    "accounts",
    "auditor",
    "intake",
    "places",
    "screening",
    "cases",
    "selection",
    "units",
    "training",
    "capacity",
    "papers",
    "backups",
    "api",
    "demo",
)


def _imports(*, lazy: bool, root: Path = ROOT) -> dict[tuple[str, str], set[str]]:
    """{(app, app it imports): files}, from the code outside tests and migrations; `lazy`
    counts imports inside functions too (as an app's `ready` does)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        app = parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree) if lazy else tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                bits = name.split(".")
                if bits[0] == "vetting" and len(bits) > 1 and bits[1] != app:
                    if not (root / bits[1]).is_dir():
                        continue  # a module at the top (settings, bulk...), not an app
                    found[(app, bits[1])].add(str(path.relative_to(root)))
    return found


def test_every_app_has_its_place_in_the_order() -> None:
    apps = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert apps == set(ORDER)


def test_apps_import_only_along_the_order_even_inside_functions() -> None:
    rank = {app: i for i, app in enumerate(ORDER)}
    against = {
        edge: sorted(files)
        for edge, files in _imports(lazy=True).items()
        if rank[edge[1]] > rank[edge[0]]
    }
    assert not against, f"imports against the order close a circle between apps: {against}"


def test_the_order_check_sees_imports_inside_functions_and_type_checking_blocks(
    tmp_path: Path,
) -> None:
    for app in ("low", "high", "other"):
        (tmp_path / app).mkdir()
    (tmp_path / "low" / "rules.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from vetting.high.models import Case\n"
        "def refusal(case):\n    from vetting.other.selectors import why\n    return why(case)\n"
    )
    (tmp_path / "low" / "tests").mkdir()
    (tmp_path / "low" / "tests" / "test_rules.py").write_text("from vetting.high import models\n")
    assert _imports(lazy=False, root=tmp_path) == {}
    assert _imports(lazy=True, root=tmp_path) == {
        ("low", "high"): {"low/rules.py"},
        ("low", "other"): {"low/rules.py"},
    }


def test_the_workflow_does_not_import_what_follows_an_acceptance() -> None:
    imports = _imports(lazy=True)
    assert ("cases", "units") not in imports, imports[("cases", "units")]
    assert ("policy", "training") not in imports, imports[("policy", "training")]
    assert ("units", "training") not in imports, imports[("units", "training")]


def test_acceptance_enlists_through_the_hook_units_registers() -> None:
    from vetting.cases.actions import ACCEPTANCE_HOOKS
    from vetting.units.actions import enlist

    assert enlist in ACCEPTANCE_HOOKS


def test_the_apps_above_intake_register_what_an_arrival_sets_going() -> None:
    """Receiving an application places it, queues its screening and opens its case, each
    through the hook its app registers; removing a registration fails here (and in the
    intake tests that follow a submission to its case)."""
    from vetting.cases.actions import hold_same_person, open_arrived, withdraw_application_case
    from vetting.cases.selectors import VISIT_CALENDARS, unread_case_texts
    from vetting.intake.actions import ARRIVAL_HOOKS, WITHDRAWAL_HOOKS
    from vetting.intake.sections import APPLICATION_SECTIONS
    from vetting.places.actions import MAPPING_HOOKS, place_applications
    from vetting.policy.rules import CASE_FACTS
    from vetting.screening.actions import SAME_PERSON_HOOKS, VERSION_HOOKS
    from vetting.screening.selectors import TEXT_SOURCES, match_refusal
    from vetting.screening.tasks import request_sweep, screen_arrivals
    from vetting.screening.views import application_section
    from vetting.selection.actions import place_old_visits
    from vetting.selection.selectors import upcoming_visits

    assert [(h.run, h.queued) for h in ARRIVAL_HOOKS] == [
        (place_applications, False),
        (screen_arrivals, True),
        (open_arrived, False),
    ]
    assert [withdraw_application_case] == WITHDRAWAL_HOOKS
    assert [application_section] == APPLICATION_SECTIONS
    assert [place_old_visits] == MAPPING_HOOKS
    assert [hold_same_person] == SAME_PERSON_HOOKS
    assert [unread_case_texts] == TEXT_SOURCES
    assert CASE_FACTS["match_refusal"] is match_refusal
    assert [upcoming_visits] == VISIT_CALENDARS
    assert [request_sweep] == VERSION_HOOKS
