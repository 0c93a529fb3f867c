"""A vetting case per application, and everything recorded on it. Nothing here is deleted or
edited in place: a correction is a new row that supersedes the old one."""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.intake.models import Application
from vetting.keys.fields import EncryptedCharField, EncryptedTextField
from vetting.policy.workflow import Service, Stage

USER = settings.AUTH_USER_MODEL


def evidence_storage() -> Storage:
    return storages["evidence"]


class Case(models.Model):
    """One application on its way through vetting."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="case")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.RECEIVED)
    stage_since = models.DateTimeField()
    opened_at = models.DateTimeField()
    stage_before_hold = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    hold_until = models.DateField(null=True, blank=True)
    # The same person's earlier case this one was closed into (stage "merged").
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_cases"
    )
    # Optimistic locking: every change states the version it saw; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            # A queue of one stage, oldest first, and its capped count.
            models.Index(fields=["stage", "stage_since", "id"]),
            # A queue of several stages (the intake clerk's: received and triage), oldest
            # first: walked in order, filtered by stage, stopped at the page's last row.
            models.Index(fields=["stage_since", "id"]),
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:07d}" if self.pk else "C-new"


class StageChange(models.Model):
    """Who moved a case from where to where, when and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    transition = models.CharField(max_length=32)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    # When the case entered `from_stage`: the stay's length is `at - entered_at`, read without
    # looking for the change before (capacity figures over a million cases).
    entered_at = models.DateTimeField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # Stays and throughput of the last weeks, read from the index alone on PostgreSQL.
            models.Index(
                fields=["at"],
                include=["from_stage", "to_stage", "entered_at", "actor"],
                name="stagechange_at_covering",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class Assessment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    MIXED = "mixed", _("Mixed")
    NEGATIVE = "negative", _("Negative")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class Interview(models.Model):
    """A scheduled interview and, once held, the interviewer's structured findings."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interviews")
    scheduled_for = models.DateTimeField(_("date and time"))
    place = EncryptedCharField(_("place"), max_length=200)  # where: it can name a prison
    interviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    motivation = models.CharField(
        _("motivation"), max_length=16, choices=Assessment.choices, blank=True
    )
    consistency = models.CharField(
        _("consistency of the account"), max_length=16, choices=Assessment.choices, blank=True
    )
    fitness = models.CharField(
        _("fitness for service"), max_length=16, choices=Assessment.choices, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    # Who recorded the findings (always the interviewer), and the field visit whose packet
    # brought them when they were recorded offline.
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_from_visit = models.CharField(max_length=16, blank=True, db_default="")
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["scheduled_for", "pk"]

    def __str__(self) -> str:
        return f"Interview {self.pk}"


class CheckResult(models.TextChoices):
    CLEAR = "clear", _("Clear")
    CONCERN = "concern", _("Concern")
    REFUSE = "refuse", _("Refuse")


class BackgroundCheck(models.Model):
    """One service's check of a case; the two services work independently and in parallel."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="checks")
    service = models.CharField(max_length=24, choices=Service.choices)
    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    findings = EncryptedTextField(_("findings"))
    result = models.CharField(_("result"), max_length=12, choices=CheckResult.choices)
    recorded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_service_display()} check {self.pk}"


class Evidence(models.Model):
    """A file attached to a background check."""

    check_record = models.ForeignKey(
        BackgroundCheck, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(upload_to="%Y/%m/", storage=evidence_storage)
    file_name = EncryptedCharField(max_length=255, blank=True, default="", db_default="")
    description = EncryptedCharField(max_length=300)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Evidence {self.pk}"


class ClaimKind(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    RANK = "rank", _("Rank")
    UNIT = "unit", _("Unit")
    SERVICE_NUMBER = "service_number", _("Service number")
    CAPTURE = "capture", _("Where and when captured")
    OTHER = "other", _("Other")


class Claim(models.Model):
    """Something the applicant states about themselves, to be corroborated or not."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(max_length=16, choices=ClaimKind.choices)
    statement = EncryptedCharField(max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Claim {self.pk} ({self.kind})"


class ClaimStatus(models.TextChoices):
    CORROBORATED = "corroborated", _("Corroborated")
    CONTRADICTED = "contradicted", _("Contradicted")
    UNVERIFIED = "unverified", _("Unverified")


class ClaimAssessment(models.Model):
    """A service's verdict on one claim; the latest per service stands."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="assessments")
    service = models.CharField(max_length=24, choices=Service.choices)
    status = models.CharField(max_length=16, choices=ClaimStatus.choices)
    evidence_note = EncryptedCharField(max_length=500, blank=True)
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"


class PolygraphResult(models.TextChoices):
    NO_DECEPTION = "no_deception", _("No deception indicated")
    DECEPTION = "deception", _("Deception indicated")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")


class PolygraphSession(models.Model):
    """One of the two polygraph sessions, each by a different examiner."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="polygraph_sessions")
    number = models.PositiveSmallIntegerField()
    examiner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=16, choices=PolygraphResult.choices, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"],
                condition=models.Q(superseded_by__isnull=True),
                name="one_current_session_per_number",
            ),
            models.CheckConstraint(condition=models.Q(number__in=[1, 2]), name="session_1_or_2"),
        ]
        # An examiner's cases (the restriction of every examiner page), read from the index.
        indexes = [models.Index(fields=["examiner", "case"])]

    def __str__(self) -> str:
        return f"Polygraph session {self.number} of case {self.case_id}"


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")


class RejectionReason(models.TextChoices):
    SECURITY = "security", _("Security risk")
    DECEPTION = "deception", _("Deception")
    UNFIT = "unfit", _("Not fit for service")
    MOTIVATION = "motivation", _("Motivation not credible")
    IDENTITY = "identity", _("Identity not established")
    OTHER = "other", _("Other")


class Decision(models.Model):
    """A commander's decision. An acceptance takes effect only when a second commander approves."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    reason_code = models.CharField(max_length=16, choices=RejectionReason.choices, blank=True)
    note = EncryptedTextField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # A second commander may refuse an acceptance instead: the case goes back to a commander.
    refused_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("decided_by")),
                name="four_eyes_two_people",
            ),
            models.CheckConstraint(
                condition=~models.Q(refused_by=models.F("decided_by")),
                name="refused_by_another_commander",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | models.Q(refused_by__isnull=True),
                name="approved_or_refused_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk} ({self.outcome})"
