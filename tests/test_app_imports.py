"""The apps of `vetting` import each other along one order, from the foundations (audit, guard,
policy, keys, accounts, the auditor's pages) up to the pages that read everything (capacity,
papers): an app imports only apps below it. An import against the order closes a circle; each
one still left is listed in KNOWN_AGAINST_THE_ORDER with its reason, to be removed, and none may
be added. The foundations import along the order even inside functions. The workflow no longer
imports what follows an acceptance (units): the units app registers its hook."""

import ast
from collections import defaultdict
from pathlib import Path

import vetting

ROOT = Path(vetting.__file__).parent
# Lowest first. An app may import the apps before it.
ORDER = (
    "audit",
    "guard",
    "policy",
    "keys",
    "matching",
    "synthetic",
    "distributed",
    "accounts",
    "auditor",
    "places",
    "intake",
    "screening",
    "cases",
    "selection",
    "training",
    "units",
    "capacity",
    "papers",
    "backups",
    "api",
    "demo",
)
# Imports against the order still in the code: (importer, imported) -> why it is still there.
KNOWN_AGAINST_THE_ORDER = {
    ("intake", "cases"): "receiving an application opens its case",
    ("intake", "screening"): "receiving an application asks for its screening",
    ("cases", "selection"): "the case list shows the triage ranking's explanation",
    ("training", "units"): "an enrolment is a volunteer's; units read the training rules",
    ("screening", "cases"): "a confirmed match holds the case; the hit queue ranks by its stage",
    ("places", "intake"): "an unmapped spelling keeps its applications waiting for a place",
    ("places", "selection"): "mapping a spelling gives a visit planned before the list its place",
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


# The apps at the bottom of the order: none imports another above it, not even in a function.
FOUNDATIONS = ("audit", "guard", "policy", "keys", "accounts", "auditor")


def test_the_foundations_import_along_the_order_even_inside_functions() -> None:
    rank = {app: i for i, app in enumerate(ORDER)}
    against = {
        edge: sorted(files)
        for edge, files in _imports(lazy=True).items()
        if edge[0] in FOUNDATIONS and edge[1] in FOUNDATIONS and rank[edge[1]] > rank[edge[0]]
    }
    assert not against, f"imports against the order close a circle between foundations: {against}"


def test_the_workflow_does_not_import_what_follows_an_acceptance() -> None:
    imports = _imports(lazy=True)
    assert ("cases", "units") not in imports, imports[("cases", "units")]
    assert ("policy", "training") not in imports, imports[("policy", "training")]


def test_acceptance_enlists_through_the_hook_units_registers() -> None:
    from vetting.cases.actions import ACCEPTANCE_HOOKS
    from vetting.units.actions import enlist

    assert enlist in ACCEPTANCE_HOOKS
