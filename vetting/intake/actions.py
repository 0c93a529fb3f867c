"""Every change to an application: submit, record, import, withdraw. Each writes its audit
entries in the same transaction."""

import hashlib
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.audit.actions import Actor, Entry, record, record_many
from vetting.bulk import insert_many
from vetting.intake import receipts
from vetting.intake.forms import APPLICANT_FIELDS, RowValidator
from vetting.intake.importing import RowError, check_size, read_rows
from vetting.intake.models import Application, Channel, ImportBatch, SavedSearch
from vetting.policy.authority import authorize

PORTAL_SOURCE = "portal"
PAPER_SOURCE = "paper"

# What receiving applications sets going in the apps that follow intake, each registered in
# its AppConfig.ready (places gives each application its site, screening queues its screening,
# cases opens its case), so intake imports none of them. A hook returns, for any application,
# what its "application.created" entry should also say (its case).
ArrivalHook = Callable[[Sequence[Application], Actor], Mapping[int, Mapping[str, Any]] | None]
# What an applicant's withdrawal does to the rest of the record (cases: the case leaves the
# workflow, or the withdrawal is refused once the case is decided).
WithdrawalHook = Callable[[Application, Actor], object]


@dataclass(frozen=True)
class _Arrival:
    run: ArrivalHook
    queued: bool  # it only queues work for after the commit, which the sweep would find


ARRIVAL_HOOKS: list[_Arrival] = []
WITHDRAWAL_HOOKS: list[WithdrawalHook] = []


def on_arrival(hook: ArrivalHook, *, queued: bool = False) -> ArrivalHook:
    """Run `hook(applications, actor)` in the transaction that receives new applications (once
    each); `queued` says it only queues background work, which a bulk load may leave to the
    sweep."""
    if all(h.run is not hook for h in ARRIVAL_HOOKS):
        ARRIVAL_HOOKS.append(_Arrival(hook, queued))
    return hook


def on_withdrawal(hook: WithdrawalHook) -> WithdrawalHook:
    """Run `hook(application, actor)` in the transaction of an applicant's withdrawal, before
    the application is marked withdrawn; it refuses by raising (once each)."""
    if hook not in WITHDRAWAL_HOOKS:
        WITHDRAWAL_HOOKS.append(hook)
    return hook


def receive(
    applications: Sequence[Application],
    *,
    actor: Actor,
    details: Callable[[Application], dict[str, Any]],
    queue: bool = True,
) -> None:
    """Set stored new applications going, whichever way they came (portal, paper, file, demo):
    the arrival hooks, then each one's "application.created" entry with its `details` and what
    the hooks added. `queue=False` leaves queued work (screening) to the worker's sweep."""
    added: dict[int, dict[str, Any]] = {a.pk: {} for a in applications}
    with transaction.atomic():
        for hook in ARRIVAL_HOOKS:
            if queue or not hook.queued:
                for pk, more in (hook.run(applications, actor) or {}).items():
                    added[pk].update(more)
        record_many(
            actor,
            [
                Entry(
                    "application.created",
                    "intake.application",
                    str(a.pk),
                    {**details(a), **added[a.pk]},
                )
                for a in applications
            ],
        )


@dataclass(frozen=True)
class Submission:
    """What the applicant gets back: the receipt code is shown once and never stored."""

    application: Application
    receipt_code: str | None
    created: bool


def submit_application(
    fields: dict[str, Any],
    *,
    language: str,
    consent_text: str,
    submission_token: str,
    actor: Actor,
) -> Submission:
    """Store a portal application; a re-sent form (same token) returns the stored one."""
    authorize(actor, "intake.submit_application")
    existing = Application.objects.filter(
        source=PORTAL_SOURCE, external_id=submission_token
    ).first()
    if existing is not None:
        return Submission(existing, None, created=False)
    code = receipts.new_receipt_code()
    now = timezone.now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                **fields,
                channel=Channel.PORTAL,
                source=PORTAL_SOURCE,
                external_id=submission_token,
                language=language,
                consent_text=consent_text,
                consent_language=language,
                consent_at=now,
                submitted_at=now,
                receipt_digest=receipts.digest(code),
            )
            receive([application], actor=actor, details=lambda a: {"channel": Channel.PORTAL})
    except IntegrityError:
        # The same form arrived twice at once; the other request stored it.
        existing = Application.objects.get(source=PORTAL_SOURCE, external_id=submission_token)
        return Submission(existing, None, created=False)
    return Submission(application, code, created=True)


