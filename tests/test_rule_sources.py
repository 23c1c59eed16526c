"""Every packaged figure has a source that states it: url, quote, retrieval date; statistics
apply from their publication; a figure past its source's period is said to be, or dropped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from wagecalc.errors import ConfigError
from wagecalc.rules import default_rules, figure_in_quote, load_rules

LABELS = 'labels.en = { one = "widget", other = "widgets" }\n'


def _table(values: str, *, head: str = "") -> str:
    return (
        'title = "t"\nlocales = ["en"]\n[[rules]]\nid = "dated"\nkind = "threshold"\n'
        f'per = "year"\n{head}{LABELS}{values}'
    )


def _value(day: str, amount: str, quote: str, extra: str = "") -> str:
    return (
        f'[[rules.values]]\nin_force_from = {day}\namount = "{amount}"\ncurrency = "USD"\n{extra}'
        'source = { title = "T", publisher = "P", date = 2023-01-01, '
        f'url = "https://example.org/t", quote = "{quote}", retrieved = 2026-12-07 }}\n'
    )


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules([path], include_defaults=False).rules["dated"]


def test_every_packaged_value_has_url_quote_and_retrieval_date() -> None:
    """url (http or https), the quote that states the figure, and when it was read."""
    for rule in default_rules().rules.values():
        for value in rule.values:
            source, where = value.source, (rule.id, value.in_force_from)
            assert source.url is not None and source.url.startswith(("https://", "http://")), where
            assert source.quote, where
            assert source.retrieved is not None, where
            assert value.in_force_from <= source.retrieved, where


def test_every_packaged_figure_appears_in_its_quote() -> None:
    """The loader checks it; this names the first value that would fail if it stopped."""
    for rule in default_rules().rules.values():
        for value in rule.values:
            assert value.source.quote is not None
            assert figure_in_quote(value.amount, value.source.quote), (rule.id, value.amount)


def test_every_packaged_statistic_applies_from_its_publication() -> None:
    """A published statistic is in force from its publication day, never before."""
    found = 0
    for rule in default_rules().rules.values():
        for value in rule.values:
            if value.published is not None:
                found += 1
                assert value.in_force_from >= value.published, rule.id
    assert found > 900  # every Big Mac survey, and the 87% line


@pytest.mark.parametrize(
    ("amount", "quote", "states"),
    [
        ("26470", "required members to earn at least $26,470", True),
        ("26470", "at least 26470 dollars", True),
        ("27540", "Active Plan | Alternative Days | $27,540 | 106", True),
        ("5.58", "United States,USA,USD,5.58,1,76329.58,76329.58,2023-07-01", True),
        ("450", "Argentina,ARG,ARS,450,105.0165,8489.332", True),
        ("1500", "The monthly minimum wage is RM1,500 effective 1 May 2022.", True),
        ("7.25", "rises to $7.25 an hour", True),
        ("222.00", "minimums up 11% from about $200", False),
        ("26000", "at least $26,470", False),
        ("370", "up to RM1,370", False),
        ("450", "Argentina,ARG,ARS,450,105.0165", True),
        ("200", "no figure at all", False),
    ],
)
def test_figure_in_quote(amount: str, quote: str, states: bool) -> None:
    """A figure is stated when the quote has the same number in the source's formatting."""
    assert figure_in_quote(Decimal(amount), quote) is states


def test_a_quote_that_does_not_state_the_figure_is_a_config_error(tmp_path: Path) -> None:
    """A computed figure (USD 222 from '11% on 200') cannot cite words that do not say it."""
    text = _table(_value("2023-11-09", "222.00", "minimums up 11% from about $200"))
    with pytest.raises(ConfigError, match=r"values\[0\]\.source\.quote: the figure 222\.00"):
        _load(tmp_path, text)


def test_a_statistic_before_its_publication_is_a_config_error(tmp_path: Path) -> None:
    """A survey of 2026-01-01 published on 2026-03-30 cannot be in force on 2026-01-01."""
    text = _table(_value("2026-01-01", "6.12", "USD,6.12", "published = 2026-03-30\n"))
    with pytest.raises(ConfigError, match="before the figure was published"):
        _load(tmp_path, text)


def test_use_last_keeps_the_last_sourced_period_and_says_so(tmp_path: Path) -> None:
    """after_period = 'use-last': past a value's `through` it stays in force, carried forward."""
    values = _value("2021-01-01", "25950", "$25,950", 'period = "2021"\nthrough = 2021-12-31\n')
    rule = _load(tmp_path, _table(values, head='after_period = "use-last"\n'))
    june_2022 = dt.date(2022, 6, 1)
    value = rule.value_on(june_2022)  # type: ignore[attr-defined]
    assert value is not None and value.period == "2021"
    assert rule.carried_forward(value, june_2022)  # type: ignore[attr-defined]
    assert not rule.carried_forward(value, dt.date(2021, 6, 1))  # type: ignore[attr-defined]


def test_none_after_period_leaves_no_value_and_says_why(tmp_path: Path) -> None:
    """after_period = 'none' (the default): past `through` the rule has no value in force."""
    values = _value("2021-01-01", "375", "$375 per quarter", "through = 2022-12-31\n")
    rule = _load(tmp_path, _table(values))
    assert rule.value_on(dt.date(2022, 12, 31)) is not None  # type: ignore[attr-defined]
    assert rule.value_on(dt.date(2023, 1, 1)) is None  # type: ignore[attr-defined]
    reason = rule.not_in_force_reason(dt.date(2023, 1, 1))  # type: ignore[attr-defined]
    assert reason == "no value after 2022-12-31"


def test_packaged_premiums_and_union_rates_end_where_their_sources_do() -> None:
    """2021 premiums end 2022-12-31; union background rates are held only for 2014 and 2016."""
    rules = default_rules().rules
    premium = rules["sag-aftra-premium-participant"]
    assert premium.value_on(dt.date(2022, 6, 1)) is not None
    assert premium.value_on(dt.date(2023, 7, 26)) is None
    background = rules["sag-aftra-background-actor-day"]
    held = [(v.in_force_from, v.amount) for v in background.values]
    assert held == [(dt.date(2014, 7, 1), Decimal("152")), (dt.date(2016, 7, 1), Decimal("162"))]
    assert background.value_on(dt.date(2015, 8, 1)) is None  # the 2015 rate was not found
    assert background.not_in_force_reason(dt.date(2023, 7, 26)) == "no value after 2017-06-30"
