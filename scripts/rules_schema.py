"""The JSON Schema of a rule table, from the types the loader decodes with.

``python scripts/rules_schema.py`` writes docs/rules.schema.json; tests/test_rules_schema.py
fails when the committed file and this output differ, so a field added to the loader
(``wagecalc.rules``) reaches the editors' schema in the same change.
"""

# No "from __future__ import annotations": msgspec resolves RuleTable's annotations
# as objects, also when a test loads this file under another module name.
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from wagecalc.rules import _RuleSpec  # the loader's own type for one rule, checks included

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "rules.schema.json"


class RuleTable(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A rule table: a TOML file of wagecalc equivalence rules (docs/rules.md).

    The loader reads ``rules`` as a list of tables and decodes each with its rule
    type, so that an error names the rule; the schema says the same in one piece.
    """

    title: str = ""
    locales: list[str]
    rules: list[_RuleSpec]


def schema() -> dict[str, Any]:
    document = msgspec.json.schema(RuleTable)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "wagecalc rule table"
    return document


def render() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