def record_paper_application(
    fields: dict[str, Any],
    *,
    scan: UploadedFile,
    language: str,
    consent_text: str,
    consent_date: date,
    paper_reference: str,
    actor: Actor,
) -> Submission:
    """Store a written application typed in by a clerk, with the scan of its page.

    The applicant gets a receipt code too (handed over on paper), so they can withdraw.
    """
    authorize(actor, "intake.record_paper_application")
    external_id = paper_reference or receipts.new_receipt_code()
    if paper_reference:
        existing = Application.objects.filter(source=PAPER_SOURCE, external_id=external_id).first()
        if existing is not None:
            return Submission(existing, None, created=False)
    code = receipts.new_receipt_code()
    written_at = timezone.make_aware(datetime.combine(consent_date, time(12, 0)))
    with transaction.atomic():
        application = Application(
            **fields,
            channel=Channel.PAPER,
            source=PAPER_SOURCE,
            external_id=external_id,
            language=language,
            consent_text=consent_text,
            consent_language=language,
            consent_at=written_at,
            submitted_at=written_at,
            receipt_digest=receipts.digest(code),
            entered_by=actor.user,
        )
        application.scan_name = (scan.name or "")[:255]
        application.scan.save(scan.name or "scan", scan, save=False)
        application.save()
        receive([application], actor=actor, details=lambda a: {"channel": Channel.PAPER})
    return Submission(application, code, created=True)


def withdraw_application(application: Application, *, actor: Actor) -> Application:
    """Withdraw at the applicant's request, from any stage before a decision; the record is
    kept, marked withdrawn. Refused (NotAllowed) once the case is decided."""
    authorize(actor, "intake.withdraw_application")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        for hook in WITHDRAWAL_HOOKS:
            hook(locked, actor)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.version += 1
            locked.save(update_fields=["withdrawn_at", "version", "updated_at"])
            record(actor, "application.withdrawn", locked)
    return locked


@dataclass
class ImportReport:
    """What one import did: counts, and every refused row with its line and field."""

    batch_id: int | None = None
    total: int = 0
    created: int = 0
    already_present: int = 0
    refused: int = 0
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.total} rows: {self.created} created, {self.already_present} already present, "
            f"{self.refused} refused"
        )


MAX_STORED_ERRORS = 10_000


