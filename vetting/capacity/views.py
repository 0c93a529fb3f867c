"""The capacity page: arrivals, cases per stage, time in stage, throughput and the forecast,
each drawn as a chart with its numbers downloadable as CSV (an audited export)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetting.audit.actions import record
from vetting.capacity import charts, selectors
from vetting.capacity.forecast import Forecast, forecast
from vetting.intake.models import Channel
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.workflow import Stage
from vetting.spreadsheets import csv_writer

VIEW = "capacity.view_capacity"


class TargetForm(forms.Form):
    target = forms.DateField(
        label=gettext_lazy("Clear the backlog by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@dataclass
class Figures:
    now: datetime
    mondays: list[date]
    arrivals: dict[str, list[int]]
    stages: dict[str, int]
    times: list[selectors.StageTime]
    done: selectors.Throughput
    forecast: Forecast


def figures(target: date | None) -> Figures:
    now = timezone.now()
    mondays, arrivals = selectors.arrivals_by_week(now)
    stages = selectors.cases_per_stage()
    done = selectors.throughput(now)
    plan = forecast(selectors.loads(stages, done, now), timezone.localdate(now), target)
    return Figures(now, mondays, arrivals, stages, selectors.stage_times(now), done, plan)


def _target(request: HttpRequest) -> tuple[TargetForm, date | None]:
    form = TargetForm(request.GET or None)
    return form, form.cleaned_data.get("target") if form.is_valid() else None


@staff_view(VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    form, target = _target(request)
    f = figures(target)
    channel = dict(Channel.choices)
    stage = dict(Stage.choices)
    weeks = [m.strftime("%d.%m") for m in f.mondays]
    context: dict[str, Any] = {
        "form": form,
        "f": f,
        "target": target,
        "arrivals_chart": charts.stacked_bars(
            weeks,
            {str(channel[c]): v for c, v in f.arrivals.items()},
            _("Applications per week by channel"),
        ),
        "stages_chart": charts.bars(
            [(str(stage[s]), n, f"{n:,}") for s, n in f.stages.items()], _("Cases per stage")
        ),
        "times_chart": charts.ranges(
            [
                (str(stage[t.stage]), t.median_days or 0, t.p90_days or 0)
                for t in f.times
                if t.median_days is not None
            ],
            _("Days spent in each stage"),
            _("days"),
        ),
        "throughput_chart": charts.lines(
            [m.strftime("%d.%m") for m in f.done.mondays],
            {str(s.step.label): f.done.per_week[s.step.name] for s in f.forecast.steps},
            _("Cases done per week by each step"),
        ),
        "backlog": sum(f.stages.get(s, 0) for s in selectors.OPEN_WAITING),
    }
    return render(request, "capacity/overview.html", context)


def _rows(name: str, f: Figures) -> list[list[Any]]:
    if name == "arrivals":
        return [["week", *f.arrivals]] + [
            [m.isoformat(), *(v[i] for v in f.arrivals.values())] for i, m in enumerate(f.mondays)
        ]
    if name == "stages":
        return [["stage", "cases"], *([s, n] for s, n in f.stages.items())]
    if name == "stage-times":
        return [["stage", "stays", "median_days", "p90_days"]] + [
            [t.stage, t.stays, t.median_days, t.p90_days] for t in f.times
        ]
    if name == "throughput":
        return [["week", *f.done.per_week]] + [
            [m.isoformat(), *(v[i] for v in f.done.per_week.values())]
            for i, m in enumerate(f.done.mondays)
        ]
    if name == "forecast":
        return [
            [
                "step",
                "roles",
                "work",
                "per_week",
                "officers",
                "weeks",
                "clears_on",
                "needed_officers",
                "extra_officers",
            ]
        ] + [
            [
                s.step.name,
                "+".join(s.step.roles),
                s.work,
                round(s.per_week, 2),
                s.officers,
                "" if s.weeks is None else round(s.weeks, 2),
                s.clears_on or "",
                "" if s.needed_officers is None else s.needed_officers,
                "" if s.extra_officers is None else s.extra_officers,
            ]
            for s in f.forecast.steps
        ]
    raise Http404


FIGURES = ("arrivals", "stages", "stage-times", "throughput", "forecast")


@staff_view(VIEW)
def figure_csv(request: HttpRequest, figure: str) -> HttpResponse:
    if figure not in FIGURES:
        raise Http404
    _form, target = _target(request)
    rows = _rows(figure, figures(target))
    record(staff_actor(request), "capacity.exported", None, figure=figure, rows=len(rows) - 1)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="capacity-{figure}.csv"'
    csv_writer(response).writerows(rows)
    return response
