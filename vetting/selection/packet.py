"""Field packets: a visit's candidate list and interview form, taken to a site without a
connection, and the results brought back. Both travel as Fernet tokens (AES-CBC with an
HMAC-SHA256, from the `cryptography` library): unreadable without the key, and any change to
a byte is refused. The key is shown once to the exporting officer, who carries it separately;
the server keeps only its fingerprint.

This module has no database: the server (selection.actions) and the field laptop
(`vetting packet open|seal`) both use it. Every malformed input is a PacketError with a
sentence saying what is wrong, never another exception.
"""

import hashlib
import json
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.utils.translation import gettext as _

PACKET_FORMAT = "vetting-field-packet/1"
RESULTS_FORMAT = "vetting-field-results/1"
ASSESSMENTS = ("positive", "mixed", "negative", "not_assessed")
ASSESSED = ("motivation", "consistency", "fitness")
NOTES_MAX = 5000
MAX_BYTES = 20 * 1024 * 1024
ID = re.compile(r"^[0-9a-f]{32}$")


class PacketError(ValueError):
    """A packet or results file that cannot be used; the message says why."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def fingerprint(key: str) -> str:
    return hashlib.sha256(b"vetting-packet-key\n" + key.strip().encode()).hexdigest()


def new_id() -> str:
    return uuid.uuid4().hex


def _fernet(key: str) -> Fernet:
    try:
        return Fernet(key.strip().encode())
    except (ValueError, TypeError, UnicodeError):
        raise PacketError(
            _("This is not a packet key (44 characters of letters, digits, - and _).")
        ) from None


def seal(payload: dict[str, Any], key: str) -> bytes:
    """Encrypt and authenticate a JSON payload."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return _fernet(key).encrypt(body)


def unseal(data: bytes, key: str) -> dict[str, Any]:
    """The JSON payload of a sealed file, or PacketError when altered or for another key."""
    fernet = _fernet(key)
    if len(data) > MAX_BYTES:
        raise PacketError(_("The file is too large to be a packet."))
    try:
        body = fernet.decrypt(data.strip())
    except (InvalidToken, ValueError, TypeError):
        raise PacketError(
            _("The file was altered, is not a packet, or was sealed with another key.")
        ) from None
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        raise PacketError(_("The packet's content is not valid JSON.")) from None
    if not isinstance(payload, dict):
        raise PacketError(_("The packet's content is not an object."))
    return payload


@dataclass(frozen=True)
class Candidate:
    """What an interviewer needs in the field: who, when, with whom. Nothing from the checks."""

    slot: int
    case: str
    name: str
    name_latin: str
    birth_date: str
    status: str
    rank: str
    unit: str
    language: str
    starts_at: str
    interviewer: str


@dataclass(frozen=True)
class Packet:
    packet_id: str
    visit: int
    site: str
    starts_on: str
    ends_on: str
    candidates: tuple[Candidate, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "format": PACKET_FORMAT,
            "packet": self.packet_id,
            "visit": self.visit,
            "site": self.site,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "candidates": [asdict(c) for c in self.candidates],
            "form": {"assessments": list(ASSESSMENTS), "fields": [*ASSESSED, "notes"]},
        }


@dataclass(frozen=True)
class Result:
    """One interview held in the field."""

    slot: int
    result_id: str
    motivation: str
    consistency: str
    fitness: str
    notes: str


@dataclass(frozen=True)
class Results:
    packet_id: str
    visit: int
    rows: tuple[Result, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "format": RESULTS_FORMAT,
            "packet": self.packet_id,
            "visit": self.visit,
            "results": [asdict(r) for r in self.rows],
        }