def import_applications(
    raw: BinaryIO,
    *,
    file_name: str,
    source: str,
    actor: Actor,
    chunk_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a list of applications, idempotently by (source, row id).

    Rows are validated one by one; valid rows are stored in chunks, each chunk with its audit
    entries in one transaction. A crash leaves whole chunks and no partial row; rerunning the
    same file skips what is there and stores the rest.
    """
    authorize(actor, "intake.import_applications")
    check_size(raw, settings.IMPORT_MAX_BYTES)
    hasher = hashlib.sha256()
    rows = read_rows(_Hashing(raw, hasher), file_name)  # type: ignore[arg-type]
    first = next(rows, None)  # a file-level problem (header) raises here, before any write
    report = ImportReport()
    batch = ImportBatch.objects.create(
        source=source, file_name=file_name[:255], file_sha256="", imported_by=actor.user
    )
    report.batch_id = batch.pk
    validator = RowValidator()
    seen: dict[str, int] = {}
    pending: list[Application] = []

    def refuse(error: RowError) -> None:
        report.refused += 1
        report.errors.append(error)

    for item in itertools.chain([first] if first is not None else [], rows):
        report.total += 1
        if progress is not None:
            progress(1)
        if isinstance(item, RowError):
            refuse(item)
            continue
        line, data = item
        cleaned, errors = validator.validate(data)
        if cleaned is None:
            for name, messages in errors.items():
                refuse(RowError(line, name if name != "__all__" else "", " ".join(messages)))
            continue
        external_id = cleaned["external_id"]
        if external_id in seen:
            refuse(
                RowError(
                    line,
                    "external_id",
                    _("repeats the id of line %(line)s") % {"line": seen[external_id]},
                )
            )
            continue
        seen[external_id] = line
        pending.append(_imported(cleaned, source=source, line=line, batch=batch))
        if len(pending) >= chunk_size:
            _store_chunk(pending, source, batch, actor, report)
            pending = []
    _store_chunk(pending, source, batch, actor, report)

    batch.file_sha256 = hasher.hexdigest()
    batch.finished_at = timezone.now()
    batch.rows_total = report.total
    batch.rows_created = report.created
    batch.rows_already_present = report.already_present
    batch.rows_refused = report.refused
    batch.errors = [[e.line, e.field, e.message] for e in report.errors[:MAX_STORED_ERRORS]]
    with transaction.atomic():
        batch.save()
        record(actor, "import.finished", batch, **_counts(report))
    return report


def _counts(report: ImportReport) -> dict[str, int]:
    return {
        "total": report.total,
        "created": report.created,
        "already_present": report.already_present,
        "refused": report.refused,
    }


def _imported(
    cleaned: dict[str, Any], *, source: str, line: int, batch: ImportBatch
) -> Application:
    submitted = cleaned.get("submitted_at") or timezone.now()
    fields = {name: cleaned[name] for name in APPLICANT_FIELDS}
    return Application(
        **fields,
        channel=Channel.IMPORT,
        source=source,
        external_id=cleaned["external_id"],
        source_line=line,
        import_batch=batch,
        language=cleaned["language"],
        consent_text=cleaned["consent_text"],
        consent_language=cleaned["language"],
        consent_at=submitted,
        submitted_at=submitted,
    )


def _store_chunk(
    pending: list[Application],
    source: str,
    batch: ImportBatch,
    actor: Actor,
    report: ImportReport,
) -> None:
    if not pending:
        return
    with transaction.atomic():
        present = set(
            Application.objects.filter(
                source=source, external_id__in=[a.external_id for a in pending]
            ).values_list("external_id", flat=True)
        )
        new = [a for a in pending if a.external_id not in present]
        insert_many(new)
        ids = dict(
            Application.objects.filter(
                source=source, external_id__in=[a.external_id for a in new]
            ).values_list("external_id", "pk")
        )
        for application in new:
            application.pk = ids[application.external_id]
        receive(
            new,
            actor=actor,
            details=lambda a: {"channel": Channel.IMPORT, "batch": batch.pk, "line": a.source_line},
        )
        report.created += len(new)
        report.already_present += len(present)
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows_created=report.created, rows_already_present=report.already_present
        )


# A saved search outlives a working day, not a bookmark of next month.
SAVED_SEARCH_LIFETIME = timedelta(days=7)


def save_search(terms: str, *, actor: Actor) -> SavedSearch:
    """Keep a list's search terms, sealed, under an opaque key the list's URL carries instead
    of the terms: names stay out of URLs, browser history and access logs."""
    authorize(actor, "intake.save_search")
    now = timezone.now()
    with transaction.atomic():
        # The searcher's expired searches go as a new one comes.
        SavedSearch.objects.filter(owner_id=actor.user_id, expires_at__lte=now).delete()
        search = SavedSearch.objects.create(
            owner=actor.user,
            terms=terms.strip()[:200],
            created_at=now,
            expires_at=now + SAVED_SEARCH_LIFETIME,
        )
        # The entry names the search, never its terms.
        record(actor, "search.saved", search)
    return search


class _Hashing:
    """A binary reader that hashes what passes through it (the file's digest, in one read)."""

    def __init__(self, raw: BinaryIO, hasher: Any) -> None:
        self._raw, self._hasher = raw, hasher

    def peek(self, n: int) -> bytes:
        peek = getattr(self._raw, "peek", None)
        return peek(n) if peek is not None else b""

    def __iter__(self) -> Iterator[bytes]:
        for line in self._raw:
            self._hasher.update(line)
            yield line
