"""A demo watchlist: mostly strangers, and a few demo applicants written the way another
agency's list would write them, so that screening has something to find."""

import csv
import io
import random
import re
from dataclasses import dataclass

from vetting.audit.actions import Actor
from vetting.intake.models import Application
from vetting.screening.actions import WatchlistImport, import_watchlist, read_mentions
from vetting.screening.models import WatchlistEntry
from vetting.synthetic import generate_applicants, generate_watchlist
from vetting.synthetic.watchlist import PEOPLE_CSV_HEADER, people_row

DEMO_WATCHLIST = "Known intelligence officers (demo)"


def create_demo_watchlist(seed: int, applications: int, entries: int) -> WatchlistImport:
    """Import `entries` synthetic watchlist entries, ~1% of them demo applicants."""
    applicants = generate_applicants(seed, applications)
    rows = generate_watchlist(seed + 1, entries, applicants, share_from_applicants=0.015)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=PEOPLE_CSV_HEADER)
    writer.writeheader()
    writer.writerows(people_row(row) for row in rows)
    text.seek(0)
    return import_watchlist(
        text,
        watchlist_name=DEMO_WATCHLIST,
        file_name="demo-watchlist.csv",
        jsonl=False,
        actor=Actor(origin=f"demo generator seed={seed}"),
    )


_RUSSIAN_NAME = re.compile(r"^([А-ЯЁ][а-яё]+(?:ов|ев|ин))\s([А-ЯЁ])[а-яё]+\s([А-ЯЁ])[а-яё]+вич$")


@dataclass(frozen=True)
class DemoMentions:
    entry_name: str
    cases: list[str]  # references of the cases whose texts name the listed person


def create_demo_mentions(seed: int) -> DemoMentions | None:
    """Two statements in Russian and one in Ukrainian, and a counter-intelligence finding,
    that name a person on the demo watchlist (in the nominative, the dative, the instrumental,
    with initials), read at once so the demo shows them."""
    from vetting.cases.models import BackgroundCheck, Case, Service

    found = None
    for entry in WatchlistEntry.objects.filter(
        version__watchlist__name=DEMO_WATCHLIST, version__is_current=True
    ).order_by("pk"):
        if match := _RUSSIAN_NAME.match(entry.name):
            found = match
            break
    if found is None:
        return None
    surname, g, p = found.groups()
    initials = f"{g}. {p}."
    dative, instrumental_uk = f"{surname}у", f"{surname}им"
    texts = {
        "ru": [
            f"В лагере со мной беседовал {surname} {initials}, предлагал сотрудничество и "
            "обещал досрочное освобождение. Я отказался и подал заявление.",
            f"После фильтрации меня вызывали к {dative} {initials}, он расспрашивал о моей "
            "части. Хочу служить в легионе.",
        ],
        "uk": [
            f"У таборі розмову зі мною вів {surname} {initials}, обіцяв звільнення за "
            "співпрацю. Я відмовився і хочу воювати за Україну.",
        ],
    }
    rng = random.Random(seed)
    chosen: list[Case] = []
    for language, statements in texts.items():
        pool = list(
            Case.objects.filter(application__language=language)
            .exclude(pk__in=[c.pk for c in chosen])
            .order_by("pk")[:200]
        )
        for statement, case in zip(statements, rng.sample(pool, len(statements)), strict=True):
            Application.objects.filter(pk=case.application_id).update(statement=statement)
            chosen.append(case)
    check = (
        BackgroundCheck.objects.filter(
            service=Service.COUNTERINTELLIGENCE,
            superseded_by__isnull=True,
            case__application__language="uk",
        )
        .exclude(case__in=chosen)
        .order_by("pk")
        .first()
    )
    if check is not None:
        check.findings = (
            f"{check.findings} За даними обліків, заявник підтримував зв'язок з "
            f"{instrumental_uk} {initials}, хоча знайомство з ним заперечує."
        )
        check.save(update_fields=["findings"])
        chosen.append(check.case)
    actor = Actor(origin=f"demo generator seed={seed}")
    for case in chosen:
        read_mentions(case.application_id, actor, again=True)
    return DemoMentions(entry.name, [c.reference for c in chosen])
