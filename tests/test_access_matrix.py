"""Every role against every staff URL and every kind of object.

The list of URLs comes from the URL configuration, so a new page that is not in EXPECTED
fails here until someone states who may open it. Allowed: 200 (GET) or the step's redirect
(POST). Not allowed: 403, or 404 exactly as for an object that does not exist.
"""

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from vetting.accounts import actions as account_actions
from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.api import actions as api_actions
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent, AuditHead
from vetting.cases import actions as case_actions
from vetting.cases.models import ClaimStatus, Service
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.intake.models import Application
from vetting.intake.tests.factories import applicant_fields, make_application
from vetting.places.models import Spelling
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.screening import actions as screening_actions
from vetting.screening.models import DuplicateCandidate, MatchHold, ScreeningHit
from vetting.selection.tests.factories import plan as plan_visit

pytestmark = pytest.mark.django_db

# Pages anyone may open, and pages of the sign-in flow itself.
PUBLIC = {
    "set_language",
    "intake:portal-home",
    "intake:portal-apply",
    "intake:portal-receipt",
    "intake:portal-status",
    "intake:portal-withdraw",
    "accounts:login",
    "accounts:logout",
    "accounts:enrol",
    "accounts:setup",
    "accounts:home",
    # The applicant's receipt, for whoever holds the code (looked up like the status page).
    "papers:receipt",
}

CLERK, INTERVIEWER, SECURITY, CI = "clerk", "interviewer", "security", "ci"
EXAMINER, OTHER_EXAMINER, COMMANDER = "examiner", "other-examiner", "commander"
INSTRUCTOR, AUDITOR, ADMIN = "instructor", "auditor", "admin"
ACCOUNTS = {
    CLERK: Role.INTAKE_CLERK,
    INTERVIEWER: Role.INTERVIEWER,
    SECURITY: Role.SECURITY_OFFICER,
    CI: Role.COUNTERINTELLIGENCE_OFFICER,
    EXAMINER: Role.POLYGRAPH_EXAMINER,
    OTHER_EXAMINER: Role.POLYGRAPH_EXAMINER,
    COMMANDER: Role.COMMANDER,
    INSTRUCTOR: Role.TRAINING_INSTRUCTOR,
    AUDITOR: Role.AUDITOR,
    ADMIN: Role.ADMINISTRATOR,
}
READ_INTAKE = {CLERK, INTERVIEWER, SECURITY, CI, COMMANDER, AUDITOR}
ON_THE_CASE = {CLERK, INTERVIEWER, SECURITY, CI, EXAMINER, COMMANDER, AUDITOR}
VISIT_READERS = {CLERK, INTERVIEWER, COMMANDER, AUDITOR}

