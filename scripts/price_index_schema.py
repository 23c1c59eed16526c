"""The JSON Schema of a price-index table, from the type the loader decodes with.

``python scripts/price_index_schema.py`` writes docs/price-index.schema.json;
tests/test_prices.py fails when the committed file and this output differ, so a field
added to the loader (``wagecalc.prices.PriceIndexTable``) reaches the schema in the same
change. ``bash scripts/rules-schema`` runs it with the rule tables' schema.
"""

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from wagecalc.prices import PriceIndexTable

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "price-index.schema.json"


def schema() -> dict[str, Any]:
    document = msgspec.json.schema(PriceIndexTable)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "wagecalc price-index table"
    return document


def render() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
