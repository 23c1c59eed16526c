"""The TOML examples in the docs load: a reader copies them.

A block that is a whole file (no ``…`` standing for left-out text) is loaded with the
loader the service uses. The first rule example once declared four locales and gave
one label: copied as it stood, it was refused.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from wagecalc import load_rules
from wagecalc.prices import load_price_index

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(page: str) -> list[str]:
    return _BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))


def test_the_rule_pages_whole_example_loads_as_a_table(tmp_path: Path) -> None:
    whole = [b for b in _blocks("rules.md") if "…" not in b]
    assert whole, "docs/rules.md has no complete TOML example"
    for n, block in enumerate(whole):
        path = tmp_path / f"example-{n}.toml"
        path.write_text(block, encoding="utf-8")
        rule_set = load_rules(path, include_defaults=False)
        assert rule_set.rules, block[:80]
    example = load_rules(tmp_path / "example-0.toml", include_defaults=False)
    value = example.rules["sag-aftra-health-eligibility"].values[0]
    assert (value.amount, value.currency) == (Decimal("27540"), "USD")


def test_the_price_index_example_loads_once_its_values_are_given(tmp_path: Path) -> None:
    """The example with its elided value filled in is a table the loader takes."""
    [block] = _blocks("prices.md")
    path = tmp_path / "my-cpi.toml"
    path.write_text(block.replace('"…"', '"129.4"'), encoding="utf-8")
    index = load_price_index(path)
    assert index.currency == "MYR" and len(index.values) == 1