# Who may reach each staff page, as the issue and the role declarations say.
EXPECTED: dict[str, set[str]] = {
    "intake:application-list": READ_INTAKE,
    # Every list exports what its page shows, to whoever may open the page.
    "intake:application-export": READ_INTAKE,
    "intake:application-detail": READ_INTAKE,
    "intake:application-scan": {CLERK, SECURITY, CI, AUDITOR},
    "intake:paper-new": {CLERK},
    "intake:import": {CLERK},
    "screening:hit-queue": {SECURITY, CI, AUDITOR},
    "screening:hit-export": {SECURITY, CI, AUDITOR},
    # Likely repeat applications: the clerks who decide them, and the auditor.
    "screening:repeats": {CLERK, AUDITOR},
    "screening:repeats-export": {CLERK, AUDITOR},
    "screening:hit-decide": {SECURITY, CI},
    "screening:duplicate-decide": {CLERK},
    "screening:watchlists": {SECURITY, CI, AUDITOR},
    # Lifting a confirmed match's hold: the services (the action: the confirming one only).
    "screening:hold-lift": {SECURITY, CI},
    "cases:queue": ON_THE_CASE | {OTHER_EXAMINER},
    "cases:queue-export": ON_THE_CASE | {OTHER_EXAMINER},
    "cases:case": ON_THE_CASE,
    "cases:move": ON_THE_CASE,
    "cases:hold": ON_THE_CASE,
    # Merging a repeat application's case: the clerk's page alone.
    "cases:merge": {CLERK},
    "cases:schedule-interview": ON_THE_CASE,
    "cases:record-interview": ON_THE_CASE,
    "cases:record-check": ON_THE_CASE,
    "cases:assess-claim": ON_THE_CASE,
    "cases:assign-polygraph": ON_THE_CASE,
    "cases:record-polygraph": ON_THE_CASE,
    "cases:decide": ON_THE_CASE,
    "cases:approve": ON_THE_CASE,
    "cases:refuse-acceptance": ON_THE_CASE,
    # The people the case's texts name, linked to the watchlists: the two services alone.
    "cases:people-named": {SECURITY, CI},
    # Evidence of the security service's check: that service and the auditor only.
    "cases:evidence": {SECURITY, AUDITOR},
    # --- Field selection visits and capacity ---
    # Planners and the auditor see every visit; an interviewer the visits they travel on
    # (INTERVIEWER travels on the world's visit; see test_visits_of_others_look_missing).
    "selection:visits": VISIT_READERS,
    "selection:visit-new": {COMMANDER},
    "selection:visit": VISIT_READERS,
    "selection:visit-export": VISIT_READERS,
    # Booking answers with the plan for every reader; the workflow books for clerks only.
    "selection:book": VISIT_READERS,
    "selection:export": {INTERVIEWER, COMMANDER},
    # Results come back only from an interviewer of the visit (each row: the slot's own).
    "selection:import": {INTERVIEWER},
    # Places: clerks keep the list and map waiting spellings; the auditor reads.
    "places:places": {CLERK, AUDITOR},
    "places:new": {CLERK},
    "places:alias": {CLERK},
    "places:map": {CLERK},
    "capacity:overview": {COMMANDER, AUDITOR},
    "capacity:csv": {COMMANDER, AUDITOR},
    # --- end of field selection visits and capacity ---
    # Staff accounts: administrators propose and decide (never their own); the auditor reads.
    "accounts:accounts": {ADMIN, AUDITOR},
    "accounts:propose": {ADMIN},
    "accounts:approve": {ADMIN},
    "accounts:refuse": {ADMIN},
    "accounts:withdraw": {ADMIN},
    # Papers: the commander signs the case summary and the acceptance order; a roster and a
    # visit's candidate list print for whoever reads the page they come from.
    "papers:case-summary": {COMMANDER},
    "papers:acceptance-order": {COMMANDER},
    "papers:roster": {COMMANDER, AUDITOR},
    "papers:visit-candidates": VISIT_READERS,
    # The audit log and its CSV: the auditor's alone.
    "audit:log": {AUDITOR},
    "audit:export": {AUDITOR},
    # Tokens of the screening API: administrators propose, issue (never their own proposal),
    # refuse and revoke; the auditor reads the list.
    "api-tokens:tokens": {ADMIN, AUDITOR},
    "api-tokens:propose": {ADMIN},
    "api-tokens:issue": {ADMIN},
    "api-tokens:refuse": {ADMIN},
    "api-tokens:revoke": {ADMIN},
}
POST_ONLY = {
    "screening:hit-decide",
    "screening:duplicate-decide",
    "cases:move",
    "cases:hold",
    "cases:schedule-interview",
    "cases:record-interview",
    "cases:record-check",
    "cases:assess-claim",
    "cases:assign-polygraph",
    "cases:record-polygraph",
    "cases:decide",
    "cases:approve",
    "cases:refuse-acceptance",
    "screening:hold-lift",
    "selection:book",
    "places:new",
    "places:alias",
    "places:map",
    "accounts:propose",
    "accounts:approve",
    "accounts:refuse",
    "accounts:withdraw",
    "api-tokens:propose",
    "api-tokens:issue",
    "api-tokens:refuse",
    "api-tokens:revoke",
}
# Steps that answer with a page shown once instead of a redirect (a new token).
SHOWN_ONCE = {"api-tokens:issue"}

