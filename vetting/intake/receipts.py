"""Receipt codes: the applicant's only key to their application.

100 bits from `secrets`, in an alphabet without look-alike characters, grouped for reading
aloud. Only a SHA-256 digest is stored: at 100 bits a digest cannot be reversed by guessing,
and a stolen database yields no usable code.
"""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
GROUPS, GROUP_SIZE = 4, 5  # 20 characters of 31 symbols: log2(31) * 20 ≈ 99 bits


def new_receipt_code() -> str:
    """A fresh, unguessable receipt code such as 7K2QF-M9XRT-4HB3W-PZ8NC."""
    chars = [secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE)]
    return "-".join(
        "".join(chars[i : i + GROUP_SIZE]) for i in range(0, GROUPS * GROUP_SIZE, GROUP_SIZE)
    )


def canonical(code: str) -> str:
    """The code as typed, forgiving case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def digest(code: str) -> str:
    """What is stored and looked up instead of the code itself."""
    return hashlib.sha256(canonical(code).encode()).hexdigest()


def looks_like_code(code: str) -> bool:
    """Whether a typed code could be one of ours at all (saves a lookup on obvious typos)."""
    c = canonical(code)
    return len(c) == GROUPS * GROUP_SIZE and all(ch in ALPHABET for ch in c)
