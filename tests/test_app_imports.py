"""The apps of `vetting` import each other along one order, from the foundations (audit, keys,
accounts, policy) up to the pages that read everything (capacity, papers): an app imports only
apps below it. An import against the order closes a circle; each one still left is listed in
KNOWN_AGAINST_THE_ORDER with its reason, to be removed, and none may be added. The workflow
no longer imports what follows an acceptance (units): the units app registers its hook. Units
come before training: an enrolment is a volunteer's, the course rules are the policy's, and
units read a volunteer's results through the enrolments, never importing training."""

import ast
from collections import defaultdict
from pathlib import Path

import vetting

ROOT = Path(vetting.__file__).parent
# Lowest first. An app may import the apps before it.
ORDER = (
    "audit",
    "keys",
    "matching",
    "synthetic",
    "distributed",
    "accounts",
    "policy",
    "guard",
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
# Imports against the order still in the code: (importer, imported) -> why it is still there.
KNOWN_AGAINST_THE_ORDER = {
    ("accounts", "policy"): "account actions authorize through the policy, which reads roles",
    ("accounts", "guard"): "the sign-in view counts failed sign-ins",
    ("keys", "policy"): "key actions authorize through the policy",
    ("audit", "accounts"): "the audit log page is a staff page behind the accounts' access check",
}


def _imports(*, lazy: bool) -> dict[tuple[str, str], set[str]]:
    """{(app, app it imports): files}, from the code outside tests and migrations; `lazy`
    counts imports inside functions too (as an app's `ready` does)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
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
                    if not (ROOT / bits[1]).is_dir():
                        continue  # a module at the top (settings, bulk...), not an app
                    found[(app, bits[1])].add(str(path.relative_to(ROOT)))
    return found


def test_every_app_has_its_place_in_the_order() -> None:
    apps = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert apps == set(ORDER)


def test_apps_import_only_along_the_order() -> None:
    rank = {app: i for i, app in enumerate(ORDER)}
    against = {
        edge: files for edge, files in _imports(lazy=False).items() if rank[edge[1]] > rank[edge[0]]
    }
    new = {
        edge: sorted(files)
        for edge, files in against.items()
        if edge not in KNOWN_AGAINST_THE_ORDER
    }
    assert not new, f"imports against the order close a circle between apps: {new}"
    gone = set(KNOWN_AGAINST_THE_ORDER) - set(against)
    assert not gone, f"no longer imported, take them off KNOWN_AGAINST_THE_ORDER: {gone}"


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
    from vetting.places.actions import MAPPING_HOOKS, place_arrivals
    from vetting.policy.rules import CASE_FACTS
    from vetting.screening.actions import SAME_PERSON_HOOKS, VERSION_HOOKS
    from vetting.screening.selectors import TEXT_SOURCES, match_refusal
    from vetting.screening.tasks import request_sweep, screen_arrivals
    from vetting.screening.views import application_section
    from vetting.selection.actions import place_old_visits
    from vetting.selection.selectors import upcoming_visits

    assert [(h.run, h.queued) for h in ARRIVAL_HOOKS] == [
        (place_arrivals, False),
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
