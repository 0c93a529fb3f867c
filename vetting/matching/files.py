"""Reading people from CSV or FollowTheMoney JSON lines, and the screen and dedupe runs over files.

Bad rows are reported with their line number and skipped; only a file that
cannot be read at all (no header, a required column missing) stops a run.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetting.matching.clustering import cluster_with_review
from vetting.matching.dates import parse_date
from vetting.matching.index import MAX_CANDIDATES, Index
from vetting.matching.person import Record, normalize, normalize_all
from vetting.matching.scoring import DEFAULT_THRESHOLD
from vetting.spreadsheets import csv_writer

REQUIRED_COLUMNS = ("id", "name", "birth_date")
OPTIONAL_COLUMNS = ("gender", "place_of_birth", "unit", "service_number", "aliases")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")

Progress = Callable[[int], object]


class FileFormatError(ValueError):
    """The file as a whole cannot be read: no header, or a required column missing."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A skipped input row: where it is and why it was refused."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(slots=True)
class Batch:
    """The records read from one file, the rows refused and the entities skipped as not people."""

    records: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0


def _has_bad_bytes(text: str) -> bool:
    # surrogateescape turns each undecodable byte into a lone surrogate.
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _check_date(value: str) -> str | None:
    if parse_date(value) is None:
        return f"bad birth date {value!r} (expected YYYY-MM-DD)"
    return None


def read_csv(lines: Iterable[str]) -> Batch:
    """Read records from CSV text with a header naming at least id, name and birth_date."""
    batch = Batch()
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError("empty file: a header with id,name,birth_date is required") from None
    columns = [c.strip().lstrip("\ufeff").casefold() for c in header]
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            raise FileFormatError(f"missing required column {required!r} in header")
    position = {
        name: columns.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in columns
    }
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            batch.errors.append(RowError(last_line + 1, f"unreadable CSV ({e})"))
            last_line = reader.line_num
            continue
        line, last_line = last_line + 1, reader.line_num
        if not row or row == [""]:
            continue
        if len(row) != len(columns):
            batch.errors.append(RowError(line, f"expected {len(columns)} fields, found {len(row)}"))
            continue
        if any(_has_bad_bytes(value) for value in row):
            batch.errors.append(RowError(line, "invalid UTF-8"))
            continue
        values = {name: row[i].strip() for name, i in position.items()}
        reason = None
        if not values["id"]:
            reason = "missing id"
        elif not values["name"]:
            reason = "empty name"
        else:
            reason = _check_date(values["birth_date"])
        if reason:
            batch.errors.append(RowError(line, reason))
            continue
        aliases = tuple(a.strip() for a in values.get("aliases", "").split(";") if a.strip())
        batch.records.append(
            Record(
                id=values["id"],
                name=values["name"],
                birth_date=values["birth_date"],
                gender=values.get("gender", ""),
                place_of_birth=values.get("place_of_birth", ""),
                unit=values.get("unit", ""),
                service_number=values.get("service_number", ""),
                aliases=aliases,
            )
        )
    return batch


def _strings(properties: dict[str, Any], key: str) -> list[str]:
    values = properties.get(key) or []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):  # a number or an object where strings belong
        return []
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def entity_record(entity: dict[str, Any]) -> Record | str:
    """A Record from one FollowTheMoney Person entity, or the reason it cannot be one."""
    entity_id = entity.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        return "missing id"
    properties = entity.get("properties")
    if not isinstance(properties, dict):
        return "missing properties"
    names = _strings(properties, "name")
    parts = [_strings(properties, key)[:1] for key in ("lastName", "firstName", "fatherName")]
    assembled = " ".join(p[0] for p in parts if p)
    if assembled and assembled not in names:
        names.append(assembled)
    # A weak alias is often a bare nickname; only full-looking ones help.
    weak = [a for a in _strings(properties, "weakAlias") if " " in a]
    names.extend(a for a in _strings(properties, "alias") + weak if a not in names)
    if not names:
        return "empty name"
    dates = [d for d in _strings(properties, "birthDate") if parse_date(d[:10])]
    if _strings(properties, "birthDate") and not dates:
        return f"bad birth date {_strings(properties, 'birthDate')[0]!r}"
    return Record(
        id=entity_id.strip(),
        name=names[0],
        birth_date=max(dates, key=len)[:10] if dates else "",
        gender=next(iter(_strings(properties, "gender")), ""),
        place_of_birth=next(iter(_strings(properties, "birthPlace")), ""),
        aliases=tuple(names[1:]),
    )


