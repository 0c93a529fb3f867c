"""Who may take each action, declared once for every app: the roles (or the ways in without a
staff account), the case stages, and the object check. `authority.authorize` reads this table
in every action; views, templates and lists ask the same table through `allowed` and
`restrict`; the action-authority test calls every action as every role against it.

An action is named "<app>.<function in that app's actions.py>"; a case move is named
"cases.move:<transition>".
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetting.audit.actors import Via
from vetting.policy import workflow
from vetting.policy.roles import Role, roles_of
from vetting.policy.workflow import SERVICE_ROLE, Service, Stage

Where = Callable[[Any], Q]
"""An object check: the objects (of the rule's subject model) this user may act on."""

Requires = Callable[[Any, Mapping[str, Any]], str | None]
"""What must hold of the subject (given the action's arguments), whoever acts: None when it
holds, else why not, in words. Checked object by object (`authorize`, `allowed`), not by
`restrict`."""


@dataclass(frozen=True)
class Rule:
    """Who may take one action.

    Staff holding one of `roles` (narrowed by `role_for` from the action's arguments), or an
    actor without an account coming `via` the portal or the system; on a subject whose case is
    at one of `stages` (reached from the subject by `stage_of`) and that `where` selects, once
    what `requires` asks of the subject holds."""

    subject: str = ""  # "app_label.model" the object check applies to; "" for none
    roles: frozenset[Role] = frozenset()
    via: frozenset[Via] = frozenset()
    stages: frozenset[Stage] | None = None
    stage_of: str = "stage"
    where: Where | None = None
    refusal: str | Promise = _("Your role may not do this.")
    stage_refusal: str | Promise = _("This is not possible at the case's current stage.")
    role_for: Callable[[Mapping[str, Any]], frozenset[Role]] | None = None
    requires: Requires | None = None

    def roles_for(self, params: Mapping[str, Any]) -> frozenset[Role]:
        return self.role_for(params) & self.roles if self.role_for else self.roles


def _service_role(params: Mapping[str, Any]) -> frozenset[Role]:
    """Each service records and marks only in its own name."""
    return frozenset({SERVICE_ROLE[Service(params["service"])]})


# Object checks. Each is a filter on the rule's subject, so one definition both refuses an
# action on one object and lists the objects a user may act on.
def own_interview(user: Any) -> Q:
    return Q(interviewer=user)


def own_polygraph_session(user: Any) -> Q:
    return Q(examiner=user)


def not_the_first_commander(user: Any) -> Q:
    return ~Q(decided_by=user)


def taught_by(user: Any) -> Q:
    return Q(instructors=user)


def session_taught_by(user: Any) -> Q:
    return Q(cohort__instructors=user)


def cohort_planned_by(user: Any) -> Q:
    """The training officer plans every cohort's sessions; an instructor those of their own."""
    return Q() if Role.TRAINING_OFFICER in roles_of(user) else Q(instructors=user)


def not_the_proposer(user: Any) -> Q:
    return ~Q(proposed_by=user)


def not_the_recorder(user: Any) -> Q:
    return ~Q(recorded_by=user)


def on_the_visit(user: Any) -> Q:
    return Q(commander=user) | Q(interviewers=user)


def travels_on_the_visit(user: Any) -> Q:
    return Q(interviewers=user)


def commanded_by(user: Any) -> Q:
    """A subdivision the user commands, or one below it (battalion, company, platoon)."""
    return Q(commanders=user) | Q(parent__commanders=user) | Q(parent__parent__commanders=user)


def confirmed_by_their_service(user: Any) -> Q:
    """A hold on a confirmed match: lifted only by the service that confirmed it."""
    return Q(service__in=[s for s, role in SERVICE_ROLE.items() if role in roles_of(user)])


# What the apps above the policy know of a case and a rule asks: {fact: reader(case) -> why the
# case may not go on, or None}. Screening registers "match_refusal" in its AppConfig.ready. A
# rule that asks a fact nobody registered refuses (fails closed) rather than let the case pass.
CaseFact = Callable[[Any], str | None]
CASE_FACTS: dict[str, CaseFact] = {}


class FactUnknown(LookupError):
    """A rule asked a fact of a case that no installed app provides."""


def provide(fact: str, reader: CaseFact) -> None:
    """Answer `fact` of a case with `reader(case)`, for the rules that ask it."""
    CASE_FACTS[fact] = reader


def _ask(fact: str, case: Any) -> str | None:
    if (reader := CASE_FACTS.get(fact)) is None:
        raise FactUnknown(fact)
    return reader(case)


# What must hold of a case, whoever acts.
def no_match_holds_the_case(case: Any, params: Mapping[str, Any]) -> str | None:
    """An acceptance waits while a watchlist hit on the applicant is open or confirmed."""
    if params.get("outcome", "accept") != "accept":
        return None
    return _ask("match_refusal", case)


def no_match_holds_its_case(decision: Any, params: Mapping[str, Any]) -> str | None:
    return no_match_holds_the_case(decision.case, {})


def someone_elses_request(user: Any) -> Q:
    """Four eyes on accounts: never one's own request, never a change to one's own account."""
    return ~Q(proposed_by=user) & (Q(account__isnull=True) | ~Q(account=user))


SERVICES = frozenset({Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER})
# Who reads the application list or a case queue, and so may search them.
LIST_SEARCHERS = frozenset(
    {
        Role.INTAKE_CLERK,
        Role.INTERVIEWER,
        *SERVICES,
        Role.POLYGRAPH_EXAMINER,
        Role.COMMANDER,
        Role.AUDITOR,
    }
)
_ONLY_ITS_INTERVIEWER = _("Only the assigned interviewer records this interview.")
_ONLY_ITS_EXAMINER = _("Only the examiner of this session records its result.")
_ONLY_ITS_INSTRUCTOR = _("Only an instructor of this cohort may do this.")


def _moves() -> dict[str, Rule]:
    """One rule per case move, read from the workflow's transitions."""
    return {
        f"cases.move:{t.name}": Rule(
            subject="cases.case", roles=t.roles, stages=t.sources, via=t.via
        )
        for t in workflow.TRANSITIONS
        if t.by == "cases.move"
    }


RULES: dict[str, Rule] = {
    # Intake: the applicant through the portal, clerks for paper and lists; the server's
    # own import command too.
    "intake.submit_application": Rule(via=frozenset({Via.PUBLIC, Via.SYSTEM})),
    "intake.record_paper_application": Rule(roles=frozenset({Role.INTAKE_CLERK})),
    "intake.withdraw_application": Rule(via=frozenset({Via.PUBLIC})),
    # A search of a list is kept under an opaque key for whoever reads those lists.
    "intake.save_search": Rule(roles=LIST_SEARCHERS),
    "intake.import_applications": Rule(
        roles=frozenset({Role.INTAKE_CLERK}), via=frozenset({Via.SYSTEM})
    ),
    # Places: clerks keep the list and map the spellings waiting in their queue; the server
    # loads a list (demo data, a command).
    "places.create_place": Rule(roles=frozenset({Role.INTAKE_CLERK}), via=frozenset({Via.SYSTEM})),
    "places.add_alias": Rule(
        subject="places.place", roles=frozenset({Role.INTAKE_CLERK}), via=frozenset({Via.SYSTEM})
    ),
    "places.map_spelling": Rule(
        subject="places.spelling",
        roles=frozenset({Role.INTAKE_CLERK}),
        via=frozenset({Via.SYSTEM}),
    ),
    # Screening: lists come from the services or the server's command; the worker screens;
    # the services review hits, clerks repeat applications.
    "screening.import_watchlist": Rule(roles=SERVICES, via=frozenset({Via.SYSTEM})),
    "screening.screen_application": Rule(via=frozenset({Via.SYSTEM})),
    # The worker reads the people an application's texts name; the services read what it found.
    "screening.read_mentions": Rule(via=frozenset({Via.SYSTEM})),
    "screening.requeue_abandoned_tasks": Rule(via=frozenset({Via.SYSTEM})),
    "screening.decide_hit": Rule(subject="screening.screeninghit", roles=SERVICES),
    "screening.lift_match_hold": Rule(
        subject="screening.matchhold",
        roles=SERVICES,
        where=confirmed_by_their_service,
        refusal=_("Only the service that confirmed the match lifts its hold."),
    ),
    "screening.decide_duplicate": Rule(
        subject="screening.duplicatecandidate", roles=frozenset({Role.INTAKE_CLERK})
    ),
    # The vetting workflow: moves from the declaration, steps at their stages.
    **_moves(),
    "cases.put_on_hold": Rule(
        subject="cases.case",
        roles=workflow.BY_NAME["put_on_hold"].roles,
        stages=workflow.BY_NAME["put_on_hold"].sources,
    ),
    "cases.open_cases": Rule(
        roles=frozenset({Role.INTAKE_CLERK}), via=frozenset({Via.PUBLIC, Via.SYSTEM})
    ),
    "cases.schedule_interview": Rule(
        subject="cases.case",
        roles=frozenset({Role.INTAKE_CLERK, Role.INTERVIEWER}),
        stages=frozenset({Stage.TRIAGE, Stage.INTERVIEW}),
    ),
    "cases.record_interview": Rule(
        subject="cases.interview",
        roles=frozenset({Role.INTERVIEWER}),
        stages=frozenset({Stage.INTERVIEW}),
        stage_of="case__stage",
        where=own_interview,
        refusal=_ONLY_ITS_INTERVIEWER,
    ),
    "cases.record_check": Rule(
        subject="cases.case",
        roles=SERVICES,
        role_for=_service_role,
        stages=frozenset({Stage.BACKGROUND_CHECKS}),
    ),
    "cases.assess_claim": Rule(
        subject="cases.claim",
        roles=SERVICES,
        role_for=_service_role,
        stages=frozenset({Stage.BACKGROUND_CHECKS, Stage.POLYGRAPH}),
        stage_of="case__stage",
    ),
    "cases.assign_polygraph": Rule(
        subject="cases.case", roles=SERVICES, stages=frozenset({Stage.POLYGRAPH})
    ),
    "cases.record_polygraph": Rule(
        subject="cases.polygraphsession",
        roles=frozenset({Role.POLYGRAPH_EXAMINER}),
        stages=frozenset({Stage.POLYGRAPH}),
        stage_of="case__stage",
        where=own_polygraph_session,
        refusal=_ONLY_ITS_EXAMINER,
    ),
    "cases.decide": Rule(
        subject="cases.case",
        roles=frozenset({Role.COMMANDER}),
        stages=workflow.REJECT.sources,
        requires=no_match_holds_the_case,
    ),
    "cases.approve": Rule(
        subject="cases.decision",
        roles=frozenset({Role.COMMANDER}),
        stages=workflow.ACCEPT.sources,
        stage_of="case__stage",
        where=not_the_first_commander,
        refusal=_("The approver must be another commander than the one who decided."),
        requires=no_match_holds_its_case,
    ),
    "cases.refuse_acceptance": Rule(
        subject="cases.decision",
        roles=workflow.BY_NAME["refuse_acceptance"].roles,
        stages=workflow.BY_NAME["refuse_acceptance"].sources,
        stage_of="case__stage",
        where=not_the_first_commander,
        refusal=_("Another commander than the one who decided refuses an acceptance."),
    ),
    "cases.withdraw": Rule(
        subject="cases.case",
        via=workflow.WITHDRAW.via,
        stages=workflow.WITHDRAW.sources | {Stage.WITHDRAWN},
        stage_refusal=_("After a decision the application can no longer be withdrawn."),
    ),
    "cases.merge": Rule(
        subject="cases.case",
        roles=workflow.BY_NAME["merge"].roles,
        stages=workflow.BY_NAME["merge"].sources,
    ),
    # Field visits: commanders plan, clerks book, the people on a visit carry its packet;
    # results come back only from the interviewer who held the interview.
    "selection.plan_visit": Rule(roles=frozenset({Role.COMMANDER})),
    "selection.book_interviews": Rule(
        subject="selection.fieldvisit", roles=frozenset({Role.INTAKE_CLERK})
    ),
    "selection.export_packet": Rule(
        subject="selection.fieldvisit",
        roles=frozenset({Role.COMMANDER, Role.INTERVIEWER}),
        where=on_the_visit,
        refusal=_("Only the commander and the interviewers of this visit carry its packet."),
    ),
    "selection.import_results": Rule(
        subject="selection.fieldvisit",
        roles=frozenset({Role.INTERVIEWER}),
        where=travels_on_the_visit,
        refusal=_("Only an interviewer of this visit imports its results."),
    ),
    # Training.
    "training.create_course": Rule(roles=frozenset({Role.TRAINING_OFFICER})),
    "training.create_cohort": Rule(roles=frozenset({Role.TRAINING_OFFICER})),
    "training.enrol": Rule(roles=frozenset({Role.TRAINING_OFFICER})),
    "training.add_session": Rule(
        subject="training.cohort",
        roles=frozenset({Role.TRAINING_OFFICER, Role.TRAINING_INSTRUCTOR}),
        where=cohort_planned_by,
        refusal=_ONLY_ITS_INSTRUCTOR,
    ),
    "training.record_attendance": Rule(
        subject="training.trainingsession",
        roles=frozenset({Role.TRAINING_INSTRUCTOR}),
        where=session_taught_by,
        refusal=_ONLY_ITS_INSTRUCTOR,
    ),
    "training.record_result": Rule(
        subject="training.enrollment",
        roles=frozenset({Role.TRAINING_INSTRUCTOR}),
        where=session_taught_by,
        refusal=_ONLY_ITS_INSTRUCTOR,
    ),
    # Units and the personnel compartment. Enlisting is part of the second commander's
    # approval of an acceptance.
    "units.enlist": Rule(
        subject="cases.case",
        roles=frozenset({Role.COMMANDER}),
        via=frozenset({Via.SYSTEM}),
        stages=frozenset({Stage.ACCEPTED}),
    ),
    "units.create_subdivision": Rule(
        roles=frozenset({Role.PERSONNEL_OFFICER}), via=frozenset({Via.SYSTEM})
    ),
    "units.set_commanders": Rule(
        roles=frozenset({Role.PERSONNEL_OFFICER}), via=frozenset({Via.SYSTEM})
    ),
    "units.assign": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    # Call signs: personnel officers keep the formation's words and change a call sign.
    "units.change_call_sign": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    "units.add_call_sign_word": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    "units.retire_call_sign_word": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    "units.record_status": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    "units.approve_status": Rule(
        subject="units.statusevent",
        roles=frozenset({Role.PERSONNEL_OFFICER}),
        where=not_the_recorder,
        refusal=_("The approver must be another officer than the one who recorded it."),
    ),
    "units.record_consent": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    "units.propose_mention": Rule(roles=frozenset({Role.PERSONNEL_OFFICER})),
    "units.approve_mention": Rule(
        subject="units.publicmention",
        roles=frozenset({Role.PERSONNEL_OFFICER}),
        where=not_the_proposer,
        refusal=_("The approver must be another officer than the one who proposed."),
    ),
    "units.record_briefing": Rule(
        subject="units.subdivision",
        roles=frozenset({Role.COMMANDER}),
        where=commanded_by,
        refusal=_("Only a commander of this subdivision records its briefings."),
    ),
    # Staff accounts: one administrator proposes, another approves; the server's command
    # line is the root of trust (the first accounts, superusers), and is audited.
    "accounts.propose_change": Rule(roles=frozenset({Role.ADMINISTRATOR})),
    "accounts.approve_change": Rule(
        subject="accounts.accountrequest",
        roles=frozenset({Role.ADMINISTRATOR}),
        where=someone_elses_request,
        refusal=_(
            "A second administrator approves: not the one who proposed, not the account's owner."
        ),
    ),
    "accounts.refuse_change": Rule(
        subject="accounts.accountrequest",
        roles=frozenset({Role.ADMINISTRATOR}),
        where=someone_elses_request,
        refusal=_(
            "A second administrator decides: not the one who proposed, not the account's owner."
        ),
    ),
    "accounts.withdraw_change": Rule(
        subject="accounts.accountrequest",
        roles=frozenset({Role.ADMINISTRATOR}),
        where=lambda user: Q(proposed_by=user),
        refusal=_("Only the administrator who proposed a change withdraws it."),
    ),
    "accounts.complete_setup": Rule(via=frozenset({Via.PUBLIC})),
    # Tokens of the partner services' systems: one administrator proposes, another issues or
    # refuses; any administrator revokes at once (taking access away needs no second pair).
    "api.propose_token": Rule(roles=frozenset({Role.ADMINISTRATOR})),
    "api.issue_token": Rule(
        subject="api.apitoken",
        roles=frozenset({Role.ADMINISTRATOR}),
        where=not_the_proposer,
        refusal=_("A second administrator issues a token: not the one who proposed it."),
    ),
    "api.refuse_token": Rule(
        subject="api.apitoken",
        roles=frozenset({Role.ADMINISTRATOR}),
        where=not_the_proposer,
        refusal=_("A second administrator decides: not the one who proposed it."),
    ),
    "api.revoke_token": Rule(subject="api.apitoken", roles=frozenset({Role.ADMINISTRATOR})),
    "accounts.create_account_by_command": Rule(via=frozenset({Via.SYSTEM})),
    "accounts.grant_role_by_command": Rule(via=frozenset({Via.SYSTEM})),
    "accounts.issue_setup_code_by_command": Rule(via=frozenset({Via.SYSTEM})),
    # The server's own maintenance.
    "keys.rotate_master_key": Rule(via=frozenset({Via.SYSTEM})),
    "keys.retire_master_keys": Rule(via=frozenset({Via.SYSTEM})),
    "backups.make_backup": Rule(via=frozenset({Via.SYSTEM})),
    "backups.restore_backup": Rule(via=frozenset({Via.SYSTEM})),
}

# Functions of actions modules that are not entry points: they write inside another action's
# transaction, for whoever that action's actor is.
NOT_ACTIONS: dict[str, str] = {
    "cases.hold_same_person": "holds a repeat application's case inside the linking action "
    "(screening.decide_duplicate), for the clerk who linked it",
    "places.place_applications": "gives received applications their place, inside the intake "
    "action's transaction (intake's arrival hook)",
    "audit.record": "appends the audit entry of the action that calls it",
    "audit.record_many": "appends the audit entries of the action that calls it",
    "audit.record_refusal": "records that the policy or a page refused someone",
    "audit.record_export": "records a file handed out by a view the policy allowed",
    "audit.entry_hash": "computes a hash; writes nothing",
    "audit.event_hash": "computes a hash; writes nothing",
    "guard.record_throttled": "records that a rate limit refused a request",
    "guard.raise_alert": "records that a limit of all clients together was reached",
    "cases.on_acceptance": "registers what follows an acceptance when an app is ready",
    "intake.on_arrival": "registers what receiving an application sets going when an app is ready",
    "intake.on_withdrawal": "registers what a withdrawal does when an app is ready",
    "places.on_mapping": "registers what a mapped spelling gives its place when an app is ready",
    "screening.on_same_person": "registers what linking one person does when an app is ready",
    "screening.on_watchlist_version": "registers what a new watchlist version sets going when "
    "the app is ready",
    "intake.receive": "sets going the applications an intake action (or the demo) stores, inside "
    "that action's transaction",
    "cases.open_arrived": "opens the cases of received applications (cases.open_cases, whose "
    "rule it asks), inside the intake action's transaction",
    "cases.withdraw_application_case": "withdraws the case of an application the applicant "
    "withdraws (cases.withdraw, whose rule it asks), inside intake's withdrawal",
    "selection.place_old_visits": "gives old visits the place of a spelling a clerk maps, inside "
    "places.map_spelling",
    "api.record_call": "records a call of the screening API its token was checked for",
}