# --- After acceptance (issue #6): training, subdivisions and the personnel compartment. ---
TRAINING, PERSONNEL, OTHER_INSTRUCTOR = "training", "personnel", "other-instructor"
ACCOUNTS.update(
    {
        TRAINING: Role.TRAINING_OFFICER,
        PERSONNEL: Role.PERSONNEL_OFFICER,
        OTHER_INSTRUCTOR: Role.TRAINING_INSTRUCTOR,
    }
)
# INSTRUCTOR teaches the world's cohort, OTHER_INSTRUCTOR another one; COMMANDER commands the
# world's platoon. The object of each page: training pages the cohort (its course for a new
# cohort), unit pages the platoon, personnel pages the volunteer.
AFTER_ACCEPTANCE: dict[str, set[str]] = {
    "training:courses": {TRAINING, INSTRUCTOR, OTHER_INSTRUCTOR, AUDITOR},
    "training:course-new": {TRAINING},
    "training:cohort-new": {TRAINING},
    "training:cohort": {TRAINING, INSTRUCTOR, AUDITOR},
    "training:cohort-export": {TRAINING, INSTRUCTOR, AUDITOR},
    "training:enrol": {TRAINING},
    "training:session-new": {TRAINING, INSTRUCTOR},
    "training:attendance": {INSTRUCTOR},
    "training:result": {INSTRUCTOR},
    "units:subdivisions": {COMMANDER, PERSONNEL, AUDITOR},
    "units:subdivision-new": {PERSONNEL},
    "units:commanders": {PERSONNEL},
    "units:roster": {COMMANDER, AUDITOR},
    "units:roster-export": {COMMANDER, AUDITOR},
    "units:briefing": {COMMANDER},
    "units:volunteers": {PERSONNEL, AUDITOR},
    "units:volunteers-export": {PERSONNEL, AUDITOR},
    # The services open a personnel file only once screening raised it (a hit since
    # enlistment, or a confirmed match): the world's volunteer is on no list, so theirs is the
    # 404 of a file that does not exist (vetting/units/tests/test_watchlist_match.py).
    "units:volunteer": {PERSONNEL, AUDITOR},
    "units:assign": {PERSONNEL},
    # Call signs: personnel officers keep the words and change a call sign; the auditor reads.
    "units:call-sign": {PERSONNEL},
    "units:call-sign-words": {PERSONNEL, AUDITOR},
    "units:status": {PERSONNEL},
    "units:consent": {PERSONNEL},
    "units:mention": {PERSONNEL},
    "units:mention-approve": {PERSONNEL},
    "units:status-approve": {PERSONNEL},
}
AFTER_ACCEPTANCE_POST = {
    "training:course-new",
    "training:cohort-new",
    "training:enrol",
    "training:session-new",
    "training:attendance",
    "training:result",
    "units:briefing",
    "units:subdivision-new",
    "units:commanders",
    "units:assign",
    "units:call-sign",
    "units:status",
    "units:consent",
    "units:mention",
    "units:mention-approve",
    "units:status-approve",
}
EXPECTED.update(AFTER_ACCEPTANCE)
POST_ONLY |= AFTER_ACCEPTANCE_POST
# Staff pages that name no applicant or volunteer (forms, figures, lists of courses, units,
# visits and watchlist versions): every other page a role opens is an audit entry that says
# which people it showed.
NAMES_NOBODY = {
    "intake:paper-new": "an empty form",
    "intake:import": "a form and past imports by file name and counts",
    "screening:watchlists": "watchlist versions: names, counts, who imported them",
    "selection:visits": "visits: sites, dates, staff",
    "selection:visit-new": "an empty form",
    "selection:export": "a new packet key",
    "selection:import": "an empty form",
    "capacity:overview": "figures",
    "places:places": "places, and written sites with counts of applications",
    "training:courses": "courses and cohorts by name",
    "units:subdivisions": "the tree of units and their commanders (staff)",
    "units:call-sign-words": "the words call signs are drawn from",
}

# Pages that may show the name behind a call sign: the personnel compartment only (and a file
# screening raised, to the services).
PERSONNEL_PAGES = {"units:volunteers", "units:volunteers-export", "units:volunteer"}


