"""Reading the people named inside an application's texts, in the worker: the texts, the
extraction and the links to watchlist entries and to other applications' texts."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from vetting.intake.models import Application
from vetting.keys import seal
from vetting.matching import DEFAULT_THRESHOLD, Person, Record, normalize, score
from vetting.matching.mentions import extract_mentions
from vetting.matching.person import parse_name
from vetting.screening import engine
from vetting.screening.models import Mention, MentionMatch, TextKind


@dataclass(frozen=True)
class Text:
    """One text of an application that can name people."""

    kind: TextKind
    source_id: int
    service: str
    body: str
    language: str


def texts_of(application: Application) -> list[Text]:
    """The statement, the current interview notes and the current checks' findings."""
    language = application.language if application.language in ("ru", "uk") else ""
    texts = [Text(TextKind.STATEMENT, application.pk, "", application.statement, language)]
    case = getattr(application, "case", None)
    if case is not None:
        current = Q(superseded_by__isnull=True, recorded_at__isnull=False)
        for interview in case.interviews.filter(current).order_by("pk"):
            texts.append(Text(TextKind.INTERVIEW, interview.pk, "", interview.notes, language))
        for check in case.checks.filter(current).order_by("pk"):
            texts.append(Text(TextKind.CHECK, check.pk, check.service, check.findings, language))
    return [t for t in texts if t.body.strip()]


def extract(text: Text) -> list[Mention]:
    """The mentions in one text, unsaved (the reading and the application set by the caller)."""
    return [
        Mention(
            written=m.written[:300],
            name=m.name[:300],
            others=list(m.others),
            how_read=m.reading,
            sentence=m.sentence,
            start=m.start,
            end=m.end,
        )
        for m in extract_mentions(text.body, text.language)
    ]


def _person(mention: Mention) -> Person:
    return normalize(Record(id=str(mention.pk), name=mention.name, aliases=tuple(mention.others)))


def _surname_digests(name: str) -> list[str]:
    stems = {stem for form in parse_name(name) for stem in form.stems if len(stem) > 2}
    return [f" {seal.blind_index(stem, 'name')} " for stem in sorted(stems)]


def links(mentions: Iterable[Mention]) -> list[MentionMatch]:
    """Watchlist entries and other applications' mentions that fit each mention, unsaved.

    The watchlist through the worker's index; other texts through the blind index of the
    surname, then scored on the opened names. A bare surname never reaches the threshold.
    """
    index = engine.watchlist_index().index
    found: list[MentionMatch] = []
    for mention in mentions:
        person = _person(mention)
        for hit in index.query(person, limit=5):
            found.append(
                MentionMatch(
                    mention=mention,
                    entry_id=int(hit.person.id),
                    score=round(hit.match.score, 4),
                    explanation=hit.match.explanation,
                )
            )
        digests = _surname_digests(mention.name)
        if not digests:
            continue
        shares = Q()
        for digest in digests:
            shares |= Q(name_index__contains=digest)
        others = Mention.objects.filter(shares).exclude(application_id=mention.application_id)
        for other in others[:500]:
            match = score(person, _person(other))
            if match.score >= DEFAULT_THRESHOLD:
                found.append(
                    MentionMatch(
                        mention=mention,
                        other=other,
                        score=round(match.score, 4),
                        explanation=match.explanation,
                    )
                )
    return found
