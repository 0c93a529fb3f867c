"""The capacity figures, each one aggregate query: the database counts, Python only arranges a
few dozen rows. Nothing here names a person or an applicant: counts, stages, roles and days."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from vetting.capacity.forecast import WORK_STEPS, Load
from vetting.cases.models import Case, StageChange
from vetting.intake.models import Application, Channel
from vetting.policy.workflow import Stage

# The backlog: cases somebody still has to work on.
OPEN_WAITING = tuple(s.value for step in WORK_STEPS for s in step.stages)
# Leaving a stage this way is not work done on it.
NOT_DONE = (Stage.ON_HOLD, Stage.WITHDRAWN)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_back(now: datetime, weeks: int) -> list[date]:
    """The Mondays of the last `weeks` weeks, this week last."""
    this = week_start(timezone.localdate(now))
    return [this - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


def _day(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def arrivals_by_week(now: datetime, weeks: int = 12) -> tuple[list[date], dict[str, list[int]]]:
    """Applications received per week and channel, over the last `weeks` weeks."""
    mondays = weeks_back(now, weeks)
    bounds = [
        timezone.make_aware(datetime.combine(m, datetime.min.time()))
        for m in [*mondays, mondays[-1] + timedelta(weeks=1)]
    ]
    if connection.vendor == "postgresql":
        # Each row binned to its local week in one expression, over an index-only scan of
        # (submitted_at, channel): a third of the time of one filtered count per cell.
        table = Application._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT channel, date_trunc('week', submitted_at AT TIME ZONE %s)::date, "
                f"count(*) FROM {table} "  # noqa: S608 (no input)
                "WHERE submitted_at >= %s AND submitted_at < %s GROUP BY 1, 2",
                [timezone.get_current_timezone_name(), bounds[0], bounds[-1]],
            )
            found = {(c, w): n for c, w, n in cursor.fetchall()}
        counts = {
            f"{c}_{i}": found.get((c, mondays[i]), 0) for c in Channel.values for i in range(weeks)
        }
    else:
        # One pass, one filtered count per week and channel.
        counts = Application.objects.filter(
            submitted_at__gte=bounds[0], submitted_at__lt=bounds[-1]
        ).aggregate(
            **{
                f"{c}_{i}": Count(
                    "id",
                    filter=Q(
                        channel=c, submitted_at__gte=bounds[i], submitted_at__lt=bounds[i + 1]
                    ),
                )
                for c in Channel.values
                for i in range(weeks)
            }
        )
    series = {str(c): [counts[f"{c}_{i}"] for i in range(weeks)] for c in Channel.values}
    return mondays, series


def cases_per_stage() -> dict[str, int]:
    counts = dict(Case.objects.order_by().values_list("stage").annotate(n=Count("id")))
    return {str(s): counts.get(s, 0) for s in Stage.values}


@dataclass(frozen=True)
class StageTime:
    stage: str
    stays: int
    median_days: int | None
    p90_days: int | None


def _percentile(histogram: list[tuple[int, int]], share: float) -> int | None:
    total = sum(n for _, n in histogram)
    if not total:
        return None
    seen = 0
    for days, n in histogram:
        seen += n
        if seen >= share * total:
            return days
    return histogram[-1][0]


def stage_times(now: datetime, weeks: int = 4) -> list[StageTime]:
    """How long the stays that ended in the last `weeks` weeks lasted, per stage, in whole
    days: median and 90th percentile, from a histogram the database counts."""
    since = now - timedelta(weeks=weeks)
    if connection.vendor == "postgresql":
        days = "floor(extract(epoch from (at - entered_at)) / 86400)::int"
    else:
        days = "cast(julianday(at) - julianday(entered_at) as integer)"
    table = StageChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT from_stage, {days} AS d, count(*) FROM {table} "  # noqa: S608 (no input)
            "WHERE at >= %s AND entered_at IS NOT NULL AND from_stage <> '' "
            "GROUP BY from_stage, d ORDER BY from_stage, d",
            [since],
        )
        rows = cursor.fetchall()
    histograms: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for stage, d, n in rows:
        histograms[stage].append((max(0, int(d)), int(n)))
    return [
        StageTime(
            str(s),
            sum(n for _, n in histograms[s]),
            _percentile(histograms[s], 0.5),
            _percentile(histograms[s], 0.9),
        )
        for s in Stage.values
        if s in histograms
    ]


@dataclass(frozen=True)
class Throughput:
    mondays: list[date]
    per_week: dict[str, list[int]]  # work step name: cases done each week
    officers: dict[str, int]  # work step name: distinct officers who did them


def throughput(now: datetime, weeks: int = 4) -> Throughput:
    """Cases each work step finished per week, and by how many officers, over `weeks` weeks."""
    mondays = weeks_back(now, weeks)
    since = timezone.make_aware(datetime.combine(mondays[0], datetime.min.time()))
    step_of = {s.done_from.value: s.name for s in WORK_STEPS}
    rows = (
        StageChange.objects.filter(at__gte=since, from_stage__in=list(step_of))
        .exclude(to_stage__in=NOT_DONE)
        .annotate(week=TruncWeek("at"))
        .values_list("week", "from_stage", "actor_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    index = {m: i for i, m in enumerate(mondays)}
    per_week = {s.name: [0] * weeks for s in WORK_STEPS}
    actors: dict[str, set[int]] = defaultdict(set)
    for week, stage, actor, n in rows:
        i = index.get(_day(week))
        if i is None:
            continue
        per_week[step_of[stage]][i] += n
        if actor is not None:
            actors[step_of[stage]].add(actor)
    return Throughput(mondays, per_week, {s.name: len(actors[s.name]) for s in WORK_STEPS})


def loads(stages: dict[str, int], done: Throughput, now: datetime) -> list[Load]:
    """Each work step's backlog and pace: the pace is the mean of the full weeks measured."""
    full_weeks = max(1, len(done.mondays) - 1)  # this week is not over
    return [
        Load(
            step,
            sum(stages.get(s.value, 0) for s in step.stages),
            sum(done.per_week[step.name][:-1]) / full_weeks,
            done.officers[step.name],
        )
        for step in WORK_STEPS
    ]
