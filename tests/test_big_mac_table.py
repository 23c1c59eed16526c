"""The packaged Big Mac table is exactly what scripts/big-mac makes from the committed CSV."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

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


def test_every_country_in_the_data_has_a_rule() -> None:
    """One rule per country of The Economist's data since 2019, each value in its currency."""
    script = _script()
    lines = script.CSV.read_text(encoding="utf-8").splitlines()[1:]
    codes = {line.split(",")[1] for line in lines if line.split(",")[-1] >= "2019"}
    rules = default_rules().rules
    ids = {script._rule_id(code) for code in codes}
    assert ids <= set(rules)
    assert len(ids) == len(codes) == 73
    assert {v.currency for v in rules["big-mac-jp"].values} == {"JPY"}
    croatia = [v.currency for v in rules["big-mac-hr"].values]
    assert croatia[0] == "HRK" and croatia[-1] == "EUR"  # one rule across the euro changeover


def test_a_survey_applies_from_its_publication() -> None:
    """The January 2026 prices apply from 2026-03-30, when they were published, not before."""
    rules = default_rules().rules
    us, my = rules["big-mac-us"], rules["big-mac-my"]
    assert [v.in_force_from for v in us.values] == [v.in_force_from for v in my.values]
    before, after = dt.date(2026, 3, 29), dt.date(2026, 3, 30)
    assert (us.value_on(before).period, us.value_on(after).period) == (  # type: ignore[union-attr]
        "January 2025",
        "January 2026",
    )
    latest = us.value_on(after)
    assert latest is not None
    assert (latest.amount, latest.published) == (Decimal("6.12"), dt.date(2026, 3, 30))
    assert latest.source.quote is not None and "6.12" in latest.source.quote
    for value in us.values:
        assert value.published == value.in_force_from
        assert value.period is not None


def test_the_story_date_uses_the_survey_published_by_then() -> None:
    """On 2023-07-26 the newest published survey was July 2022's (the 2023 surveys appeared
    on 2023-11-17): USD 5.15 and MYR 10.90, not July 2023's USD 5.58 and MYR 13.15."""
    rules = default_rules().rules
    day = dt.date(2023, 7, 26)
    us = rules["big-mac-us"].value_on(day)
    my = rules["big-mac-my"].value_on(day)
    assert us is not None and my is not None
    assert (us.period, us.published, us.amount) == (
        "July 2022",
        dt.date(2022, 7, 20),
        Decimal("5.15"),
    )
    assert (my.period, my.amount) == ("July 2022", Decimal("10.9"))
    # The July 2023 survey (USD 5.58, MYR 13.15) applies from its publication.
    later = rules["big-mac-us"].value_on(dt.date(2023, 11, 17))
    assert later is not None and (later.period, later.amount) == ("July 2023", Decimal("5.58"))


def test_surveys_published_the_same_day_keep_the_later_one() -> None:
    """January and July 2023 were published together: only July's is held, with a note."""
    us = default_rules().rules["big-mac-us"]
    periods = [v.period for v in us.values]
    assert "January 2023" not in periods and "July 2023" in periods
    july = next(v for v in us.values if v.period == "July 2023")
    assert july.note is not None and "2023-01-01 was published the same day" in july.note


def test_a_survey_without_a_publication_date_is_refused(tmp_path: Path) -> None:
    """A new survey must have its publication date recorded before the table is made."""
    script = _script()
    csv = tmp_path / "data.csv"
    original = script.CSV.read_text(encoding="utf-8")
    csv.write_text(original + "Malaysia,MYS,MYR,14.2,4.1,1,1,2026-07-01\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="2026-07-01 has no publication date"):
        script.render(csv)


def test_a_new_survey_is_one_more_value_per_country_in_it(tmp_path: Path) -> None:
    """Appending a survey (with its publication date) adds a value to each country in it."""
    script = _script()
    csv = tmp_path / "data.csv"
    original = script.CSV.read_text(encoding="utf-8")
    csv.write_text(
        original
        + "Malaysia,MYS,MYR,14.2,4.1,1,1,2026-07-01\n"
        + "United States,USA,USD,6.3,1,1,1,2026-07-01\n",
        encoding="utf-8",
    )
    script.PUBLISHED[dt.date(2026, 7, 1)] = (dt.date(2026, 8, 3), "0000000")
    try:
        before, after = script.render(), script.render(csv)
    finally:
        del script.PUBLISHED[dt.date(2026, 7, 1)]
    assert after.count("[[rules.values]]") == before.count("[[rules.values]]") + 2
    assert 'in_force_from = 2026-08-03\namount = "14.2"' in after
    assert 'period = "July 2026"\npublished = 2026-08-03' in after