def after_acceptance_world(team: Any, people: dict[str, Any]) -> dict[str, Any]:
    """An accepted volunteer in a cohort of INSTRUCTOR's, assigned to COMMANDER's platoon,
    with a proposed public mention; and the people of training and personnel."""
    from vetting.policy.courses import CourseKind, Specialty
    from vetting.training.models import Enrollment
    from vetting.units import actions as unit_actions
    from vetting.units.models import Status, Volunteer
    from vetting.units.tests.factories import SYSTEM, Staff, Tree

    staff = Staff.create()
    people.update(
        {
            TRAINING: staff.training_officer,
            PERSONNEL: staff.personnel,
            INSTRUCTOR: staff.instructor,
            OTHER_INSTRUCTOR: staff.other_instructor,
        }
    )
    # Someone no watchlist names: an open hit would rightly refuse the acceptance.
    accepted = new_case(name_cyrillic="Пётр Ильич Сидоренко", name_latin="Petr Sidorenko")
    volunteer = Volunteer.objects.get(case=advance(accepted, team, Stage.ACCEPTED))
    staff.qualify(volunteer, CourseKind.BASIC)
    staff.cohort(CourseKind.DRONE, instructor=staff.other_instructor)
    cohort = staff.cohorts[CourseKind.BASIC]
    tree = Tree.create()
    unit_actions.set_commanders(tree.platoon1, [team.commander1], actor=SYSTEM)
    personnel = as_(staff.personnel)
    unit_actions.assign(
        volunteer,
        subdivision=tree.platoon1,
        specialty=Specialty.RIFLEMAN,
        starts_on=timezone.localdate(),
        actor=personnel,
    )
    unit_actions.record_consent(
        volunteer, given=True, text="yes", on=timezone.localdate(), actor=personnel
    )
    mention = unit_actions.propose_mention(volunteer, channel="c", text="t", actor=personnel)
    # A death waiting for a second officer's approval.
    death = unit_actions.record_status(
        volunteer, status=Status.KILLED, on=timezone.localdate(), note="", actor=personnel
    )
    return {
        "volunteer": volunteer,
        "cohort": cohort,
        "platoon": tree.platoon1,
        "spare_unit": tree.platoon2,
        "training": {
            "pk": cohort.pk,
            "session_pk": _session(cohort, staff).pk,
            "enrollment_pk": Enrollment.objects.get(cohort=cohort, volunteer=volunteer).pk,
        },
        "units": {"mention_pk": mention.pk, "status_pk": death.pk},
    }


def _session(cohort: Any, staff: Any) -> Any:
    from vetting.training import actions as training_actions

    return training_actions.add_session(
        cohort, held_on=cohort.course.starts_on, topic="Drill", actor=as_(staff.training_officer)
    )


def after_acceptance_values(name: str, world: dict[str, Any]) -> dict[str, Any]:
    """The objects of the training, unit and personnel pages."""
    extra = world["after_acceptance"]
    if name == "training:cohort-new":
        return {"pk": extra["cohort"].course_id}
    if name.startswith("training:"):
        return dict(extra["training"])
    if name == "units:commanders":  # a unit whose commanders the other pages do not need
        return {"pk": extra["spare_unit"].pk}
    if name == "papers:acceptance-order":  # a case with an acceptance to put in an order
        return {"pk": extra["volunteer"].case_id}
    if name in {"units:roster", "units:roster-export", "units:briefing", "papers:roster"}:
        return {"pk": extra["platoon"].pk}
    if name.startswith("units:"):
        return {"pk": extra["volunteer"].pk, **extra["units"]}
    return {}


# --- end of training, units and personnel ---

# What each compartment writes on the case and application pages, and who may read it.
MARKERS = {
    "SECURITY-FILE-7731": {SECURITY, AUDITOR},
    "COUNTERINTEL-FILE-4410": {CI, AUDITOR},
    # Session 1's result and notes; EXAMINER holds session 2 and has not recorded it yet.
    "POLYGRAPH-NOTES-5520": {COMMANDER, AUDITOR},
}
HIT_MARKER = "Known intelligence officers"


