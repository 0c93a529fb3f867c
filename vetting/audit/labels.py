"""Words for audit actions, for timelines that people read."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "application.created": _("Application received"),
    "application.viewed": _("Application opened"),
    "application.scan_viewed": _("Scan opened"),
    "application.withdrawn": _("Withdrawn by the applicant"),
    "application.screened": _("Screened against the watchlists"),
    "application.identity_linked": _("Linked to the same person"),
    "screening.hits_viewed": _("Screening results opened"),
    "screening.hit_confirmed": _("Watchlist hit confirmed"),
    "screening.hit_dismissed": _("Watchlist hit dismissed"),
    "screening.duplicate_linked": _("Earlier application linked"),
    "screening.duplicate_dismissed": _("Earlier application ruled out"),
    "case.viewed": _("Case opened for reading"),
    "case.moved": _("Moved"),
    "case.interview_scheduled": _("Interview scheduled"),
    "case.interview_recorded": _("Interview recorded"),
    "case.check_recorded": _("Background check recorded"),
    "case.checks_viewed": _("Background checks read"),
    "case.evidence_viewed": _("Evidence opened"),
    "case.claim_assessed": _("Claim assessed"),
    "case.polygraph_assigned": _("Polygraph session assigned"),
    "case.polygraph_recorded": _("Polygraph session recorded"),
    "case.decided": _("Decision recorded"),
    "case.acceptance_approved": _("Acceptance approved (second commander)"),
    "import.finished": _("List imported"),
    "watchlist.version_imported": _("Watchlist version imported"),
    "staff.login": _("Signed in"),
    "staff.login_failed": _("Failed sign-in"),
    "staff.logout": _("Signed out"),
    "staff.enrolled_authenticator": _("Authenticator enrolled"),
    "guard.throttled": _("Requests refused: too many attempts"),
}


def action_label(action: str) -> str:
    """The readable label of an action code, or the code itself when it has none."""
    return str(ACTION_LABELS.get(action, action))