def _get(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = obj.get(key)
    if kind is int and isinstance(value, bool):
        value = None
    if not isinstance(value, kind):
        raise PacketError(
            _("%(where)s: '%(key)s' is missing or not a %(kind)s.")
            % {"where": where, "key": key, "kind": kind.__name__}
        )
    return value


def _header(payload: dict[str, Any], expected: str) -> tuple[str, int]:
    if payload.get("format") != expected:
        raise PacketError(_("This is not a %(kind)s file.") % {"kind": expected})
    packet_id = _get(payload, "packet", str, "header")
    if not ID.match(packet_id):
        raise PacketError(_("header: the packet id is malformed."))
    return packet_id, _get(payload, "visit", int, "header")


def read_packet(data: bytes, key: str) -> Packet:
    """Open a packet on the field laptop."""
    payload = unseal(data, key)
    packet_id, visit = _header(payload, PACKET_FORMAT)
    rows = _get(payload, "candidates", list, "packet")
    candidates = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise PacketError(_("candidate %(n)s: not an object.") % {"n": n})
        text = {
            f: _get(row, f, str, f"candidate {n}") for f in Candidate.__annotations__ if f != "slot"
        }
        candidates.append(Candidate(slot=_get(row, "slot", int, f"candidate {n}"), **text))
    return Packet(
        packet_id,
        visit,
        _get(payload, "site", str, "packet"),
        _get(payload, "starts_on", str, "packet"),
        _get(payload, "ends_on", str, "packet"),
        tuple(candidates),
    )


def result_id(packet_id: str, slot: int, values: dict[str, str]) -> str:
    """The same row of the same packet always gets the same id, so sealing a sheet twice and
    importing both files records it once; a corrected row gets a new id and supersedes."""
    body = json.dumps([packet_id, slot, values], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def parse_result(row: Any, where: str, packet_id: str = "") -> Result:
    """One filled-in result row, checked field by field (given `packet_id`, it gets its id)."""
    if not isinstance(row, dict):
        raise PacketError(_("%(where)s: not an object.") % {"where": where})
    values = {f: _get(row, f, str, where) for f in ASSESSED}
    for field, value in values.items():
        if value not in ASSESSMENTS:
            raise PacketError(
                _("%(where)s: '%(field)s' must be one of %(values)s.")
                % {"where": where, "field": field, "values": ", ".join(ASSESSMENTS)}
            )
    notes = _get(row, "notes", str, where)
    if len(notes) > NOTES_MAX:
        raise PacketError(
            _("%(where)s: the notes are longer than %(n)s characters.")
            % {"where": where, "n": NOTES_MAX}
        )
    slot = _get(row, "slot", int, where)
    rid = (
        result_id(packet_id, slot, {**values, "notes": notes})
        if packet_id
        else row.get("result_id")
    )
    if not isinstance(rid, str) or not ID.match(rid):
        raise PacketError(_("%(where)s: the result id is malformed.") % {"where": where})
    return Result(slot, rid, notes=notes, **values)


def read_results(data: bytes, key: str) -> Results:
    """Open a results file on the server: authenticated, then checked row by row."""
    payload = unseal(data, key)
    packet_id, visit = _header(payload, RESULTS_FORMAT)
    rows = _get(payload, "results", list, "results")
    parsed = tuple(parse_result(row, f"result {n}") for n, row in enumerate(rows, 1))
    slots = [r.slot for r in parsed]
    if len(set(slots)) != len(slots):
        raise PacketError(_("results: the same slot appears twice."))
    return Results(packet_id, visit, parsed)


def results_sheet(packet: Packet) -> dict[str, Any]:
    """The sheet the field team fills in: one row per slot, no names (the packet has those)."""
    return {
        "packet": packet.packet_id,
        "visit": packet.visit,
        "assessments": list(ASSESSMENTS),
        "results": [
            {
                "slot": c.slot,
                "case": c.case,
                "starts_at": c.starts_at,
                "motivation": "",
                "consistency": "",
                "fitness": "",
                "notes": "",
            }
            for c in packet.candidates
        ],
    }


def seal_results(packet: Packet, sheet: Any, key: str) -> bytes:
    """Check a filled-in sheet against its packet and seal the rows that were filled in."""
    if not isinstance(sheet, dict) or sheet.get("packet") != packet.packet_id:
        raise PacketError(_("This sheet belongs to another packet."))
    rows = _get(sheet, "results", list, "sheet")
    known = {c.slot for c in packet.candidates}
    results = []
    for n, row in enumerate(rows, 1):
        if isinstance(row, dict) and not any(row.get(f) for f in ASSESSED):
            continue  # not held (yet)
        result = parse_result(row, f"row {n}", packet.packet_id)
        if result.slot not in known:
            raise PacketError(
                _("row %(n)s: slot %(slot)s is not in this packet.") % {"n": n, "slot": result.slot}
            )
        results.append(result)
    return seal(Results(packet.packet_id, packet.visit, tuple(results)).payload(), key)


def stamp(now: datetime) -> str:
    return now.isoformat(timespec="minutes")
