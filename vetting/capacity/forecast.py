"""When today's backlog is cleared at the current pace, and how many more officers of which
role would clear it by a given date. Pure arithmetic over the figures the selectors read.

Each step of the work (triage, interview, checks, polygraph, decision) must still be done for
every case waiting at it or at an earlier step; the steps run side by side, so the backlog is
cleared when the slowest step is done. New arrivals are not counted: this is today's backlog.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise

from vetting.policy.roles import Role
from vetting.policy.workflow import MAIN_PATH, QUEUES, Stage


@dataclass(frozen=True)
class WorkStep:
    name: str
    label: str | Promise
    stages: tuple[Stage, ...]  # where a case waits for this step
    done_from: Stage  # leaving this stage (other than on hold or withdrawn) is the step done

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles whose queue holds this step, as the workflow declares."""
        return tuple(r for r, stages in QUEUES.items() if self.done_from in stages)


def _work_steps() -> tuple[WorkStep, ...]:
    """One step per stage of the main path between receipt and the outcome, named for it; a
    received case waits for the first of them (triage)."""
    received, *working, _outcome = MAIN_PATH
    return tuple(
        WorkStep(s.value, s.label, (received, s) if i == 0 else (s,), s)
        for i, s in enumerate(working)
    )


WORK_STEPS: tuple[WorkStep, ...] = _work_steps()


@dataclass(frozen=True)
class Load:
    """One step today: cases waiting at it, its pace and the officers who kept that pace."""

    step: WorkStep
    waiting: int
    per_week: float
    officers: int


@dataclass(frozen=True)
class StepForecast:
    step: WorkStep
    work: int  # cases still to pass this step: waiting at it or at an earlier one
    per_week: float
    officers: int
    weeks: float | None  # None: no pace, never cleared at it
    clears_on: date | None
    needed_officers: int | None  # to clear by the target date; None: unknown or no target
    extra_officers: int | None


@dataclass(frozen=True)
class Forecast:
    steps: tuple[StepForecast, ...]
    clears_on: date | None  # None: some step has work and no pace
    bottleneck: StepForecast | None
    target: date | None


def forecast(loads: list[Load], today: date, target: date | None = None) -> Forecast:
    """The date each step and the whole backlog are cleared, and the officers for `target`."""
    steps, work = [], 0
    weeks_left = (target - today).days / 7 if target else None
    for load in loads:
        work += load.waiting
        weeks: float | None
        if work == 0:
            weeks = 0.0
        elif load.per_week > 0:
            weeks = work / load.per_week
        else:
            weeks = None
        clears_on = today + timedelta(days=math.ceil(weeks * 7)) if weeks is not None else None
        needed = extra = None
        if weeks_left is not None and weeks_left > 0:
            if work == 0:
                needed, extra = load.officers, 0
            elif load.per_week > 0 and load.officers > 0:
                per_officer = load.per_week / load.officers
                needed = math.ceil(work / weeks_left / per_officer - 1e-9)
                extra = max(0, needed - load.officers)
        steps.append(
            StepForecast(
                load.step,
                work,
                load.per_week,
                load.officers,
                weeks,
                clears_on,
                needed,
                extra,
            )
        )
    if any(s.weeks is None for s in steps):
        clears_on, bottleneck = None, next(s for s in steps if s.weeks is None)
    elif steps:
        bottleneck = max(steps, key=lambda s: s.weeks or 0.0)
        clears_on = bottleneck.clears_on
    else:
        clears_on, bottleneck = today, None
    return Forecast(tuple(steps), clears_on, bottleneck, target)
