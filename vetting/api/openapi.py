"""The API's OpenAPI 3.1 description, written by hand to the shapes yente documents for
`/match/{dataset}` and `/catalog`, so its clients' generated code reads our answers."""

from typing import Any

from vetting.api.selectors import MAX_BATCH, MAX_LIMIT
from vetting.matching import DEFAULT_THRESHOLD

_STRINGS = {"type": "array", "items": {"type": "string"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("ErrorResponse")}},
    }


SCHEMAS: dict[str, Any] = {
    "ErrorResponse": {
        "type": "object",
        "required": ["detail"],
        "properties": {"detail": {"type": "string"}},
    },
    "EntityExample": {
        "type": "object",
        "required": ["schema", "properties"],
        "properties": {
            "id": {"type": ["string", "null"]},
            "schema": {"type": "string", "examples": ["Person"]},
            "properties": {
                "type": "object",
                "additionalProperties": {
                    "oneOf": [{"type": "string"}, _STRINGS],
                },
                "examples": [{"name": ["Шишкарёв Николай"], "birthDate": ["1985-03-14"]}],
            },
        },
    },
    "EntityMatchQuery": {
        "type": "object",
        "required": ["queries"],
        "properties": {
            "queries": {
                "type": "object",
                "maxProperties": MAX_BATCH,
                "additionalProperties": _ref("EntityExample"),
            },
            "weights": {"type": "object", "maxProperties": 0},
            "config": {"type": "object", "maxProperties": 0},
        },
    },
    "FeatureResult": {
        "type": "object",
        "required": ["score", "detail"],
        "properties": {
            "score": {"type": "number", "description": "evidence weight (log-odds)"},
            "detail": {"type": "string"},
        },
    },
    "Review": {
        "type": "object",
        "description": "A decision by an officer of the calling service on a hit of this entry.",
        "required": ["status", "decided_at"],
        "properties": {
            "status": {"type": "string", "enum": ["confirmed", "dismissed"]},
            "decided_at": {"type": "string", "format": "date-time"},
        },
    },
    "ScoredEntityResponse": {
        "type": "object",
        "required": ["id", "caption", "schema", "properties", "datasets", "score", "match"],
        "properties": {
            "id": {"type": "string"},
            "caption": {"type": "string"},
            "schema": {"type": "string"},
            "properties": {"type": "object", "additionalProperties": _STRINGS},
            "datasets": _STRINGS,
            "referents": _STRINGS,
            "target": {"type": "boolean"},
            "first_seen": {"type": ["string", "null"]},
            "last_seen": {"type": ["string", "null"]},
            "last_change": {"type": ["string", "null"]},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "match": {"type": "boolean", "description": "score at or above the threshold"},
            "features": {"type": "object", "additionalProperties": {"type": "number"}},
            "explanations": {
                "type": "object",
                "additionalProperties": _ref("FeatureResult"),
            },
            "explanation": {"type": "string", "description": "the verdicts in words"},
            "reviews": {"type": "array", "items": _ref("Review")},
        },
    },
    "TotalSpec": {
        "type": "object",
        "required": ["value", "relation"],
        "properties": {"value": {"type": "integer"}, "relation": {"type": "string"}},
    },
    "EntityMatches": {
        "type": "object",
        "required": ["status", "results", "total", "query"],
        "properties": {
            "status": {"type": "integer", "examples": [200]},
            "results": {"type": "array", "items": _ref("ScoredEntityResponse")},
            "total": _ref("TotalSpec"),
            "query": _ref("EntityExample"),
            "detail": {"type": "string", "description": "why a query got no answer"},
        },
    },
    "EntityMatchResponse": {
        "type": "object",
        "required": ["responses", "limit"],
        "properties": {
            "responses": {"type": "object", "additionalProperties": _ref("EntityMatches")},
            "limit": {"type": "integer"},
        },
    },
    "DataCatalogModel": {
        "type": "object",
        "required": ["datasets", "current", "outdated"],
        "properties": {
            "datasets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "title"],
                    "properties": {
                        "name": {"type": "string"},
                        "title": {"type": "string"},
                        "type": {"type": "string"},
                    },
                },
            },
            "current": _STRINGS,
            "outdated": _STRINGS,
        },
    },
}


def _query(name: str, schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": title}


def schema() -> dict[str, Any]:
    """The whole document, as served at /api/openapi.json."""
    unauthorized = _error("No token, or a token not in use")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Vetting screening API",
            "version": "1.0.0",
            "description": (
                "Screening against the watchlists of the security service and "
                "counter-intelligence, compatible with yente's /match/{dataset}. Each call is "
                "made with one service's token and sees that service's compartment only; "
                "every call is audited. A result is a flag for an officer, never a decision."
            ),
        },
        "servers": [{"url": "/api"}],
        "security": [{"ApiKey": []}],
        "paths": {
            "/match/{dataset}": {
                "post": {
                    "operationId": "match",
                    "summary": "Query by example matcher",
                    "tags": ["Matching"],
                    "parameters": [
                        {
                            "name": "dataset",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": "'default' (every watchlist) or one from /catalog",
                        },
                        _query(
                            "limit",
                            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 5},
                            "Number of results to return per query",
                        ),
                        _query(
                            "threshold",
                            {
                                "type": "number",
                                "minimum": 0,
                                "maximum": 1,
                                "default": DEFAULT_THRESHOLD,
                            },
                            "Score at which a result is a match",
                        ),
                        _query(
                            "cutoff",
                            {"type": "number", "minimum": 0, "maximum": 1},
                            "Lowest score returned (at most the threshold)",
                        ),
                        _query(
                            "algorithm",
                            {"type": "string", "enum": ["best", "vetting"], "default": "best"},
                            "The matcher; both names are this project's matcher",
                        ),
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("EntityMatchQuery")}},
                    },
                    "responses": {
                        "200": {
                            "description": "One answer per query key",
                            "content": {
                                "application/json": {"schema": _ref("EntityMatchResponse")}
                            },
                        },
                        "400": _error("Invalid query"),
                        "401": unauthorized,
                        "404": _error("No such dataset for this token"),
                        "413": _error("Request body too large"),
                        "429": _error("Rate limit of the token reached"),
                    },
                }
            },
            "/catalog": {
                "get": {
                    "operationId": "catalog",
                    "summary": "The datasets this token may match against",
                    "tags": ["Data"],
                    "responses": {
                        "200": {
                            "description": "Datasets",
                            "content": {"application/json": {"schema": _ref("DataCatalogModel")}},
                        },
                        "401": unauthorized,
                        "429": _error("Rate limit of the token reached"),
                    },
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "ApiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "'ApiKey <token>' (or 'Bearer <token>')",
                }
            },
        },
    }
