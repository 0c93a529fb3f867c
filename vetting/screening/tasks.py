"""Background screening. The queue runs in-process for the demo and as `vetting db_worker`
processes in production; every task is idempotent, and the sweep re-finds any application a
lost task left unscreened."""

from collections.abc import Sequence

from django.db import transaction
from django.tasks import task

from vetting.audit.actions import Actor
from vetting.intake.models import Application
from vetting.screening import actions, selectors

WORKER = Actor(origin="screening worker")
SWEEP_CHUNK = 500


@task
def screen_applications(application_ids: list[int]) -> int:
    """Screen these applications; returns how many new hits were found."""
    found = 0
    for application_id in application_ids:
        found += actions.screen_application(application_id, WORKER).new_hits
    return found


@task
def screen_pending() -> int:
    """Queue screening for every application not screened against the current lists."""
    pending = selectors.pending_application_ids()
    for start in range(0, len(pending), SWEEP_CHUNK):
        screen_applications.enqueue(pending[start : start + SWEEP_CHUNK])
    return len(pending)


@task
def read_mentions_of(application_ids: list[int], again: bool = False) -> int:
    """Read the people named in these applications' texts; returns how many were found."""
    found = 0
    for application_id in application_ids:
        found += actions.read_mentions(application_id, WORKER, again=again).mentions
    return found


@task
def read_mentions_pending() -> int:
    """Queue reading for every application with a text not read yet, or with mentions linked
    against watchlist versions that are no longer current."""
    pending = selectors.pending_mention_application_ids()
    for start in range(0, len(pending), SWEEP_CHUNK):
        read_mentions_of.enqueue(pending[start : start + SWEEP_CHUNK])
    return len(pending)


def request_screening(application_ids: list[int]) -> None:
    """Queue screening, and the reading of the people their texts name, for these applications
    once the current transaction commits."""
    if not application_ids:
        return
    ids = list(application_ids)
    transaction.on_commit(lambda: screen_applications.enqueue(ids))
    request_mention_reading(ids)


def screen_arrivals(applications: Sequence[Application], actor: Actor) -> None:
    """Intake's arrival hook: received applications are screened once they are stored."""
    request_screening([a.pk for a in applications])


def request_mention_reading(application_ids: list[int]) -> None:
    """Queue the reading of these applications' texts once the current transaction commits
    (a statement received, interview notes or a check's findings recorded)."""
    ids = list(application_ids)
    if ids:
        transaction.on_commit(lambda: read_mentions_of.enqueue(ids))


def request_sweep() -> None:
    """Queue a sweep that screens every application not screened against the current lists,
    and reads or links again every text not read against them."""
    screen_pending.enqueue()
    read_mentions_pending.enqueue()