def staff_urls() -> list[tuple[str, list[str]]]:
    """(namespaced name, keyword arguments) of every named URL outside the admin."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                # The screening API answers partner systems' tokens, never a staff session
                # (vetting/api/tests cover who reads what there).
                if p.namespace in ("admin", "api"):
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                found.append((namespace + p.name, sorted(p.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_staff_page_is_in_the_matrix() -> None:
    names = {name for name, _ in staff_urls()}
    missing = names - PUBLIC - set(EXPECTED)
    assert not missing, f"pages nobody declared access for: {sorted(missing)}"


@pytest.fixture
def world(settings, tmp_path) -> dict[str, Any]:
    """One case at the polygraph stage with every compartment filled, and the people."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "scans": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    team = Team.create()
    screening_actions.import_watchlist(
        io.StringIO("id,name,birth_date\nW-1,Chichkarev Nicolas,1985-03-14\n"),
        watchlist_name=HIT_MARKER,
        file_name="w.csv",
        jsonl=False,
        actor=Actor(origin="t"),
    )
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    for service, officer, marker in (
        (Service.SECURITY, team.security, "SECURITY-FILE-7731"),
        (Service.COUNTERINTELLIGENCE, team.counterintel, "COUNTERINTEL-FILE-4410"),
    ):
        case = fresh(case)
        evidence = SimpleUploadedFile("e.pdf", b"%PDF-1.4 evidence")
        case_actions.record_check(
            case,
            service=service,
            findings=marker,
            result="clear",
            evidence=[(evidence, "registry extract")],
            actor=as_(officer),
            expected_version=case.version,
        )
    claim = case.claims.first()
    assert claim is not None
    case_actions.assess_claim(
        claim,
        service=Service.SECURITY,
        status=ClaimStatus.CORROBORATED,
        evidence_note="SECURITY-FILE-7731",
        actor=as_(team.security),
    )
    case = fresh(case)
    case_actions.move(case, "to_polygraph", actor=as_(team.security), expected_version=case.version)
    sessions = []
    for number, examiner in ((1, team.examiner1), (2, team.examiner2)):
        case = fresh(case)
        sessions.append(
            case_actions.assign_polygraph(
                case,
                number=number,
                examiner=examiner,
                # Session 1 is held now (its result is recorded below), session 2 tomorrow.
                scheduled_for=timezone.now() + timedelta(number - 1),
                actor=as_(team.security),
                expected_version=case.version,
            )
        )
    case = fresh(case)
    case_actions.record_polygraph(
        sessions[0],
        result="deception",
        notes="POLYGRAPH-NOTES-5520",
        actor=as_(team.examiner1),
        expected_version=case.version,
    )
    screening_actions.screen_application(case.application_id, Actor(origin="t"))
    earlier = Application.objects.create(
        **applicant_fields(),
        channel="paper",
        source="paper",
        external_id="P-1",
        language="ru",
        consent_text="x",
        consent_language="ru",
        consent_at=timezone.now(),
        submitted_at=timezone.now() - timedelta(days=30),
        scan=SimpleUploadedFile("page.pdf", b"%PDF-1.4 scan"),
    )
    duplicate = DuplicateCandidate.objects.create(
        application=case.application, earlier=earlier, score=0.9, explanation="same"
    )
    other_examiner = make_staff(Role.POLYGRAPH_EXAMINER, "t-examiner3")
    people = {
        CLERK: team.clerk,
        INTERVIEWER: team.interviewer,
        SECURITY: team.security,
        CI: team.counterintel,
        EXAMINER: team.examiner2,
        OTHER_EXAMINER: other_examiner,
        COMMANDER: team.commander1,
        AUDITOR: team.auditor,
        INSTRUCTOR: make_staff(Role.TRAINING_INSTRUCTOR, "t-instructor"),
        ADMIN: make_staff(Role.ADMINISTRATOR, "t-admin"),
    }
    visit = plan_visit(team)
    # A site nobody has mapped yet: it waits in the clerks' queue.
    unmapped, _code = make_application(detention_site="Табір № 9 біля Львова")
    spelling = Spelling.objects.get(waiting__application=unmapped)
    second_admin = make_staff(Role.ADMINISTRATOR, "t-admin2")
    account_request = account_actions.propose_change(
        "grant", account=team.clerk, role=Role.INTERVIEWER, reason="t", actor=as_(second_admin)
    )
    api_token = api_actions.propose_token(
        service=Service.SECURITY, label="registry gateway", reason="t", actor=as_(second_admin)
    )
    case = fresh(case)
    security_check = case.checks.get(service=Service.SECURITY)
    kwargs = {
        "pk": case.pk,
        "interview_pk": case.interviews.get().pk,
        "claim_pk": claim.pk,
        "service": "security",
        "session_pk": sessions[1].pk,
        "decision_pk": 1,
        "evidence_pk": security_check.evidence.get().pk,
        "figure": "stages",
        "fmt": "csv",
    }
    extra = after_acceptance_world(team, people)
    # A hold as a confirmed match leaves it (the world's hit itself stays open).
    hold = MatchHold.objects.create(
        hit=ScreeningHit.objects.order_by("pk").first(),
        case=case,
        service=Service.COUNTERINTELLIGENCE,
        confirmed_by=team.counterintel,
        at=timezone.now(),
    )
    return {
        "hold": hold,
        "after_acceptance": extra,
        "case": case,
        "people": people,
        "kwargs": kwargs,
        "earlier": earlier,
        "hit": ScreeningHit.objects.order_by("pk").first(),  # one per screening run
        "duplicate": duplicate,
        "visit": visit,
        "account_request": account_request,
        "spelling": spelling,
        "place": visit.place,
        "api_token": api_token,
    }


