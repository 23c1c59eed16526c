"""The committed OpenAPI document is what the app generates."""

from __future__ import annotations

from pathlib import Path

import msgspec
from litestar.serialization import encode_json, get_serializer

from wagecalc.api import create_app
from wagecalc.config import Settings

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def test_openapi_document_has_not_drifted() -> None:
    """openapi/openapi.json equals the app's schema byte for byte (regenerate: scripts/openapi)."""
    app = create_app(Settings())
    generated = msgspec.json.format(
        encode_json(app.openapi_schema.to_schema(), serializer=get_serializer(app.type_encoders)),
        indent=4,
    )
    assert generated == COMMITTED.read_bytes(), "run scripts/openapi and commit the result"


def test_every_operation_documents_its_parameters_and_problems() -> None:
    """Each v1 operation has a summary, described parameters with examples, and a 422 problem."""
    schema = msgspec.json.decode(COMMITTED.read_bytes())
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), (method, path)
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (method, path, parameter["name"])
            if path.startswith("/v1/") and operation.get("parameters"):
                assert "422" in operation["responses"], (method, path)
                if method != "head":  # a HEAD answer has no body
                    problem = operation["responses"]["422"]["content"]
                    assert "application/problem+json" in problem
    convert = {p["name"]: p for p in schema["paths"]["/v1/convert"]["get"]["parameters"]}
    assert convert["from"]["required"] is True
    assert convert["amount"]["examples"]
