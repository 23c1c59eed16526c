"""The packaged Big Mac table is exactly what scripts/big-mac makes from the committed CSV."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from wagecalc.rules import default_rules

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("big_mac", ROOT / "scripts" / "big_mac.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_table_equals_the_scripts_output() -> None:
    """src/wagecalc/data/big-mac.toml == render(data/big-mac/...csv): regenerate, never edit."""
    table = ROOT / "src" / "wagecalc" / "data" / "big-mac.toml"
    assert table.read_text(encoding="utf-8") == _script().render()


def test_table_keeps_the_economists_licence_notice() -> None:
    """The MIT notice of The Economist's data ships with the figures."""
    text = (ROOT / "src" / "wagecalc" / "data" / "big-mac.toml").read_text(encoding="utf-8")
    assert "Copyright (c) 2018 The Economist Newspaper" in text
    assert "The above copyright notice and this permission notice shall be included" in text


def test_every_survey_from_2019_for_us_and_malaysia() -> None:
    """One value per survey 2019-2026 for each country, with the CSV's price and currency."""
    rules = default_rules().rules
    us, my = rules["big-mac-us"], rules["big-mac-my"]
    assert [v.in_force_from for v in us.values] == [v.in_force_from for v in my.values]
    assert us.values[0].in_force_from == dt.date(2019, 1, 1)
    assert us.values[-1].in_force_from == dt.date(2026, 1, 1)
    assert {v.in_force_from.year for v in us.values} == set(range(2019, 2027))
    assert {v.currency for v in us.values} == {"USD"}
    assert {v.currency for v in my.values} == {"MYR"}
    july_2023 = dt.date(2023, 7, 1)
    assert (us.value_on(july_2023), my.value_on(july_2023)) != (None, None)
    assert us.value_on(july_2023).amount == Decimal("5.58")  # type: ignore[union-attr]
    assert my.value_on(july_2023).amount == Decimal("13.15")  # type: ignore[union-attr]


def test_a_new_survey_is_one_more_value(tmp_path: Path) -> None:
    """Appending a survey to the CSV adds a value to each rule and nothing else changes."""
    script = _script()
    csv = tmp_path / "data.csv"
    original = script.CSV.read_text(encoding="utf-8")
    csv.write_text(
        original
        + "Malaysia,MYS,MYR,14.2,4.1,1,1,2026-07-01\n"
        + "United States,USA,USD,6.3,1,1,1,2026-07-01\n",
        encoding="utf-8",
    )
    before, after = script.render(), script.render(csv)
    assert after.count("[[rules.values]]") == before.count("[[rules.values]]") + 2
    assert 'in_force_from = 2026-07-01\namount = "14.2"' in after
