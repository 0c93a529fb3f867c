"""Findings recorded blind, declared once: each party records its own finding before it may
read the others', so no one's judgement leans on another's. Those who weigh the findings (the
commander) and the auditor read them all at any time. The case page, the claims and the
commander's summary read this table through `sees_others`."""

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from vetting.policy.roles import Role, roles_of


@dataclass(frozen=True)
class BlindFinding:
    """A finding several parties record independently."""

    parties: frozenset[Role]  # who records one, each their own
    readers: frozenset[Role]  # who reads every party's at any time


BLIND: dict[str, BlindFinding] = {
    # The two polygraph sessions, each by a different examiner.
    "polygraph": BlindFinding(
        parties=frozenset({Role.POLYGRAPH_EXAMINER}),
        readers=frozenset({Role.COMMANDER, Role.AUDITOR}),
    ),
    # The two services' background checks and their marks on the applicant's claims.
    "background_checks": BlindFinding(
        parties=frozenset({Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER}),
        readers=frozenset({Role.COMMANDER, Role.AUDITOR}),
    ),
}


def sees_others(user: Any, finding: str, own_recorded: bool) -> bool:
    """Whether `user` may read the other parties' `finding`: a reader always, a party once
    their own is recorded."""
    rule = BLIND[finding]
    roles: Set[Role] = roles_of(user)
    return bool(roles & rule.readers) or (bool(roles & rule.parties) and own_recorded)


def is_party(user: Any, finding: str) -> bool:
    """Whether `user` records `finding` (and so reads the others' only after their own)."""
    return bool(roles_of(user) & BLIND[finding].parties)
