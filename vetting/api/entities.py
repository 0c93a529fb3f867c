"""FollowTheMoney entities in and out: a yente query example as a matcher's Record, a
watchlist entry as the entity a yente client expects back."""

from typing import Any

from vetting.matching import Match, Record
from vetting.matching.files import entity_record
from vetting.screening.models import WatchlistEntry

# Schemata a person on a watchlist can match; other schemata (companies, vessels) get no
# results, as a yente index of people would give them.
PERSON_SCHEMATA = frozenset({"Person", "LegalEntity"})
_GENDERS = {"m": "male", "f": "female"}


class EntityError(ValueError):
    """A query example that cannot be read; the message says why (in English, as yente's)."""


def clean_example(key: str, example: Any) -> dict[str, Any]:
    """The example as {id, schema, properties: {name: [str, ...]}}, or EntityError."""
    if not isinstance(example, dict):
        raise EntityError(f"query {key!r} is not an object")
    schema = example.get("schema")
    if not isinstance(schema, str) or not schema.strip():
        raise EntityError(f"query {key!r} has no schema")
    properties = example.get("properties")
    if not isinstance(properties, dict):
        raise EntityError(f"query {key!r} has no properties")
    cleaned: dict[str, list[str]] = {}
    for name, values in properties.items():
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise EntityError(f"query {key!r}: property {name!r} is not a list of strings")
        if kept := [v for v in values if v.strip()]:
            cleaned[str(name)] = kept
    entity_id = example.get("id")
    return {
        "id": entity_id if isinstance(entity_id, str) and entity_id.strip() else None,
        "schema": schema.strip(),
        "properties": cleaned,
    }


def example_record(key: str, example: dict[str, Any]) -> Record | str:
    """A cleaned example as a Record (its id, or the query's key), or why it cannot be one."""
    return entity_record({**example, "id": example["id"] or key})


def entry_entity(
    entry: WatchlistEntry, dataset: str, match: Match, threshold: float
) -> dict[str, Any]:
    """A scored result in yente's shape, with the matcher's verdict per field both as
    `features` (weights) and as `explanations` (weight and words)."""
    properties: dict[str, list[str]] = {"name": [entry.name]}
    if entry.aliases:
        properties["alias"] = list(entry.aliases)
    if entry.birth_date:
        properties["birthDate"] = [entry.birth_date]
    if entry.gender:
        properties["gender"] = [_GENDERS.get(entry.gender.strip().casefold()[:1], entry.gender)]
    if entry.place_of_birth:
        properties["birthPlace"] = [entry.place_of_birth]
    if entry.service_number:
        properties["idNumber"] = [entry.service_number]
    features: dict[str, float] = {}
    explanations: dict[str, dict[str, Any]] = {}
    for part in match.parts:
        features[part.field] = round(features.get(part.field, 0.0) + part.weight, 4)
        explanations[part.field] = {"score": features[part.field], "detail": part.words}
    return {
        "id": entry.external_id,
        "caption": entry.name,
        "schema": "Person",
        "properties": properties,
        "datasets": [dataset],
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
        "score": round(match.score, 4),
        "match": match.score >= threshold,
        "features": features,
        "explanations": explanations,
        "explanation": match.explanation,
    }
