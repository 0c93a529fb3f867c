"""The OpenAPI description the app serves: a valid document, and real answers fit it."""

from typing import Any

import pytest
from django.test import Client
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from vetting.api.tests.factories import import_csv, issued_token, match
from vetting.screening import engine

pytestmark = pytest.mark.django_db


def served() -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document: dict[str, Any] = response.json()
    return document


def test_the_served_description_is_valid_openapi() -> None:
    document = served()
    validate(document)
    assert set(document["paths"]) == {"/match/{dataset}", "/catalog"}


def fits(document: dict[str, Any], component: str, instance: Any) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    OAS31Validator(schema).validate(instance)


def test_answers_fit_the_description() -> None:
    engine.forget_indexes()
    import_csv("id,name,birth_date,aliases\nW-1,Chichkarev Nicolas,1985-03-14,Шишкарёв Н.\n")
    _, secret = issued_token("security")
    document = served()
    person = {"schema": "Person", "properties": {"name": ["Shishkarev Nikolai"]}}
    answer = match(secret, {"q": person, "bad": {"schema": "Person", "properties": {}}})
    assert answer.status_code == 200 and answer.json()["responses"]["q"]["results"]
    fits(document, "EntityMatchResponse", answer.json())
    refused = match(secret, {})
    assert refused.status_code == 400
    fits(document, "ErrorResponse", refused.json())
    catalog = Client().get("/api/catalog", headers={"Authorization": f"ApiKey {secret}"})
    fits(document, "DataCatalogModel", catalog.json())
    # A wrong shape does not fit: the check can fail.
    with pytest.raises(Exception, match="required"):
        fits(document, "EntityMatchResponse", {"responses": {}})
    engine.forget_indexes()
