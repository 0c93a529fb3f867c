"""Demo applications from the synthetic generator, through the same model and audit chain."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from vetting.audit.actions import Actor
from vetting.intake import receipts
from vetting.intake.actions import receive
from vetting.intake.models import Application, Channel
from vetting.synthetic import SyntheticApplicant, generate_applicants

DEMO_SOURCES = {
    Channel.PORTAL: "portal",
    Channel.PAPER: "paper",
    Channel.IMPORT: "demo-site-lists",
}
CONSENT_WORDING = {
    "ru": "Я подаю заявление добровольно. Меня никто не принуждает и не платит мне за это, "
    "и я знаю, что могу отозвать заявление в любое время.",
    "uk": "Я подаю заяву добровільно. Мене ніхто не примушує і не платить мені за це, "
    "і я знаю, що можу відкликати заяву будь-коли.",
    "en": "I apply of my own free will. Nobody forces or pays me to apply, and I know I may "
    "withdraw this application at any time.",
}


@dataclass(frozen=True)
class DemoSummary:
    created: int
    sample_receipt_code: str


def _receipt_code(rng: random.Random) -> str:
    chars = [rng.choice(receipts.ALPHABET) for _ in range(20)]
    return "-".join("".join(chars[i : i + 5]) for i in range(0, 20, 5))


def _application(
    person: SyntheticApplicant, rng: random.Random, as_of: date
) -> tuple[Application, str | None]:
    days_ago = int(rng.triangular(0, 180, 10))
    submitted = timezone.make_aware(
        datetime.combine(
            as_of - timedelta(days=days_ago), time(8 + rng.randrange(11), rng.randrange(60))
        )
    )
    channel = Channel(person.channel)
    code = _receipt_code(rng) if channel != Channel.IMPORT else None
    application = Application(
        channel=channel,
        source=DEMO_SOURCES[channel],
        external_id=person.external_id,
        source_line=None,
        name_cyrillic=person.name_cyrillic,
        name_latin=person.name_latin,
        birth_date=person.birth_date,
        place_of_birth=person.place_of_birth,
        citizenship=person.citizenship,
        applicant_status=person.status,
        detention_site=person.detention_site,
        rank=person.rank,
        unit=person.unit,
        service_number=person.service_number,
        specialty=person.specialty,
        contact=person.contact,
        statement=person.statement,
        language=person.language,
        consent_text=CONSENT_WORDING[person.language],
        consent_language=person.language,
        consent_at=submitted,
        submitted_at=submitted,
        receipt_digest=receipts.digest(code) if code else None,
    )
    return application, code


def create_demo_applications(seed: int, count: int, as_of: date | None = None) -> DemoSummary:
    """Create `count` applications from the seeded generator; same seed, same data.

    Returns the receipt code of the first portal application so a person can try the portal's
    status page.
    """
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)
    people = generate_applicants(seed, count)
    sample = ""
    actor = Actor(origin=f"demo generator seed={seed}")
    with transaction.atomic():
        for start in range(0, len(people), 1000):
            chunk: list[Application] = []
            for person in people[start : start + 1000]:
                app, code = _application(person, rng, as_of)
                if app.channel == Channel.IMPORT:
                    app.source_line = start + len(chunk) + 2
                if code and not sample and app.channel == Channel.PORTAL:
                    sample = code
                chunk.append(app)
            created = Application.objects.bulk_create(chunk)
            # Received like any other; the demo's worker screens them all when it starts.
            receive(
                created,
                actor=actor,
                details=lambda a: {"channel": a.channel, "demo_seed": seed},
                queue=False,
            )
    return DemoSummary(created=len(people), sample_receipt_code=sample)
