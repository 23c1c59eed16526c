"""docs/rules.schema.json is what scripts/rules_schema.py makes from the loader's types,
and every packaged rule table is valid under it (what an editor checks as one types)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "rules.schema.json"
TABLES = sorted((ROOT / "src" / "wagecalc" / "data").glob("*.toml"))


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "rules_schema", ROOT / "scripts" / "rules_schema.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_schema_is_the_generated_one() -> None:
    """Regenerate with ``bash scripts/rules-schema`` when the loader's types change."""
    assert SCHEMA.read_text(encoding="utf-8") == _generator().render()


def _as_json(value: object) -> object:
    """TOML's dates as the ISO strings a schema's ``format: date`` describes."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_each_packaged_table_is_valid(table: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(_as_json(tomllib.loads(table.read_text(encoding="utf-8"))), schema)


def test_the_schema_refuses_what_the_loader_refuses() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    table = _as_json(tomllib.loads(TABLES[0].read_text(encoding="utf-8")))
    assert isinstance(table, dict)
    table["rules"][0]["kind"] = "fee"
    with pytest.raises(jsonschema.ValidationError, match="'fee' is not one of"):
        jsonschema.validate(table, schema)
