"""What a token looks like and how it is recognised without being stored."""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

PREFIX = "vtk_"
# 32 random bytes: a token cannot be guessed, so a keyed digest of it is a safe look-up key.
SECRET_BYTES = 32


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(SECRET_BYTES)


def digest(token: str) -> str:
    """The keyed digest stored instead of the token (HMAC-SHA256 under the secret key)."""
    return salted_hmac("vetting.api.token", token.strip(), algorithm="sha256").hexdigest()


def shown_prefix(token: str) -> str:
    """The start of a token, kept to tell tokens apart on the staff page and in the audit."""
    return token[: len(PREFIX) + 6]


def same(a: str, b: str) -> bool:
    return constant_time_compare(a, b)
