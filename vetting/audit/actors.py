"""Who does something: a staff user, the applicant through the portal, or the server itself.
Every action takes an Actor; the policy decides by it and the audit records it."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Via(StrEnum):
    """The way an actor came in: what the policy allows depends on it."""

    STAFF = "staff"  # a signed-in officer (any actor with a user)
    # Someone on the public web without an account: an applicant by receipt code, a new
    # officer by the set-up code handed over in person.
    PUBLIC = "public"
    SYSTEM = "system"  # the server's own commands, workers and generators


@dataclass(frozen=True)
class Actor:
    """Who did something and from where: a staff user, or a named channel (portal, CLI).

    An actor without a user is the server itself (commands, workers) unless it came from the
    public web (the applicant portal, an officer's set-up page)."""

    user: Any = None
    origin: str = ""
    public: bool = False

    @property
    def via(self) -> Via:
        if self.user_id is not None:
            return Via.STAFF
        return Via.PUBLIC if self.public else Via.SYSTEM

    @property
    def name(self) -> str:
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return str(self.user.get_username())
        return ""

    @property
    def user_id(self) -> int | None:
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return int(self.user.pk)
        return None


# Applicants' addresses are never recorded: a stolen log must not locate them.
PORTAL_ACTOR = Actor(user=None, origin="portal", public=True)
