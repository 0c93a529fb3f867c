"""Who may do what, declared once: the vetting workflow (`workflow`) and, for every action of
every app, the roles, ways in, stages and object check that allow it (`rules`). Actions call
`authorize`; views and templates ask `allowed`; lists start from `restrict`."""

from vetting.policy.authority import NotAllowed, allowed, authorize, restrict

__all__ = ["NotAllowed", "allowed", "authorize", "restrict"]