def url_for(name: str, params: list[str], world: dict[str, Any]) -> str:
    values = dict(world["kwargs"])
    if name.startswith("intake:"):
        values["pk"] = (
            world["earlier"].pk if name.endswith("scan") else world["case"].application_id
        )
    if name == "screening:hit-decide":
        values["pk"] = world["hit"].pk
    if name == "screening:hold-lift":
        values["pk"] = world["hold"].pk
    if name == "screening:duplicate-decide":
        values["pk"] = world["duplicate"].pk
    values.update(after_acceptance_values(name, world))
    if name.startswith("selection:") or name == "papers:visit-candidates":
        values["pk"] = world["visit"].pk
    if name.startswith("accounts:"):
        values["pk"] = world["account_request"].pk
    if name == "places:map":  # the spelling the world's case wrote, waiting in the queue
        values["pk"] = world["spelling"].pk
    if name == "places:alias":
        values["pk"] = world["place"].pk
    if name.startswith("api-tokens:"):
        values["pk"] = world["api_token"].pk
    unknown = set(params) - set(values)
    assert not unknown, f"{name}: no test object for {unknown}; add one to the world fixture"
    return reverse(name, kwargs={p: values[p] for p in params}).replace("/uk/", "/en/", 1)


def request(client: Client, name: str, url: str) -> Any:
    return client.post(url, {}) if name in POST_ONLY else client.get(url)


def test_every_role_reaches_exactly_its_pages(world: dict[str, Any]) -> None:
    """...and every refusal, and every file handed out, is in the audit trail."""
    failures = []
    clients = {who: signed_in_client(user) for who, user in world["people"].items()}
    for name, params in staff_urls():
        if name in PUBLIC:
            continue
        url = url_for(name, params, world)
        for who, client in clients.items():
            mark = AuditHead.objects.get().position
            response = request(client, name, url)
            status = response.status_code
            allowed = who in EXPECTED[name]
            ok = (
                status
                in ((302, 200) if name in SHOWN_ONCE else (302,) if name in POST_ONLY else (200,))
                if allowed
                else status
                in (
                    403,
                    404,
                )
            )
            if not ok:
                failures.append(f"{who} {name} {url}: {status}")
            written = AuditEvent.objects.filter(position__gt=mark, actor=world["people"][who])
            if not allowed and not written.filter(action="staff.refused").exists():
                failures.append(f"{who} {name}: refused ({status}) without an audit entry")
            if response.get("Cache-Control") != "no-store":
                failures.append(f"{who} {name}: {status} without Cache-Control: no-store")
            is_file = response.streaming or response.has_header("Content-Disposition")
            if allowed and is_file and not written.exists():
                failures.append(f"{who} {name}: a file handed out without an audit entry")
            read = name not in POST_ONLY and status == 200 and name not in NAMES_NOBODY
            if allowed and read and not written.exists():
                failures.append(f"{who} {name}: a page that names people read without an entry")
        anonymous = request(Client(), name, url).status_code
        if anonymous not in (302, 403):
            failures.append(f"anonymous {name}: {anonymous}")
    assert not failures, "\n".join(failures)


def test_objects_that_do_not_exist_look_like_forbidden_ones(world: dict[str, Any]) -> None:
    client = signed_in_client(world["people"][OTHER_EXAMINER])
    hidden = client.get(f"/en/staff/cases/{world['case'].pk}/")
    missing = client.get("/en/staff/cases/999999/")
    assert hidden.status_code == missing.status_code == 404

    def page(response: Any) -> str:
        # Only the CSRF token and the requested path itself may differ.
        body = re.sub(r"/cases/\d+/", "/cases/N/", response.content.decode())
        return re.sub(r'"X-CSRFToken": "[^"]+"|value="[A-Za-z0-9]{64}"', "", body)

    assert page(hidden) == page(missing)


