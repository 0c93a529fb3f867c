"""Every audit event the project writes, declared once, with the words people read in timelines.

`record` refuses a name that is not declared here, and the system check `audit.E001` finds a name
written in the code that is not, so an event cannot be misspelt into a new, unreadable kind."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "application.created": _("Application received"),
    "application.viewed": _("Application opened"),
    "application.scan_viewed": _("Scan opened"),
    "application.withdrawn": _("Withdrawn by the applicant"),
    "application.screened": _("Screened against the watchlists"),
    "application.identity_linked": _("Linked to the same person"),
    "screening.hits_viewed": _("Screening results opened"),
    "application.mentions_read": _("People named in the texts read"),
    "case.mentions_viewed": _("People named in the texts opened"),
    "api.token_proposed": _("API token proposed"),
    "api.token_issued": _("API token issued (second administrator)"),
    "api.token_refused": _("API token refused"),
    "api.token_revoked": _("API token revoked"),
    "api.tokens_reviewed": _("API tokens listed"),
    "api.matched": _("Screened through the API"),
    "api.catalog_read": _("API datasets listed"),
    "api.refused": _("API call refused"),
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
    "case.held_as_same_person": _("Put on hold: same person as an earlier case"),
    "case.merged": _("Merged into the same person's earlier case"),
    "case.merged_in": _("Took in the same person's later case"),
    "case.merge_viewed": _("Opened to merge with the same person's cases"),
    "case.acceptance_approved": _("Acceptance approved (second commander)"),
    "case.acceptance_refused": _("Acceptance refused (second commander)"),
    "case.match_hold_placed": _("On hold: a watchlist match was confirmed"),
    "case.match_hold_lifted": _("Hold of a confirmed match lifted"),
    "volunteer.screening_hit": _("Watchlist hit found after acceptance"),
    "volunteer.match_flagged": _("Flagged: a watchlist match was confirmed"),
    "volunteer.match_flag_lifted": _("Flag of a confirmed watchlist match lifted"),
    "volunteer.enlisted": _("Enlisted with a call sign"),
    "volunteer.viewed": _("Personnel record opened"),
    "volunteer.list_viewed": _("Personnel list opened"),
    "volunteer.assigned": _("Assigned to a subdivision"),
    "volunteer.status": _("Deployment status recorded"),
    "volunteer.status_approved": _("Death approved (second officer)"),
    "volunteer.consent": _("Consent to public mention recorded"),
    "volunteer.mention_proposed": _("Public mention proposed"),
    "volunteer.mention_approved": _("Public mention approved (second officer)"),
    "subdivision.created": _("Subdivision created"),
    "subdivision.commanders_set": _("Commanders of a subdivision set"),
    "subdivision.roster_viewed": _("Roster opened"),
    "subdivision.briefing": _("Operational briefing recorded"),
    "training.course_created": _("Course created"),
    "training.cohort_created": _("Cohort created"),
    "training.enrolled": _("Volunteer enrolled"),
    "training.session_added": _("Training session added"),
    "training.attendance": _("Attendance recorded"),
    "training.result": _("Training result recorded"),
    "selection.visit_planned": _("Field visit planned"),
    "selection.slot_booked": _("Interview booked on a field visit"),
    "selection.packet_exported": _("Field packet exported"),
    "selection.results_imported": _("Field results imported"),
    "place.created": _("Place added to the list"),
    "place.alias_added": _("Spelling added to a place"),
    "place.spelling_mapped": _("Written site mapped to a place"),
    "place.list_viewed": _("List of places opened"),
    "capacity.exported": _("Capacity figures downloaded"),
    "import.finished": _("List imported"),
    "watchlist.version_imported": _("Watchlist version imported"),
    "staff.login": _("Signed in"),
    "staff.login_failed": _("Failed sign-in"),
    "staff.logout": _("Signed out"),
    "staff.enrolled_authenticator": _("Authenticator enrolled"),
    "staff.refused": _("Access refused"),
    "staff.exported": _("Exported as a file"),
    "guard.throttled": _("Requests refused: too many attempts"),
    "guard.alert": _("Alert: failed attempts of all clients together reached their limit"),
    "application.list_viewed": _("Application list opened"),
    "search.saved": _("Search kept for its list"),
    "screening.repeats_viewed": _("Likely repeat applications opened"),
    "volunteer.call_sign_changed": _("Call sign changed"),
    "units.call_sign_word_added": _("Call-sign word added"),
    "units.call_sign_word_retired": _("Call-sign word retired"),
    "case.queue_viewed": _("Case queue opened"),
    "screening.hit_queue_viewed": _("Screening hit queue opened"),
    "selection.plan_viewed": _("Visit plan opened"),
    "training.cohort_viewed": _("Cohort opened"),
    "accounts.access_reviewed": _("Staff accounts reviewed"),
    "accounts.change_proposed": _("Change to a staff account proposed"),
    "accounts.change_approved": _("Change to a staff account approved (second administrator)"),
    "accounts.change_refused": _("Change to a staff account refused"),
    "accounts.change_withdrawn": _("Proposed change to a staff account withdrawn"),
    "accounts.setup_completed": _("Staff account set up with its one-time code"),
    "accounts.created_by_command": _("Staff account created on the server's command line"),
    "accounts.role_granted_by_command": _("Role granted on the server's command line"),
    "accounts.setup_code_issued_by_command": _("Set-up code issued on the server's command line"),
    "audit.viewed": _("Audit log opened"),
    "accounts.superuser_created": _("Superuser created on the server's command line"),
    "audit.checkpoint_taken": _("Audit checkpoint signed and stored"),
    "backup.created": _("Encrypted backup written"),
    "keys.master_rotated": _("Master key rotation started"),
    "keys.master_rotation_finished": _("Master key rotation finished"),
    "keys.master_retired": _("Old master key retired"),
    "tasks.requeued": _("Abandoned screening tasks queued again"),
}


class UndeclaredEvent(ValueError):
    """An audit entry named with an event that `ACTION_LABELS` does not declare."""


# Actions that only read: timelines fold them into one line, so the changes stand out.
READS = frozenset(
    {
        "application.viewed",
        "application.scan_viewed",
        "application.list_viewed",
        "screening.hits_viewed",
        "screening.hit_queue_viewed",
        "case.viewed",
        "case.checks_viewed",
        "case.evidence_viewed",
        "case.queue_viewed",
        "volunteer.viewed",
        "volunteer.list_viewed",
        "subdivision.roster_viewed",
        "selection.plan_viewed",
        "training.cohort_viewed",
        "accounts.access_reviewed",
        "audit.viewed",
        "place.list_viewed",
        "screening.repeats_viewed",
        "api.tokens_reviewed",
        "case.merge_viewed",
        "case.mentions_viewed",
    }
)


def action_label(action: str) -> str:
    """The readable label of an action code, or the code itself when it has none."""
    return str(ACTION_LABELS.get(action, action))


# The system's own steps, named in the reader's language on timelines (by the start of the
# origin an entry records); any other origin, a command line or an address, is shown as it is.
ORIGIN_LABELS = (
    ("screening worker", _("automatically")),
    ("cli screening sweep", _("automatically")),
    ("portal", _("Applicant portal")),
    ("demo generator", _("demo data")),
    ("demo places", _("demo data")),
)


def origin_label(origin: str) -> str:
    """Where an entry without a staff member came from, in words the reader reads."""
    for start, label in ORIGIN_LABELS:
        if origin == start or origin.startswith(f"{start} "):
            return str(label)
    return origin