def read_jsonl(lines: Iterable[str]) -> Batch:
    """Read Person entities from FollowTheMoney JSON lines; other schemata are counted, skipped."""
    batch = Batch()
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        if _has_bad_bytes(text):
            batch.errors.append(RowError(line, "invalid UTF-8"))
            continue
        try:
            entity = json.loads(text)
        except json.JSONDecodeError as e:
            batch.errors.append(RowError(line, f"invalid JSON ({e.msg})"))
            continue
        if not isinstance(entity, dict):
            batch.errors.append(RowError(line, "not a JSON object"))
            continue
        if entity.get("schema") != "Person":
            batch.skipped += 1
            continue
        result = entity_record(entity)
        if isinstance(result, str):
            batch.errors.append(RowError(line, result))
        else:
            batch.records.append(result)
    return batch


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
        yield from f


def is_jsonl(path: Path) -> bool:
    """Whether `path` holds JSON lines: by extension, else by its first non-blank character."""
    if path.suffix.casefold() in JSON_SUFFIXES:
        return True
    if path.suffix.casefold() in (".csv", ".tsv", ".txt"):
        return False
    with path.open("rb") as f:
        head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def read_people_file(path: str | Path) -> Batch:
    """Read records from a CSV or JSON-lines file, whichever it holds."""
    path = Path(path)
    return read_jsonl(_lines(path)) if is_jsonl(path) else read_csv(_lines(path))


@dataclass(frozen=True, slots=True)
class ScreenSummary:
    """Counts for the closing line of a screening run."""

    applicants: int
    watchlist: int
    matches: int
    flagged: int


def screen_files(
    watchlist: Batch,
    applicants: Batch,
    out: str | Path,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
) -> ScreenSummary:
    """Write applicant_id,watchlist_id,score,explanation for every pair at or above threshold."""
    index = Index.build(normalize(r) for r in watchlist.records)
    matches = flagged = 0
    with Path(out).open("w", encoding="utf-8", newline="") as f:
        writer = csv_writer(f)
        writer.writerow(["applicant_id", "watchlist_id", "score", "explanation"])
        for record in applicants.records:
            hits = index.query(normalize(record), limit=MAX_CANDIDATES, threshold=threshold)
            for hit in hits:
                writer.writerow(
                    [record.id, hit.person.id, f"{hit.match.score:.4f}", hit.match.explanation]
                )
            matches += len(hits)
            flagged += bool(hits)
            if progress:
                progress(1)
    return ScreenSummary(len(applicants.records), len(index), matches, flagged)


def dedupe_file(
    batch: Batch,
    out: str | Path,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    review_out: str | Path | None = None,
) -> int:
    """Write id,cluster_id for every record; returns the number of clusters.

    With `review_out`, also the pairs that fit by name alone (a_id,b_id,score),
    which are never joined: a person decides on them.
    """
    people = normalize_all(batch.records)
    clusters, review = cluster_with_review(people, threshold, progress)
    cluster_of: dict[str, str] = {}
    for c in clusters:
        for member in c.member_ids:
            cluster_of.setdefault(member, c.id)
    with Path(out).open("w", encoding="utf-8", newline="") as f:
        writer = csv_writer(f)
        writer.writerow(["id", "cluster_id"])
        for record in batch.records:
            writer.writerow([record.id, cluster_of[record.id]])
    if review_out is not None:
        with Path(review_out).open("w", encoding="utf-8", newline="") as f:
            writer = csv_writer(f)
            writer.writerow(["a_id", "b_id", "score"])
            for pair in review:
                writer.writerow([pair.a, pair.b, f"{pair.score:.4f}"])
    return len(clusters)