@pytest.mark.parametrize("marker", sorted(MARKERS))
def test_each_compartment_is_read_only_by_its_roles(world: dict[str, Any], marker: str) -> None:
    url = f"/en/staff/cases/{world['case'].pk}/"
    for who, user in world["people"].items():
        body = signed_in_client(user).get(url).content.decode()
        assert (marker in body) == (who in MARKERS[marker]), f"{who} and {marker!r}"


def test_watchlist_hits_reach_only_the_services_and_the_auditor(world: dict[str, Any]) -> None:
    url = f"/en/staff/applications/{world['case'].application_id}/"
    for who, user in world["people"].items():
        body = signed_in_client(user).get(url).content.decode()
        assert (HIT_MARKER in body) == (who in {SECURITY, CI, AUDITOR}), who


def test_commander_sees_check_results_but_not_the_files(world: dict[str, Any]) -> None:
    body = (
        signed_in_client(world["people"][COMMANDER])
        .get(f"/en/staff/cases/{world['case'].pk}/")
        .content.decode()
    )
    assert "Security service: Clear" in body
    assert "COUNTERINTEL-FILE-4410" not in body and "registry extract" not in body


def test_auditor_changes_nothing(world: dict[str, Any]) -> None:
    case = world["case"]
    client = signed_in_client(world["people"][AUDITOR])
    client.post(
        f"/en/staff/cases/{case.pk}/move/",
        {"version": case.version, "transition": "put_on_hold", "reason": "audit"},
    )
    client.post(
        f"/en/staff/screening/hits/{world['hit'].pk}/decide/",
        {"decision": "dismiss", "reason": "audit"},
    )
    assert fresh(case).version == case.version
    assert ScreeningHit.objects.get().status == "open"


# --- After acceptance (issue #6): names only in the personnel compartment, rosters per unit. ---


def test_names_behind_call_signs_show_only_in_the_personnel_compartment(
    world: dict[str, Any],
) -> None:
    volunteer = world["after_acceptance"]["volunteer"]
    name = volunteer.case.application.display_name
    clients = {who: signed_in_client(user) for who, user in world["people"].items()}
    seen = set()
    for page, params in staff_urls():
        if page not in AFTER_ACCEPTANCE or page in AFTER_ACCEPTANCE_POST:
            continue
        url = url_for(page, params, world)
        for who, client in clients.items():
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            if volunteer.call_sign in body:
                seen.add(page)
            assert (name in body) == (page in PERSONNEL_PAGES), f"{who} {page}"
    assert {"training:cohort", "units:roster", "units:volunteers"} <= seen


def test_a_commander_opens_only_the_rosters_of_their_units(world: dict[str, Any]) -> None:
    from vetting.units.models import Subdivision

    platoon = world["after_acceptance"]["platoon"]
    other = Subdivision.objects.exclude(pk=platoon.pk).filter(echelon="platoon").get()
    client = signed_in_client(world["people"][COMMANDER])
    assert client.get(f"/en/staff/units/{platoon.pk}/roster/").status_code == 200
    for url in (f"/en/staff/units/{other.pk}/roster/", "/en/staff/units/999999/roster/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/en/staff/units/{other.pk}/briefings/", {}).status_code == 404


# --- Field selection visits ---


def test_visits_of_others_look_missing(world: dict[str, Any]) -> None:
    """An interviewer who does not travel on a visit gets the same 404 as for no visit."""
    stranger = make_staff(Role.INTERVIEWER, "t-interviewer-elsewhere")
    client = signed_in_client(stranger)
    pk = world["visit"].pk
    for page in ("", "packet/", "results/"):
        hidden = client.get(f"/en/staff/visits/{pk}/{page}")
        missing = client.get(f"/en/staff/visits/99999/{page}")
        assert hidden.status_code == missing.status_code == 404, page
    assert client.post(f"/en/staff/visits/{pk}/book/", {"top": 5}).status_code == 404
    listing = client.get("/en/staff/visits/").content.decode()
    assert world["visit"].reference not in listing
